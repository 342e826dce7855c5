"""Reads of the accounts app, scoped to what the viewer may see."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_otp import user_has_device

from motcua.accounts.contacts import Contact
from motcua.accounts.models import ApiToken, User, UserKind
from motcua.accounts.scoping import Viewer, get_scoped_object_or_404, scope_to_agencies


def _active_officers() -> QuerySet[User]:
    return User.objects.filter(kind=UserKind.OFFICER, is_active=True).select_related("agency")


def officer_list(*, viewer: Viewer) -> QuerySet[User]:
    """The staff directory: officers of the agencies the viewer may see."""
    officers = scope_to_agencies(_active_officers(), user=viewer)
    return officers.order_by("agency__name", "last_name", "first_name", "username")


def officer_get(*, viewer: Viewer, officer_id: int) -> User:
    return get_scoped_object_or_404(_active_officers(), user=viewer, pk=officer_id)


def has_second_factor(user: User) -> bool:
    return bool(user_has_device(user, confirmed=True))


@dataclass(frozen=True)
class CitizenProfile:
    """What the portal pre-fills e-forms with ("once-only"): blank where unknown."""

    name: str
    personal_id: str
    birth_date: date | None
    phone: str
    email: str
    address: str


def citizen_profile(*, user: User) -> CitizenProfile:
    """The signed-in user's own profile (the user object is the scope: nobody else's)."""
    return CitizenProfile(
        name=user.get_full_name(),
        personal_id=user.personal_id,
        birth_date=user.birth_date,
        phone=user.phone,
        email=user.email,
        address=user.address,
    )


def citizen_by_contact(*, contact: Contact) -> User | None:
    """The citizen account that signs in with this phone or email (officers' contact
    details are never sign-in addresses)."""
    return User.objects.filter(
        kind=UserKind.CITIZEN, **{contact.account_field: contact.address}
    ).first()


def api_tokens_active(*, user: User, now: datetime | None = None) -> QuerySet[ApiToken]:
    """The user's own API tokens that still work, newest first."""
    now = now or timezone.now()
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now)


def api_token_own(*, user: User, token_id: int) -> ApiToken:
    """One of the user's own tokens; 404 for anyone else's."""
    return get_object_or_404(
        ApiToken.objects.select_related("user__agency"), pk=token_id, user=user
    )
