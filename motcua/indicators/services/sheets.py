"""The exchange spreadsheet written to the database: `sheet_import` (nothing written when
any row is refused; a sheet already imported adds nothing)."""

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from motcua.core.audit import audit_record
from motcua.core.text import fold
from motcua.indicators.figures import percent_of
from motcua.indicators.models import Indicator, IndicatorKind, Target, TargetSet, Value
from motcua.indicators.numbers import rounded
from motcua.indicators.periods import Period
from motcua.indicators.selectors import current_values
from motcua.indicators.services.figures import IndicatorsError, checks_run
from motcua.indicators.sheet import Refusal, Sheet, SheetRow
from motcua.indicators.stt import RowKind
from motcua.indicators.wording import FigureKind, Style
from motcua.units.models import AdministrativeUnit

if TYPE_CHECKING:
    from motcua.accounts.models import User


def indicator_code(name: str, parent_code: str | None) -> str:
    """'Tổng giá trị sản xuất' → 'tong-gia-tri-san-xuat'; a component's code is under its
    total's ('…/thuong-mai-dich-vu'), so two totals' "Khác" rows stay apart."""
    own = slugify(fold(name))[:80] or "chi-tieu"
    return f"{parent_code}/{own}"[:255] if parent_code is not None else own


@dataclass(frozen=True)
class ImportResult:
    indicators_created: int = 0
    values_added: int = 0
    targets_changed: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.indicators_created or self.values_added or self.targets_changed)


def _given_agrees(stored: Decimal | None, given: Decimal | None, computed: Decimal | None) -> bool:
    """A sheet's percentage is the recorded one, or, none recorded, the one its figures
    give to the decimal an export writes (an exported sheet imported back)."""
    if given == stored:
        return True
    return stored is None and computed is not None and given == rounded(computed, 1)


def _same(
    value: Value | None,
    row: SheetRow,
    number: Decimal | None,
    pct: Decimal | None,
    ratio: Decimal | None,
    note: str,
) -> bool:
    return (
        value is not None
        and value.number == number
        and _given_agrees(value.given_percent_of_plan, pct, percent_of(number, row.plan))
        and _given_agrees(
            value.given_ratio_to_same_period, ratio, percent_of(number, row.same_period)
        )
        and value.note == note
    )


class _Import:
    """One sheet written in a few queries whatever its size: indicators looked up at once
    and created level by level, figures and targets inserted in bulk."""

    def __init__(
        self,
        *,
        actor: "User | None",
        unit: AdministrativeUnit,
        sheet: Sheet,
        period: Period,
        source: str,
    ) -> None:
        self.actor, self.unit, self.sheet, self.period, self.source = (
            actor,
            unit,
            sheet,
            period,
            source,
        )
        self.year = sheet.year
        self.now = timezone.now()
        self.refusals: list[Refusal] = []
        self.rows = [r for r in sheet.rows if r.placed.kind is not RowKind.SECTION]
        self.sections = {
            r.placed.key: r.name for r in sheet.rows if r.placed.kind is RowKind.SECTION
        }
        self.codes: dict[str, str] = {}  # row key → indicator code
        for row in self.rows:
            self.codes[row.placed.key] = indicator_code(
                row.name, self.codes.get(row.placed.parent or "")
            )
        self.indicators = {
            i.code: i for i in Indicator.objects.filter(code__in=self.codes.values())
        }
        self.created = self.added = self.targets = 0

    def write(self) -> ImportResult:
        self._indicators()
        if self.refusals:
            return ImportResult()
        self._values()
        self._targets()
        return ImportResult(self.created, self.added, self.targets)

    def _indicators(self) -> None:
        lines: dict[str, int] = {}
        for row in self.rows:
            code = self.codes[row.placed.key]
            if code in lines:
                self.refusals.append(
                    Refusal(row.line, f"'{row.name}': trùng chỉ tiêu với dòng {lines[code]}")
                )
            lines.setdefault(code, row.line)
            known = self.indicators.get(self.codes[row.placed.key])
            if known is not None and known.unit_of_measure != row.unit_of_measure:
                self.refusals.append(
                    Refusal(
                        row.line,
                        f"'{row.name}': đơn vị tính '{row.unit_of_measure}' khác đơn vị đã "
                        f"dùng cho chỉ tiêu này ('{known.unit_of_measure}')",
                    )
                )
        if self.refusals:
            return
        missing = [r for r in self.rows if self.codes[r.placed.key] not in self.indicators]
        while missing:  # totals before their components: one level per round
            waiting = {self.codes[r.placed.key] for r in missing}
            ready = [r for r in missing if self.codes.get(r.placed.parent or "") not in waiting]
            created = Indicator.objects.bulk_create([self._new(r) for r in ready])
            self.indicators.update((i.code, i) for i in created)
            self.created += len(created)
            done = {r.placed.key for r in ready}
            missing = [r for r in missing if r.placed.key not in done]

    def _new(self, row: SheetRow) -> Indicator:
        parent_code = self.codes.get(row.placed.parent or "")
        return Indicator(
            code=self.codes[row.placed.key],
            name=row.name,
            unit_of_measure=row.unit_of_measure,
            kind=IndicatorKind.RATE if row.unit_of_measure == "%" else IndicatorKind.FLOW,
            style=Style.RATIO if row.plan_name == "dự toán" else Style.GROWTH,
            parent=self.indicators[parent_code] if parent_code else None,
            section=self.sections.get(row.placed.section or "", ""),
            position=row.line,
        )

    def _values(self) -> None:
        latest = current_values(unit=self.unit, year=self.year, period=self.period)
        new: list[Value] = []
        for row in self.rows:
            indicator = self.indicators[self.codes[row.placed.key]]
            figures = [
                (FigureKind.PLAN, row.plan, None, None, ""),
                (FigureKind.SAME_PERIOD, row.same_period, None, None, ""),
                (
                    self.sheet.figure_kind,
                    row.value,
                    row.percent_of_plan,
                    row.ratio_to_same_period,
                    row.note,
                ),
            ]
            for figure, number, pct, ratio, note in figures:
                if number is None and pct is None and ratio is None:
                    continue
                if _same(latest.get((indicator.pk, figure)), row, number, pct, ratio, note):
                    continue
                new.append(
                    Value(
                        indicator=indicator,
                        unit=self.unit,
                        year=self.year,
                        period=self.period.code,
                        figure=figure,
                        number=number,
                        given_percent_of_plan=pct,
                        given_ratio_to_same_period=ratio,
                        note=note,
                        source=self.source,
                        entered_by=self.actor,
                        entered_at=self.now,
                    )
                )
        self.added = len(Value.objects.bulk_create(new, batch_size=1000))

    def _targets(self) -> None:
        assigners = {a for row in self.rows for a in row.assigners}
        sets = {
            s.assigner: s
            for s in TargetSet.objects.filter(
                unit=self.unit, year=self.year, assigner__in=assigners
            )
        }
        for assigner in assigners - set(sets):
            sets[assigner] = TargetSet.objects.create(
                unit=self.unit, year=self.year, assigner=assigner
            )
        existing = {
            (t.target_set_id, t.indicator_id): t
            for t in Target.objects.filter(target_set__in=sets.values())
        }
        new: list[Target] = []
        changed: list[Target] = []
        fields = ["plan_value", "rule", "plan_name"]
        for row in self.rows:
            indicator = self.indicators[self.codes[row.placed.key]]
            for assigner in row.assigners:
                target_set = sets[assigner]
                plan_name = "" if row.plan_name == target_set.plan_name else row.plan_name
                wanted = Target(
                    target_set=target_set,
                    indicator=indicator,
                    plan_value=row.plan,
                    rule=row.rule,
                    plan_name=plan_name,
                )
                target = existing.get((target_set.pk, indicator.pk))
                if target is None:
                    new.append(wanted)
                elif any(getattr(target, f) != getattr(wanted, f) for f in fields):
                    for f in fields:
                        setattr(target, f, getattr(wanted, f))
                    changed.append(target)
        Target.objects.bulk_create(new)
        Target.objects.bulk_update(changed, fields)
        self.targets = len(new) + len(changed)


@transaction.atomic
def sheet_import(
    *,
    actor: "User | None",
    sheet: Sheet,
    unit: AdministrativeUnit,
    period: Period,
    source: str,
) -> ImportResult:
    """Write a read sheet's indicators, targets and figures for `unit`. Nothing is written
    when any row is refused (IndicatorsError lists them); a sheet already imported adds
    nothing (figures equal to the current ones are not recorded again)."""
    if sheet.refusals:
        raise IndicatorsError("Bảng số liệu có dòng bị từ chối.", sheet.refusals)
    work = _Import(actor=actor, unit=unit, sheet=sheet, period=period, source=source)
    result = work.write()
    if work.refusals:
        raise IndicatorsError("Bảng số liệu có dòng bị từ chối.", work.refusals)
    if result.changed:
        audit_record(
            actor=actor,
            action="indicators.import",
            target=unit,
            payload={
                "year": sheet.year,
                "period": period.code,
                "source": source,
                "indicators_created": result.indicators_created,
                "values_added": result.values_added,
                "targets_changed": result.targets_changed,
            },
        )
        checks_run(unit=unit, year=sheet.year, period=period)
    return result
