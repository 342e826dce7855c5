"""Ending access: officers' API tokens (issued, revoked, checked) and the sessions of an
account, ended all at once by bumping its `session_epoch`.

Sessions and tokens end together on lockout, deactivation and "sign out everywhere"
(`user_access_end`); a new password ends the other sessions (Django) and the tokens.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from motcua.accounts.api_token_codes import looks_like_token, needs_touch, token_digest, token_new
from motcua.accounts.models import ApiToken, User, UserKind
from motcua.accounts.roles import SUPERUSER_ROLES
from motcua.core.audit import audit_record


@dataclass(frozen=True)
class IssuedToken:
    token: str  # shown once, never stored
    api_token: ApiToken


def api_token_lifetime() -> timedelta:
    return timedelta(hours=settings.API_TOKEN_HOURS)


@transaction.atomic
def api_token_issue(*, user: User, label: str = "", now: datetime | None = None) -> IssuedToken:
    """A new token for the officer `user` (who asks for it), valid API_TOKEN_HOURS."""
    if not (user.is_officer and user.is_active):
        raise PermissionDenied
    now = now or timezone.now()
    token = token_new()
    api_token = ApiToken.objects.create(
        user=user,
        label=label.strip()[:100],
        token_hash=token_digest(token),
        created_at=now,
        expires_at=now + api_token_lifetime(),
    )
    audit_record(
        actor=user,
        action="api_token.issue",
        target=api_token,
        agency=user.agency,
        payload={"expires_at": api_token.expires_at},
    )
    return IssuedToken(token=token, api_token=api_token)


def _active(now: datetime) -> Q:
    return Q(revoked_at__isnull=True, expires_at__gt=now)


@transaction.atomic
def api_token_revoke(*, actor: User, api_token: ApiToken) -> None:
    """Revoke one token: its officer's own, or any for the system administrator."""
    if api_token.user_id != actor.pk and actor.role not in SUPERUSER_ROLES:
        raise PermissionDenied
    now = timezone.now()
    if not ApiToken.objects.filter(pk=api_token.pk, revoked_at__isnull=True).update(revoked_at=now):
        return  # already revoked: nothing happened, nothing to record
    api_token.revoked_at = now
    audit_record(
        actor=actor, action="api_token.revoke", target=api_token, agency=api_token.user.agency
    )


@transaction.atomic
def api_tokens_revoke_all(*, actor: User | None, user: User, reason: str) -> int:
    """Revoke every unexpired token of `user`; how many. `actor` None is the system."""
    now = timezone.now()
    revoked = ApiToken.objects.filter(_active(now), user=user).update(revoked_at=now)
    if revoked:
        audit_record(
            actor=actor,
            action="api_token.revoke_all",
            target=user,
            agency=user.agency,
            reason=reason,
            payload={"tokens": revoked},
        )
    return revoked


@transaction.atomic
def user_access_end(*, actor: User | None, user: User, reason: str) -> int:
    """End every session of `user` (each is logged out on its next request) and revoke
    their tokens. Returns the new session epoch, also set on `user`."""
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.session_epoch = User.objects.values_list("session_epoch", flat=True).get(pk=user.pk)
    tokens = api_tokens_revoke_all(actor=actor, user=user, reason=reason)
    audit_record(
        actor=actor,
        action="account.sessions_end",
        target=user,
        agency=user.agency,
        reason=reason,
        payload={"tokens": tokens},
    )
    return user.session_epoch


def api_token_user(*, token: str, now: datetime | None = None) -> User | None:
    """The active officer a token belongs to, if it is known, unrevoked and unexpired."""
    if not looks_like_token(token):
        return None
    now = now or timezone.now()
    api_token = (
        ApiToken.objects.filter(
            _active(now),
            token_hash=token_digest(token),
            user__is_active=True,
            user__kind=UserKind.OFFICER,
        )
        .select_related("user__agency")
        .first()
    )
    if api_token is None:
        return None
    if needs_touch(api_token.last_used_at, now):
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
    return api_token.user
