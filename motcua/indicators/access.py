"""Whose figures a viewer reads and writes on the screens (out of scope is 404).

- An officer reads the figures of their agency's unit, of the units under it (a city's
  officers read its wards), and of the units those took over (a ward formed in 2025 reads
  the former district's and former wards' figures: its territory's history, always
  labelled "địa bàn khác").
- Leaders and centre managers of the unit write (import, the entry form, accepting a
  warning, publishing) for their unit and the units under it; the unit's other officers
  read only. A former unit's figures are read-only on the screens.
- A system administrator reads and writes every unit's.
"""

from django.http import Http404

from motcua.accounts.models import Role
from motcua.accounts.scoping import Viewer
from motcua.indicators.models import Value
from motcua.units.models import AdministrativeUnit, UnitSuccession

WRITING_ROLES = frozenset({Role.LEADER, Role.CENTRE_MANAGER, Role.SYSTEM_ADMIN})


def own_unit_ids(viewer: Viewer) -> set[int] | None:
    """The units whose figures the viewer answers for; None: every unit."""
    if not viewer.is_authenticated or not viewer.is_active or not viewer.is_officer:
        return set()
    if viewer.role == Role.SYSTEM_ADMIN:
        return None
    if viewer.agency is None:
        return set()
    unit_id = viewer.agency.unit_id
    below = AdministrativeUnit.objects.filter(parent_id=unit_id).values_list("pk", flat=True)
    return {unit_id, *below}


def predecessor_ids(unit_ids: set[int]) -> set[int]:
    """Every unit the given ones took over, following the chains back."""
    found: set[int] = set()
    frontier = set(unit_ids)
    while frontier:
        earlier = set(
            UnitSuccession.objects.filter(successor_id__in=frontier).values_list(
                "predecessor_id", flat=True
            )
        )
        frontier = earlier - found - unit_ids
        found |= frontier
    return found


def readable_unit_ids(viewer: Viewer) -> set[int] | None:
    own = own_unit_ids(viewer)
    if own is None:
        return None
    return own | predecessor_ids(own)


def can_read(viewer: Viewer, unit: AdministrativeUnit) -> bool:
    ids = readable_unit_ids(viewer)
    return ids is None or unit.pk in ids


def can_write(viewer: Viewer, unit: AdministrativeUnit) -> bool:
    if not viewer.is_authenticated or viewer.role not in WRITING_ROLES:
        return False
    own = own_unit_ids(viewer)
    return own is None or unit.pk in own


def unit_read(*, viewer: Viewer, unit_id: int) -> AdministrativeUnit:
    """The unit whose figures the viewer may read; 404 otherwise."""
    unit = AdministrativeUnit.objects.select_related("parent__parent").filter(pk=unit_id).first()
    if unit is None or not can_read(viewer, unit):
        raise Http404
    return unit


def unit_write(*, viewer: Viewer, unit_id: int) -> AdministrativeUnit:
    """The unit whose figures the viewer may write; 404 when they may not even read them,
    and 404 too for a reader: a page they cannot use does not exist for them."""
    unit = unit_read(viewer=viewer, unit_id=unit_id)
    if not can_write(viewer, unit):
        raise Http404
    return unit


def units_with_figures(*, viewer: Viewer) -> list[AdministrativeUnit]:
    """The units the viewer reads that have figures, and their own, for the unit picker:
    today's first, then the former ones."""
    ids = readable_unit_ids(viewer)
    units = AdministrativeUnit.objects.filter(pk__in=Value.objects.values("unit_id"))
    if ids is not None:
        units = units.filter(pk__in=ids)
    found = {unit.pk: unit for unit in units.select_related("parent")}
    home = home_unit(viewer=viewer)
    if home is not None:
        found.setdefault(home.pk, home)
    return sorted(found.values(), key=lambda u: (u.valid_to is not None, u.level, u.code))


def home_unit(*, viewer: Viewer) -> AdministrativeUnit | None:
    """The unit a viewer's dashboard opens on: their agency's."""
    if viewer.is_authenticated and viewer.agency is not None:
        return viewer.agency.unit
    return None
