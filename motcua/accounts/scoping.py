"""Who sees which records. Every selector of every app filters through here.

- An officer sees the records of the agency they belong to.
- A centre manager also sees the records of the other agencies of the same administrative
  unit (the ward's people's committee and its departments): the service centre is the one
  front desk of those agencies, and its manager answers for every dossier it receives for
  them. Agencies of other units stay hidden, even though since Decree 118/2025 the centre
  may receive dossiers from anywhere in the province: those dossiers belong to their
  competent agency.
- A system administrator sees everything.
- A citizen sees only records they own (`owner_field`), never records by agency.
- Anonymous visitors, inactive accounts and officers without an agency see nothing.

Out of scope means "does not exist": views answer 404, never 403.
"""

from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404

from motcua.accounts.models import Role, User
from motcua.units.models import Agency

M = TypeVar("M", bound=Model)

# Whom a selector reads for: a signed-in user or an anonymous visitor (`request.user`).
Viewer = User | AnonymousUser


def visible_agency_ids(user: Viewer) -> set[int] | None:
    """The ids of the agencies whose records `user` may see; None means every agency."""
    if not user.is_authenticated or not user.is_active or not user.is_officer:
        return set()
    if user.role == Role.SYSTEM_ADMIN:
        return None
    if user.agency_id is None:
        return set()
    if user.role == Role.CENTRE_MANAGER and user.agency is not None:
        same_unit = Agency.objects.filter(unit_id=user.agency.unit_id)
        return set(same_unit.values_list("id", flat=True))
    return {user.agency_id}


def can_see_agency(user: Viewer, agency_id: int) -> bool:
    ids = visible_agency_ids(user)
    return ids is None or agency_id in ids


def scope_to_agencies(
    queryset: QuerySet[M],
    *,
    user: Viewer,
    agency_field: str = "agency",
    owner_field: str | None = None,
) -> QuerySet[M]:
    """The rows of `queryset` that `user` may see.

    `agency_field` is the lookup path to the agency a record belongs to (e.g. "agency" or
    "procedure__agency"); `owner_field` the path to the citizen who owns it, for records
    citizens may see.
    """
    if user.is_authenticated and user.is_active and user.is_citizen:
        return queryset.filter(**{owner_field: user}) if owner_field else queryset.none()
    ids = visible_agency_ids(user)
    if ids is None:
        return queryset
    if not ids:
        return queryset.none()
    return queryset.filter(**{f"{agency_field}__in": ids})


def get_scoped_object_or_404(
    queryset: QuerySet[M],
    *,
    user: Viewer,
    agency_field: str = "agency",
    owner_field: str | None = None,
    **lookups: Any,
) -> M:
    """Like get_object_or_404, but a record out of the user's scope does not exist."""
    scoped = scope_to_agencies(
        queryset, user=user, agency_field=agency_field, owner_field=owner_field
    )
    return get_object_or_404(scoped, **lookups)
