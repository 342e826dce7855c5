"""Reads of the indicators' screens: the dashboard of a unit and period, the drill-down into
a total, and the units before and after the 2025 reform ("địa bàn khác").

Scope is checked by the caller with `access.unit_read`: these read a unit already allowed.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from motcua.accounts.scoping import Viewer
from motcua.indicators import access
from motcua.indicators.charts import Point, bar_option, describe
from motcua.indicators.models import Indicator, Publication, ValidationWarning, Value
from motcua.indicators.numbers import format_number
from motcua.indicators.periods import Period
from motcua.indicators.selectors import (
    IndicatorFigures,
    TargetSetSummary,
    open_warnings,
    target_set_summaries,
    territory_changed,
    unit_figures,
    walk,
)
from motcua.indicators.wording import FigureKind
from motcua.units.models import AdministrativeUnit
from motcua.units.selectors import current_successors, today

TREND_YEARS = 5


@dataclass
class Card:
    item: IndicatorFigures
    chart: dict[str, Any]

    @property
    def dom_id(self) -> str:
        return f"mc-chart-{self.item.indicator.pk}"

    @property
    def remainder(self) -> Decimal | None:
        """What the components leave of the total ("khác"), when they do not add up."""
        value = self.item.figures.value
        parts = [c.figures.value for c in self.item.components]
        if value is None or not parts or None in parts:
            return None
        gap = value - sum(p for p in parts if p is not None)
        return gap or None


@dataclass
class OtherUnit:
    """A unit before or after the reform: its figures are another territory's."""

    unit: AdministrativeUnit
    readable: bool
    whole: bool = True


@dataclass
class Dashboard:
    unit: AdministrativeUnit
    year: int
    period: Period
    cards: list[Card]
    summaries: list[TargetSetSummary]
    warnings: list[ValidationWarning]
    territory_changed: bool
    successors: list[OtherUnit]
    predecessors: list[OtherUnit]
    publication: Publication | None
    years: list[int] = field(default_factory=list)

    @property
    def errors(self) -> list[ValidationWarning]:
        return [w for w in self.warnings if w.severity == "error"]

    @property
    def period_label(self) -> str:
        return self.period.label(self.year)


def unit_years(*, unit: AdministrativeUnit) -> list[int]:
    """The years the unit has figures for, latest first."""
    years = Value.objects.filter(unit=unit).values_list("year", flat=True).distinct()
    return sorted(set(years), reverse=True)


def default_year(*, unit: AdministrativeUnit) -> int:
    years = unit_years(unit=unit)
    return years[0] if years else today().year


def trends(
    *, unit: AdministrativeUnit, period: Period, year: int, indicator_ids: list[int]
) -> dict[int, dict[int, Value]]:
    """For each indicator, its current actual (else estimate) of each of the last years:
    `selectors.indicator_series` for many indicators in one query."""
    rows = Value.objects.filter(
        unit=unit,
        period=period.code,
        indicator_id__in=indicator_ids,
        year__in=range(year - TREND_YEARS + 1, year + 1),
        figure__in=[FigureKind.ESTIMATE, FigureKind.ACTUAL],
    ).order_by("year", "entered_at", "pk")
    series: dict[int, dict[int, Value]] = {}
    actual: set[tuple[int, int]] = set()
    for value in rows:
        key = (value.indicator_id, value.year)
        if value.figure == FigureKind.ACTUAL:
            actual.add(key)
        elif key in actual:
            continue
        series.setdefault(value.indicator_id, {})[value.year] = value
    return series


def trend_chart(
    item: IndicatorFigures, series: dict[int, Value], year: int, changed: bool
) -> dict[str, Any]:
    """A bar per year; the year before, when the system has no figure of its own for it,
    from the "cùng kỳ" figure given with this year's (marked as another territory when
    the unit did not exist then)."""
    indicator = item.indicator
    points = [
        Point(str(y), v.number, estimate=v.figure == FigureKind.ESTIMATE)
        for y, v in sorted(series.items())
    ]
    if year - 1 not in series and item.figures.same_period is not None:
        points.insert(0, Point(str(year - 1), item.figures.same_period, other_territory=changed))
    plan = (str(year), item.figures.plan) if item.figures.plan is not None else None
    text = describe(points, indicator.unit_of_measure, indicator.decimals)
    shown = plan is not None and str(year) in [p.label for p in points]
    if plan is not None and shown:
        text += f"; {_('Kế hoạch')} {year}: {format_number(plan[1], indicator.decimals)}"
    return bar_option(
        points=points,
        decimals=indicator.decimals,
        description=f"{indicator.name}: {text}",
        plan=plan if shown else None,
        series_name=indicator.unit_of_measure,
        plan_name=_("Kế hoạch"),
    )


def components_chart(item: IndicatorFigures) -> dict[str, Any]:
    """The total's components for the period, with what they leave as "Khác"."""
    points = [Point(c.indicator.name, c.figures.value) for c in item.components]
    gap = Card(item, {}).remainder
    if gap is not None:
        points.append(Point(_("Khác (chênh lệch)"), gap, other_territory=True))
    indicator = item.indicator
    text = describe(points, indicator.unit_of_measure, indicator.decimals)
    return bar_option(
        points=points,
        decimals=indicator.decimals,
        description=f"{indicator.name}: {text}",
        series_name=indicator.unit_of_measure,
        horizontal=True,
    )


def other_units(
    *, viewer: Viewer, unit: AdministrativeUnit
) -> tuple[list[OtherUnit], list[OtherUnit]]:
    """The units that took over a former unit, and the units a new one took over (those
    with figures): both read as another territory."""
    readable_ids = access.readable_unit_ids(viewer)

    def readable(other: AdministrativeUnit) -> bool:
        return readable_ids is None or other.pk in readable_ids

    successors: list[OtherUnit] = []
    if unit.valid_to is not None and unit.valid_to < today():
        successors = [
            OtherUnit(s.unit, readable(s.unit), s.kind == "whole")
            for s in current_successors(unit=unit)
            if s.unit.pk != unit.pk
        ]
    earlier = access.predecessor_ids({unit.pk})
    with_figures = AdministrativeUnit.objects.filter(pk__in=earlier).filter(
        pk__in=Value.objects.values("unit_id")
    )
    predecessors = [OtherUnit(u, readable(u)) for u in with_figures.order_by("level", "code")]
    return successors, predecessors


def dashboard(*, viewer: Viewer, unit: AdministrativeUnit, year: int, period: Period) -> Dashboard:
    items = unit_figures(unit=unit, year=year, period=period)
    changed = territory_changed(unit=unit, year=year, period=period)
    series = trends(
        unit=unit, period=period, year=year, indicator_ids=[i.indicator.pk for i in items]
    )
    cards = [
        Card(item, trend_chart(item, series.get(item.indicator.pk, {}), year, changed))
        for item in items
    ]
    successors, predecessors = other_units(viewer=viewer, unit=unit)
    return Dashboard(
        unit=unit,
        year=year,
        period=period,
        cards=cards,
        summaries=target_set_summaries(unit=unit, items=items),
        warnings=list(open_warnings(unit=unit, year=year, period=period)),
        territory_changed=changed,
        successors=successors,
        predecessors=predecessors,
        publication=latest_publication(unit=unit, year=year, period=period),
        years=unit_years(unit=unit),
    )


def latest_publication(
    *, unit: AdministrativeUnit, year: int, period: Period
) -> Publication | None:
    return (
        Publication.objects.filter(unit=unit, year=year, period=period.code)
        .select_related("published_by")
        .first()
    )


@dataclass
class Drill:
    """One indicator of a unit and period: its components, history and the same
    indicator in the units that took the territory over."""

    card: Card
    parts_chart: dict[str, Any] | None
    components: list[Card]
    history: QuerySet[Value]
    successors: list[tuple[OtherUnit, dict[int, Value]]]


def find(items: list[IndicatorFigures], indicator: Indicator) -> IndicatorFigures | None:
    return next((i for i in walk(items) if i.indicator.pk == indicator.pk), None)


def drill(
    *, viewer: Viewer, unit: AdministrativeUnit, year: int, period: Period, indicator_id: int
) -> Drill | None:
    """None when the unit has no figure of that indicator for the period."""
    items = unit_figures(unit=unit, year=year, period=period)
    item = next((i for i in walk(items) if i.indicator.pk == indicator_id), None)
    if item is None:
        return None
    changed = territory_changed(unit=unit, year=year, period=period)
    ids = [item.indicator.pk, *[c.indicator.pk for c in item.components]]
    series = trends(unit=unit, period=period, year=year, indicator_ids=ids)

    def card(of: IndicatorFigures) -> Card:
        return Card(of, trend_chart(of, series.get(of.indicator.pk, {}), year, changed))

    history = (
        Value.objects.filter(
            unit=unit, year=year, period=period.code, indicator_id=item.indicator.pk
        )
        .select_related("entered_by")
        .order_by("-entered_at", "-pk")
    )
    successors, _predecessors = other_units(viewer=viewer, unit=unit)
    later = range(year, today().year + 1)
    successor_series = [
        (other, _series_of(item.indicator, other.unit, period, later))
        for other in successors
        if other.readable
    ]
    return Drill(
        card=card(item),
        parts_chart=components_chart(item) if item.components else None,
        components=[card(c) for c in item.components],
        history=history,
        successors=successor_series,
    )


def _series_of(
    indicator: Indicator, unit: AdministrativeUnit, period: Period, years: range
) -> dict[int, Value]:
    found = trends(unit=unit, period=period, year=years.stop - 1, indicator_ids=[indicator.pk]).get(
        indicator.pk, {}
    )
    return {y: v for y, v in found.items() if y in years}


def warning_get(*, unit: AdministrativeUnit, warning_id: int) -> ValidationWarning | None:
    return ValidationWarning.objects.filter(unit=unit, pk=warning_id).first()
