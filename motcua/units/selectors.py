"""Reads of administrative units: always by (code, date), never by code alone."""

from dataclasses import dataclass
from datetime import date, timedelta
from threading import Lock

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.formatting import short_date
from motcua.core.tz import VN_TZ
from motcua.units.addresses import Place, PlaceIndex
from motcua.units.errors import PlaceNotFound, UnitLookupError, UnitNotFound
from motcua.units.models import (
    AdministrativeUnit,
    Agency,
    SuccessionKind,
    UnitLevel,
    UnitSuccession,
)

# Enough to print a full name (commune, district, province) without a query per level.
WITH_ANCESTORS = ("parent__parent",)


def valid_on(on_date: date) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=on_date)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=on_date)
    )


def today() -> date:
    """Today in Vietnam: calendar rules follow Vietnamese dates, not the server's."""
    return timezone.localdate(timezone=VN_TZ)


def unit_on(*, code: str, on_date: date, level: UnitLevel | None = None) -> AdministrativeUnit:
    """The unit that `code` named on `on_date`: 00637 is Trung Văn in 2024, Đại Mỗ since 7/2025."""
    units = AdministrativeUnit.objects.filter(valid_on(on_date), code=code.strip())
    if level is not None:
        units = units.filter(level=level)
    found = list(units.select_related(*WITH_ANCESTORS)[:2])
    if not found:
        raise UnitNotFound(
            _("Không có đơn vị hành chính mã %(code)s vào ngày %(date)s.")
            % {"code": code, "date": short_date(on_date)}
        )
    if len(found) > 1:
        raise UnitLookupError(
            _("Mã %(code)s chỉ nhiều đơn vị vào ngày %(date)s: hãy chọn cấp.")
            % {"code": code, "date": short_date(on_date)}
        )
    return found[0]


def unit_get(*, pk: int) -> AdministrativeUnit:
    try:
        return AdministrativeUnit.objects.select_related(*WITH_ANCESTORS).get(pk=pk)
    except AdministrativeUnit.DoesNotExist as error:
        raise UnitNotFound(_("Không có đơn vị hành chính này.")) from error


def unit_reference_date(*, unit: AdministrativeUnit) -> date:
    """The date to show a unit on when none is asked: today, or its last day if it has ended."""
    current = today()
    if unit.is_valid_on(current):
        return current
    if unit.valid_to is not None and unit.valid_to < current:
        return unit.valid_to
    return unit.valid_from or current


def unit_children_on(*, unit: AdministrativeUnit, on_date: date) -> QuerySet[AdministrativeUnit]:
    return unit.children.filter(valid_on(on_date)).order_by("code")


def unit_successions(*, unit: AdministrativeUnit) -> QuerySet[UnitSuccession]:
    """The direct successors of a unit: where its territory went, with the legal basis."""
    return unit.successions.select_related("successor__parent__parent").order_by(
        "effective_date", "successor__code"
    )


def unit_predecessions(*, unit: AdministrativeUnit) -> QuerySet[UnitSuccession]:
    """The direct predecessors of a unit: what it was formed from."""
    return unit.predecessions.select_related("predecessor__parent__parent").order_by(
        "effective_date", "predecessor__code"
    )


# Units reached while following successions, by primary key, with how they were taken over.
_Reached = dict[int, tuple[AdministrativeUnit, SuccessionKind]]


@dataclass(frozen=True)
class Successor:
    unit: AdministrativeUnit
    kind: SuccessionKind  # PART as soon as one step of the chain is partial


def current_successors(*, unit: AdministrativeUnit, on_date: date | None = None) -> list[Successor]:
    """The units valid today (or on `on_date`) that took over `unit`, following chains.

    A unit still valid is its own successor. More than one successor means the old unit was
    split: which one applies to an address is for a person to decide.
    """
    on_date = on_date or today()
    frontier: _Reached = {unit.pk: (unit, SuccessionKind.WHOLE)}
    found: _Reached = {}
    seen: set[int] = set()
    while frontier:
        seen.update(frontier)
        edges = list(
            UnitSuccession.objects.filter(predecessor_id__in=frontier).select_related(
                "successor__parent__parent"
            )
        )
        reached: _Reached = {}
        for edge in edges:
            kind_so_far = frontier[edge.predecessor_id][1]
            kind = kind_so_far if edge.kind == SuccessionKind.WHOLE else SuccessionKind.PART
            if edge.successor_id not in seen:
                _keep_widest(reached, edge.successor, kind)
        ended = {edge.predecessor_id for edge in edges}
        for pk, (candidate, kind) in frontier.items():
            if pk not in ended and candidate.is_valid_on(on_date):
                _keep_widest(found, candidate, kind)
        frontier = reached
    successors = [Successor(unit=unit, kind=kind) for unit, kind in found.values()]
    return sorted(successors, key=lambda s: s.unit.code)


def _keep_widest(into: _Reached, unit: AdministrativeUnit, kind: SuccessionKind) -> None:
    """A unit reached by two paths was taken over whole if any one path carried it whole."""
    if unit.pk not in into or kind == SuccessionKind.WHOLE:
        into[unit.pk] = (unit, kind)


@dataclass(frozen=True)
class ResolvedUnit:
    unit: AdministrativeUnit
    successors: list[Successor]
    # The first day the unit no longer existed, when the address was read on a later date.
    dissolved_since: date | None = None

    @property
    def is_split(self) -> bool:
        return len(self.successors) > 1

    @property
    def dissolved_notice(self) -> str:
        """'Phường Trung Văn đã giải thể/sáp nhập từ 01/07/2025; nay thuộc: …' — the
        answer for an old address, in place of "not found"."""
        if self.dissolved_since is None:
            return ""
        units = ", ".join(
            _("%(name)s (mã %(code)s)") % {"name": s.unit.name, "code": s.unit.code}
            for s in self.successors
        )
        values = {"name": self.unit.name, "date": short_date(self.dissolved_since)}
        if not units:
            return _("%(name)s đã giải thể/sáp nhập từ %(date)s.") % values
        return _("%(name)s đã giải thể/sáp nhập từ %(date)s; nay thuộc: %(units)s.") % {
            **values,
            "units": units,
        }


@dataclass(frozen=True)
class Resolution:
    text: str
    on_date: date
    matches: list[ResolvedUnit]
    leftover: str  # what is left of the names: street, house number

    @property
    def has_split(self) -> bool:
        return any(match.is_split for match in self.matches)

    @property
    def is_ambiguous(self) -> bool:
        return len(self.matches) > 1 or self.has_split


_index_lock = Lock()
_index: tuple[tuple[int, int | None], PlaceIndex] | None = None


def place_index() -> PlaceIndex:
    """Every unit's names in memory, built once per process and rebuilt when units change."""
    global _index
    stamp = AdministrativeUnit.objects.aggregate(count=Count("id"), last=Max("id"))
    fingerprint = (stamp["count"], stamp["last"])
    with _index_lock:
        if _index is None or _index[0] != fingerprint:
            _index = (fingerprint, _build_index())
        return _index[1]


def _build_index() -> PlaceIndex:
    rows = AdministrativeUnit.objects.values_list(
        "id", "level", "name", "parent_id", "valid_from", "valid_to"
    )
    parent_of = {pk: parent for pk, _, _, parent, _, _ in rows}

    def ancestors(pk: int) -> tuple[int, ...]:
        chain = []
        parent = parent_of.get(pk)
        while parent is not None:
            chain.append(parent)
            parent = parent_of.get(parent)
        return tuple(chain)

    return PlaceIndex(
        Place(key=pk, level=level, name=name, ancestors=ancestors(pk), valid_from=vf, valid_to=vt)
        for pk, level, name, _, vf, vt in rows
    )


def address_resolve(*, text: str, on_date: date) -> Resolution:
    """The unit a written address names on a date, and what has taken it over since.

    Several matching units, or one unit split among several successors, make the result
    ambiguous: every candidate is returned, none is chosen silently.
    """
    index = place_index()
    parse = index.parse(text, on_date)
    # An address written before a reform names units that have ended since: found on
    # their last day, answered with what took them over.
    parse = index.parse_earlier(text, on_date, than=parse) or parse
    if not parse.places:
        raise PlaceNotFound(
            _("Không tìm thấy địa danh “%(text)s” vào ngày %(date)s.")
            % {"text": text.strip(), "date": short_date(on_date)}
        )
    units = AdministrativeUnit.objects.select_related(*WITH_ANCESTORS).in_bulk(
        [place.key for place in parse.places]
    )
    matches = [
        ResolvedUnit(
            unit=unit,
            successors=current_successors(unit=unit),
            dissolved_since=_end_before(unit, on_date),
        )
        for unit in sorted(units.values(), key=lambda u: (u.level, u.code))
    ]
    return Resolution(text=text, on_date=on_date, matches=matches, leftover=parse.leftover)


def _end_before(unit: AdministrativeUnit, on_date: date) -> date | None:
    """The first day `unit` no longer existed, if that is on or before `on_date`."""
    if unit.valid_to is None or unit.valid_to >= on_date:
        return None
    return unit.valid_to + timedelta(days=1)


def province_id_of(*, agency: Agency) -> int:
    """The province (level 1 unit) the agency serves in."""
    unit = agency.unit
    while unit.level != UnitLevel.PROVINCE and unit.parent is not None:
        unit = unit.parent
    return unit.pk


def province_agencies(*, province_id: int) -> QuerySet[Agency]:
    """Active agencies of the province itself and of its units (wards; districts before
    7/2025 and their communes)."""
    return Agency.objects.filter(
        Q(unit_id=province_id)
        | Q(unit__parent_id=province_id)
        | Q(unit__parent__parent_id=province_id),
        is_active=True,
    )
