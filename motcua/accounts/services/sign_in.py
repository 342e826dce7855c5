"""Sign-in bookkeeping: the log of attempts, and the count of failures that locks an
officer's account for a while (ending its sessions and API tokens)."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from motcua.accounts import lockout
from motcua.accounts.models import SignInAttempt, SignInOutcome, User
from motcua.accounts.services.access import user_access_end
from motcua.core.http import client_ip

logger = logging.getLogger("motcua.accounts")


def request_ip(request: HttpRequest | None) -> str | None:
    """The address the sign-in log and the code limits count; None without a request."""
    return (client_ip(request) or None) if request is not None else None


def sign_in_attempt_record(
    *, request: HttpRequest | None, username: str, user: User | None, outcome: str
) -> None:
    ip_address = request_ip(request)
    SignInAttempt.objects.create(
        at=timezone.now(),
        username=username[:150],
        user=user,
        outcome=outcome,
        ip_address=ip_address,
    )
    routine = outcome in (SignInOutcome.SUCCEEDED, SignInOutcome.CODE_SENT)
    log = logger.info if routine else logger.warning
    log("sign-in %s for %r from %s", outcome, username, ip_address)


def _lock_window() -> timedelta:
    return timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


@transaction.atomic
def sign_in_failure_record(*, user: User, now: datetime) -> bool:
    """Count one failed attempt; True when it locked the account."""
    # Row lock: two wrong passwords at the same instant must both count.
    locked_user = User.objects.select_for_update().get(pk=user.pk)
    state = lockout.after_failure(
        lockout.LockState(
            failures=locked_user.failed_logins,
            failures_since=locked_user.failures_since,
            locked_until=locked_user.locked_until,
        ),
        now=now,
        max_failures=settings.LOGIN_MAX_FAILURES,
        window=_lock_window(),
    )
    User.objects.filter(pk=user.pk).update(
        failed_logins=state.failures,
        failures_since=state.failures_since,
        locked_until=state.locked_until,
    )
    if state.locked_until is None:
        return False
    # Someone is guessing: whoever is signed in as this account, or holds its API
    # tokens, is put out too (the officer signs in again once the lock ends).
    user_access_end(actor=None, user=locked_user, reason="lockout")
    return True


def sign_in_failures_clear(*, user: User) -> None:
    """After a complete sign-in (or an administrator's unlock) the count starts again."""
    User.objects.filter(pk=user.pk).update(failed_logins=0, failures_since=None, locked_until=None)
