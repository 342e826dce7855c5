"""Sign-in lockout arithmetic. No Django here: the service applies it under a row lock.

`max_failures` failures within `window` of the first one lock the account for `window`.
While locked, attempts are refused without being counted, so the lock ends on time.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class LockState:
    failures: int = 0
    failures_since: datetime | None = None
    locked_until: datetime | None = None


def after_failure(
    state: LockState, *, now: datetime, max_failures: int, window: timedelta
) -> LockState:
    """The state after one more failed attempt at `now`."""
    if state.failures_since is None or now - state.failures_since > window:
        # The earlier failures are too old to count together with this one.
        state = LockState(failures=0, failures_since=now)
    failures = state.failures + 1
    if failures >= max_failures:
        return LockState(locked_until=now + window)
    return LockState(failures=failures, failures_since=state.failures_since)
