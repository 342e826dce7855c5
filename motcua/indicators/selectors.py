"""Reads of indicators, targets and figures (for the report, the checks and the screens).

The unit is a unit *version* (`units.AdministrativeUnit` row): a former district's figures
stay its own, and a ward formed in 2025 inherits nothing. `unit_figures` is what every
consumer should read: for each indicator of a unit and period, the current figure (the
actual when there is one, else the estimate), the plan, the same period (last year's
actual when the system has it, else the "cùng kỳ" figure given with this year's), the
percentages as given, and the targets on it with their status.

For the screens: `unit_figures` (cards, drill-down through `components`),
`target_set_summaries` (counts per target set), `indicator_series` (trends over years),
`open_warnings` / `blocking_errors` (what stops publishing), `territory_changed` (label a
comparison across the 2025 reform "different territory"; the wards that succeeded a former
district are `motcua.units.selectors.current_successors`).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet

from motcua.core.text import fold
from motcua.indicators.checks import Item
from motcua.indicators.figures import Counts, Figures, Rule, Status, count, status
from motcua.indicators.models import (
    Assigner,
    Indicator,
    IndicatorKind,
    Target,
    TargetSet,
    ValidationWarning,
    Value,
)
from motcua.indicators.periods import YEAR, Period
from motcua.indicators.wording import FigureKind
from motcua.units.models import AdministrativeUnit

# (indicator id, figure kind) → the latest figure of that key.
Latest = dict[tuple[int, str], Value]


def current_values(*, unit: AdministrativeUnit, year: int, period: Period) -> Latest:
    """The latest figure of each indicator and kind: earlier ones are history."""
    latest: Latest = {}
    rows = Value.objects.filter(unit=unit, year=year, period=period.code).order_by(
        "entered_at", "pk"
    )
    for value in rows:
        latest[(value.indicator_id, value.figure)] = value
    return latest


ASSIGNER_ORDER = list(Assigner.values)  # the city, the council, the committee


@dataclass
class TargetStatus:
    target: Target
    status: Status


@dataclass
class IndicatorFigures:
    indicator: Indicator
    figures: Figures
    figure_kind: FigureKind  # which figure `figures.value` is: the actual or the estimate
    used: Value | None  # the row the figure comes from (its source, who and when)
    targets: list[TargetStatus] = field(default_factory=list)
    components: list["IndicatorFigures"] = field(default_factory=list)
    # A month, a quarter, six or nine months against the year's plan: progress, not a verdict.
    part_year: bool = False

    @property
    def section_key(self) -> str:
        """The section the indicator is read under: 'KINH TẾ' and 'Kinh tế' are one."""
        return " ".join(fold(self.indicator.section).split())

    @property
    def plan_name(self) -> str:
        name = self.targets[0].target.effective_plan_name if self.targets else "kế hoạch"
        return f"{name} năm" if self.part_year else name

    @property
    def rule(self) -> Rule | None:
        return Rule(self.targets[0].target.rule) if self.targets else None

    @property
    def status(self) -> Status:
        return self.targets[0].status if self.targets else Status.UNKNOWN


def _figures(
    indicator: Indicator, now: Latest, last_year: Latest, targets: list[Target]
) -> tuple[Figures, FigureKind, Value | None]:
    key = indicator.pk
    used = now.get((key, FigureKind.ACTUAL)) or now.get((key, FigureKind.ESTIMATE))
    kind = FigureKind(used.figure) if used is not None else FigureKind.ESTIMATE
    plan = now.get((key, FigureKind.PLAN))
    same = last_year.get((key, FigureKind.ACTUAL)) or now.get((key, FigureKind.SAME_PERIOD))
    plan_number = plan.number if plan is not None else None
    if plan_number is None and targets:
        plan_number = targets[0].plan_value
    figures = Figures(
        value=used.number if used is not None else None,
        plan=plan_number,
        same_period=same.number if same is not None else None,
        given_percent_of_plan=used.given_percent_of_plan if used is not None else None,
        given_ratio_to_same_period=(used.given_ratio_to_same_period if used is not None else None),
    )
    return figures, kind, used


def unit_figures(*, unit: AdministrativeUnit, year: int, period: Period) -> list[IndicatorFigures]:
    """The unit's indicators for the period, totals first with their components nested,
    in the order of the sheet they came from."""
    now = current_values(unit=unit, year=year, period=period)
    last_year = current_values(unit=unit, year=year - 1, period=period)
    targets: dict[int, list[Target]] = defaultdict(list)
    for target in Target.objects.filter(
        target_set__unit=unit, target_set__year=year
    ).select_related("target_set"):
        targets[target.indicator_id].append(target)
    for own in targets.values():  # the city's first, as sheets and reports list them
        own.sort(key=lambda target: ASSIGNER_ORDER.index(target.target_set.assigner))
    ids = {indicator_id for indicator_id, _kind in now} | set(targets)
    # Targets are assigned for the year: a part of it is judged only when the year closes.
    part_year = period != YEAR
    # With the totals of indicators that have figures: a component is read under its total.
    with_totals = Q(pk__in=ids) | Q(components__pk__in=ids)
    indicators = list(Indicator.objects.filter(with_totals).distinct())
    built: dict[int, IndicatorFigures] = {}
    for indicator in sorted(indicators, key=lambda i: (i.position, i.code)):
        own = targets.get(indicator.pk, [])
        figures, kind, used = _figures(indicator, now, last_year, own)
        built[indicator.pk] = IndicatorFigures(
            indicator=indicator,
            figures=figures,
            figure_kind=kind,
            used=used,
            targets=[
                TargetStatus(t, Status.UNKNOWN if part_year else status(Rule(t.rule), figures))
                for t in own
            ],
            part_year=part_year,
        )
    top: list[IndicatorFigures] = []
    for item in built.values():
        parent = built.get(item.indicator.parent_id or 0)
        (parent.components if parent is not None else top).append(item)
    # Indicators are shared: one first imported from another unit's sheet keeps that
    # sheet's place, so a section's indicators are brought together where it first appears.
    sections: dict[str, int] = {}
    for item in top:
        sections.setdefault(item.section_key, len(sections))
    return sorted(top, key=lambda item: sections[item.section_key])


def walk(items: list[IndicatorFigures]) -> list[IndicatorFigures]:
    """Every indicator of the tree, totals before their components."""
    flat: list[IndicatorFigures] = []
    for item in items:
        flat.extend([item, *walk(item.components)])
    return flat


@dataclass
class TargetSetSummary:
    target_set: TargetSet
    counts: Counts
    rows: list[tuple[IndicatorFigures, Status]]

    @property
    def not_met(self) -> list[IndicatorFigures]:
        return [item for item, s in self.rows if s is Status.NOT_MET]


def target_set_summaries(
    *, unit: AdministrativeUnit, items: list[IndicatorFigures]
) -> list[TargetSetSummary]:
    """Each target set of the unit's figures with its counts (14/14, 6/14 ...)."""
    rows: dict[int, list[tuple[IndicatorFigures, Status]]] = defaultdict(list)
    sets: dict[int, TargetSet] = {}
    for item in walk(items):
        for target_status in item.targets:
            target_set = target_status.target.target_set
            sets[target_set.pk] = target_set
            rows[target_set.pk].append((item, target_status.status))
    return [
        TargetSetSummary(sets[pk], count(s for _item, s in rows[pk]), rows[pk])
        for pk in sorted(sets, key=lambda pk: ASSIGNER_ORDER.index(sets[pk].assigner))
    ]


def check_items(items: list[IndicatorFigures]) -> list[Item]:
    """The figures as `checks` reads them."""
    return [
        Item(
            key=item.indicator.code,
            name=item.indicator.name,
            unit_of_measure=item.indicator.unit_of_measure,
            figures=item.figures,
            decimals=item.indicator.decimals,
            components=check_items(item.components),
            is_target=bool(item.targets),
            additive=item.indicator.kind != IndicatorKind.RATE,
        )
        for item in items
    ]


def open_warnings(
    *, unit: AdministrativeUnit, year: int, period: Period
) -> QuerySet[ValidationWarning]:
    """The findings still standing and not accepted: a note for the report's author."""
    return ValidationWarning.objects.filter(
        unit=unit,
        year=year,
        period=period.code,
        resolved_at__isnull=True,
        accepted_at__isnull=True,
    ).select_related("indicator")


def blocking_errors(
    *, unit: AdministrativeUnit, year: int, period: Period
) -> QuerySet[ValidationWarning]:
    """The errors still standing (a component in another unit of measure ...): the figures
    are not to be published until they are fixed; an error cannot be accepted."""
    return open_warnings(unit=unit, year=year, period=period).filter(severity="error")


def territory_changed(*, unit: AdministrativeUnit, year: int, period: Period) -> bool:
    """True when the unit did not exist through the same period last year (a ward formed
    by the 2025 reform): its comparisons are with another territory."""
    started: date | None = unit.valid_from
    return started is not None and started > period.first_day(year - 1)


def indicator_series(
    *, indicator: Indicator, unit: AdministrativeUnit, period: Period, years: range
) -> dict[int, Value]:
    """The current actual (else estimate) of one indicator for each year: a trend."""
    series: dict[int, Value] = {}
    rows = Value.objects.filter(
        indicator=indicator,
        unit=unit,
        period=period.code,
        year__in=list(years),
        figure__in=[FigureKind.ESTIMATE, FigureKind.ACTUAL],
    ).order_by("year", "entered_at", "pk")
    actual: set[int] = set()
    for value in rows:
        if value.figure == FigureKind.ACTUAL:
            actual.add(value.year)
            series[value.year] = value
        elif value.year not in actual:
            series[value.year] = value
    return series
