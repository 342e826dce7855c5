"""Reads of the accounts app, scoped to what the viewer may see."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django_otp import user_has_device

from motcua.accounts.contacts import Contact
from motcua.accounts.models import User, UserKind
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
