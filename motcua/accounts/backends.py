"""Password sign-in with lockout after repeated failures, for every sign-in form (ours,
the admin's, the portal's) since they all go through `authenticate()`."""

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.hashers import make_password
from django.http import HttpRequest
from django.utils import timezone
from django_otp import user_has_device

from motcua.accounts.contacts import InvalidContact, parse_contact
from motcua.accounts.models import SignInOutcome, User
from motcua.accounts.selectors import citizen_by_contact
from motcua.accounts.services.sign_in import (
    sign_in_attempt_record,
    sign_in_failure_record,
    sign_in_failures_clear,
)
from motcua.core.http import client_ip
from motcua.core.ratelimit import rate_allowed, rate_exceeded


def _account_named(username: str) -> User | None:
    """By username; else a citizen by the phone or email they sign in with (their
    username is random and never typed)."""
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    try:
        return citizen_by_contact(contact=parse_contact(username))
    except InvalidContact:
        return None


def _limit(request: HttpRequest) -> dict[str, Any]:
    return {
        "scope": "sign-in-failure",
        "who": client_ip(request),
        "limit": settings.SIGN_IN_RATE_LIMIT,
        "per_seconds": 600,
    }


def sign_in_throttled(request: HttpRequest) -> bool:
    return rate_exceeded(**_limit(request))


def sign_in_failed_from(request: HttpRequest | None) -> None:
    if request is not None:
        rate_allowed(**_limit(request))


class LockoutModelBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        username = username or kwargs.get(User.USERNAME_FIELD)
        if not username or password is None:
            return None
        if request is not None and sign_in_throttled(request):
            # Many failures from one address, whatever the usernames: guessing, not
            # forgetting. Successes do not count: a ward office signs in behind one address.
            request.sign_in_throttled = True  # type: ignore[attr-defined]
            make_password(password)
            return None
        now = timezone.now()
        user = _account_named(username)
        if user is None or user.is_locked(now):
            # Hash anyway: an unknown or locked account must not answer faster.
            make_password(password)
            outcome = SignInOutcome.UNKNOWN_USER if user is None else SignInOutcome.LOCKED
            sign_in_attempt_record(request=request, username=username, user=user, outcome=outcome)
            sign_in_failed_from(request)
            return None
        if not user.check_password(password):
            locked = sign_in_failure_record(user=user, now=now)
            outcome = SignInOutcome.LOCKED_NOW if locked else SignInOutcome.BAD_PASSWORD
            sign_in_attempt_record(request=request, username=username, user=user, outcome=outcome)
            sign_in_failed_from(request)
            return None
        if not self.user_can_authenticate(user):
            sign_in_attempt_record(
                request=request, username=username, user=user, outcome=SignInOutcome.INACTIVE
            )
            return None
        # With a second factor the count is cleared only once the code is right, so that
        # someone holding the password cannot guess codes without ever being locked out.
        if not user_has_device(user, confirmed=True):
            sign_in_failures_clear(user=user)
        return user

    def get_user(self, user_id: Any) -> User | None:
        # The officer's agency with the user, once per request: the header and every
        # service read it.
        user = User.objects.select_related("agency").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
