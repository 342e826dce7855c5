"""Rate limits every process of the site shares: a row per client and time window, counted
in one statement (a process-local cache would let N workers allow N times the limit)."""

import time
from datetime import datetime, timedelta

from django.utils import timezone

from motcua.core.models import RateCounter
from motcua.core.sequences import row_add


def _key(scope: str, who: str, per_seconds: int) -> str:
    return f"{scope}:{who}:{int(time.time() // per_seconds)}"[:200]


def rate_exceeded(*, scope: str, who: str, limit: int, per_seconds: int) -> bool:
    """Whether `who` has used up `limit` tries in the current window, counting none."""
    counter = RateCounter.objects.filter(key=_key(scope, who, per_seconds)).first()
    return counter is not None and counter.count >= limit


def rate_allowed(*, scope: str, who: str, limit: int, per_seconds: int) -> bool:
    """Count one try of `who` in `scope`; False beyond `limit` tries in the current window
    of `per_seconds`."""
    expires = timezone.now() + timedelta(seconds=per_seconds)
    tries = row_add(
        RateCounter,
        key=_key(scope, who, per_seconds),
        column="count",
        step=1,
        insert={"expires_at": expires},
    )
    return tries <= limit


def rate_counters_prune(*, now: datetime) -> int:
    """Delete the counters of windows that have ended; returns how many."""
    deleted, _by_model = RateCounter.objects.filter(expires_at__lt=now).delete()
    return deleted
