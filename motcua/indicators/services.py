"""Writes of indicators, targets and figures: keyword-only, atomic, audited.

A figure is never changed: a later one is a new `Value` row (the latest is current), so an
estimate in November and the actual in March are both kept with their source, who and
when. Every write reruns the checks of the unit's period (`checks_run`).
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from motcua.core.audit import audit_record
from motcua.core.text import fold
from motcua.indicators.checks import CheckRules, check
from motcua.indicators.models import (
    Indicator,
    IndicatorKind,
    Target,
    TargetSet,
    ValidationWarning,
    Value,
)
from motcua.indicators.periods import Period
from motcua.indicators.selectors import check_items, current_values, unit_figures
from motcua.indicators.sheet import Refusal, Sheet, SheetRow
from motcua.indicators.stt import RowKind
from motcua.indicators.wording import FigureKind, Style
from motcua.units.models import AdministrativeUnit

if TYPE_CHECKING:
    from motcua.accounts.models import User


class IndicatorsError(Exception):
    """A write refused; `refusals` lists every row refused, with its line number."""

    def __init__(self, message: str, refusals: list[Refusal] | None = None) -> None:
        super().__init__(message)
        self.refusals = refusals or []


def check_rules() -> CheckRules:
    return CheckRules(
        max_growth=Decimal(settings.INDICATORS_MAX_GROWTH),
        max_decline=Decimal(settings.INDICATORS_MAX_DECLINE),
        percent_tolerance=Decimal(settings.INDICATORS_PERCENT_TOLERANCE),
    )


def indicator_code(name: str, parent: Indicator | None) -> str:
    """'Tổng giá trị sản xuất' → 'tong-gia-tri-san-xuat'; a component's code is under its
    total's ('…/thuong-mai-dich-vu'), so two totals' "Khác" rows stay apart."""
    own = slugify(fold(name))[:80] or "chi-tieu"
    return f"{parent.code}/{own}"[:255] if parent is not None else own


@dataclass(frozen=True)
class ImportResult:
    indicators_created: int = 0
    values_added: int = 0
    targets_changed: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.indicators_created or self.values_added or self.targets_changed)


def _same(
    value: Value | None,
    number: Decimal | None,
    pct: Decimal | None,
    ratio: Decimal | None,
    note: str,
) -> bool:
    return (
        value is not None
        and value.number == number
        and value.given_percent_of_plan == pct
        and value.given_ratio_to_same_period == ratio
        and value.note == note
    )


class _Import:
    def __init__(
        self,
        *,
        actor: "User | None",
        unit: AdministrativeUnit,
        year: int,
        period: Period,
        source: str,
    ) -> None:
        self.actor, self.unit, self.year, self.period, self.source = (
            actor,
            unit,
            year,
            period,
            source,
        )
        self.now = timezone.now()
        self.latest = current_values(unit=unit, year=year, period=period)
        self.indicators: dict[str, Indicator] = {}  # row key → indicator
        self.sections: dict[str, str] = {}
        self.refusals: list[Refusal] = []
        self.created = self.added = self.targets = 0

    def indicator(self, row: SheetRow) -> Indicator | None:
        parent = self.indicators.get(row.placed.parent or "")
        code = indicator_code(row.name, parent)
        indicator = Indicator.objects.filter(code=code).first()
        if indicator is None:
            indicator = Indicator.objects.create(
                code=code,
                name=row.name,
                unit_of_measure=row.unit_of_measure,
                kind=IndicatorKind.RATE if row.unit_of_measure == "%" else IndicatorKind.FLOW,
                style=Style.RATIO if row.plan_name == "dự toán" else Style.GROWTH,
                parent=parent,
                section=self.sections.get(row.placed.section or "", ""),
                position=row.line,
            )
            self.created += 1
        elif indicator.unit_of_measure != row.unit_of_measure:
            self.refusals.append(
                Refusal(
                    row.line,
                    f"'{row.name}': đơn vị tính '{row.unit_of_measure}' khác đơn vị đã dùng "
                    f"cho chỉ tiêu này ('{indicator.unit_of_measure}')",
                )
            )
            return None
        self.indicators[row.placed.key] = indicator
        return indicator

    def value(
        self,
        indicator: Indicator,
        figure: str,
        number: Decimal | None,
        pct: Decimal | None = None,
        ratio: Decimal | None = None,
        note: str = "",
    ) -> None:
        if number is None and pct is None and ratio is None:
            return
        if _same(self.latest.get((indicator.pk, figure)), number, pct, ratio, note):
            return
        Value.objects.create(
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
        self.added += 1

    def target(self, indicator: Indicator, row: SheetRow, assigner: str) -> None:
        target_set, _created = TargetSet.objects.get_or_create(
            unit=self.unit, year=self.year, assigner=assigner
        )
        plan_name = "" if row.plan_name == target_set.plan_name else row.plan_name
        wanted = {"plan_value": row.plan, "rule": row.rule, "plan_name": plan_name}
        target = Target.objects.filter(target_set=target_set, indicator=indicator).first()
        if target is None:
            Target.objects.create(target_set=target_set, indicator=indicator, **wanted)
            self.targets += 1
        elif any(getattr(target, name) != value for name, value in wanted.items()):
            for name, value in wanted.items():
                setattr(target, name, value)
            target.save(update_fields=list(wanted))
            self.targets += 1

    def row(self, row: SheetRow, figure_kind: FigureKind) -> None:
        if row.placed.kind is RowKind.SECTION:
            self.sections[row.placed.key] = row.name
            return
        indicator = self.indicator(row)
        if indicator is None:
            return
        self.value(indicator, FigureKind.PLAN, row.plan)
        self.value(indicator, FigureKind.SAME_PERIOD, row.same_period)
        self.value(
            indicator,
            figure_kind,
            row.value,
            row.percent_of_plan,
            row.ratio_to_same_period,
            row.note,
        )
        for assigner in row.assigners:
            self.target(indicator, row, assigner)


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
    work = _Import(actor=actor, unit=unit, year=sheet.year, period=period, source=source)
    for row in sheet.rows:
        work.row(row, sheet.figure_kind)
    if work.refusals:
        raise IndicatorsError("Bảng số liệu có dòng bị từ chối.", work.refusals)
    result = ImportResult(work.created, work.added, work.targets)
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


@transaction.atomic
def value_record(
    *,
    actor: "User | None",
    indicator: Indicator,
    unit: AdministrativeUnit,
    year: int,
    period: Period,
    figure: FigureKind,
    number: Decimal | None,
    source: str,
    given_percent_of_plan: Decimal | None = None,
    given_ratio_to_same_period: Decimal | None = None,
    note: str = "",
    at: datetime | None = None,
) -> Value:
    """Record one figure (a form, motcua's own data): a new row, the earlier kept."""
    value = Value.objects.create(
        indicator=indicator,
        unit=unit,
        year=year,
        period=period.code,
        figure=figure,
        number=number,
        given_percent_of_plan=given_percent_of_plan,
        given_ratio_to_same_period=given_ratio_to_same_period,
        note=note,
        source=source,
        entered_by=actor,
        entered_at=at or timezone.now(),
    )
    audit_record(
        actor=actor,
        action="indicators.value_record",
        target=value,
        payload={"indicator": indicator.code, "year": year, "period": period.code},
    )
    checks_run(unit=unit, year=year, period=period)
    return value


@transaction.atomic
def target_set_describe(
    *,
    actor: "User | None",
    target_set: TargetSet,
    document_number: str,
    document_date: datetime | None = None,
    plan_name: str | None = None,
) -> TargetSet:
    """The document that assigned a target set (number, date) and its plan's name."""
    target_set.document_number = document_number
    target_set.document_date = document_date
    if plan_name:
        target_set.plan_name = plan_name
    target_set.save(update_fields=["document_number", "document_date", "plan_name"])
    audit_record(
        actor=actor,
        action="indicators.target_set_describe",
        target=target_set,
        payload={"document_number": document_number, "plan_name": target_set.plan_name},
    )
    return target_set


@transaction.atomic
def checks_run(*, unit: AdministrativeUnit, year: int, period: Period) -> list[ValidationWarning]:
    """Rerun the checks on the unit's period: new findings are recorded, findings no longer
    made are closed, the rest (accepted or not) kept as they are. The open ones return."""
    findings = check(check_items(unit_figures(unit=unit, year=year, period=period)), check_rules())
    now = timezone.now()
    standing = {
        (w.rule, w.message): w
        for w in ValidationWarning.objects.filter(
            unit=unit, year=year, period=period.code, resolved_at__isnull=True
        )
    }
    codes = {f.key for f in findings}
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    found = set()
    for finding in findings:
        key = (finding.rule.value, finding.message)
        found.add(key)
        if key not in standing:
            standing[key] = ValidationWarning.objects.create(
                unit=unit,
                year=year,
                period=period.code,
                indicator=indicators.get(finding.key),
                rule=finding.rule.value,
                severity=finding.severity.value,
                message=finding.message,
                found_at=now,
            )
    gone = [w.pk for key, w in standing.items() if key not in found]
    ValidationWarning.objects.filter(pk__in=gone).update(resolved_at=now)
    return [w for key, w in standing.items() if key in found and w.accepted_at is None]


@transaction.atomic
def warning_accept(*, actor: "User", warning: ValidationWarning, reason: str) -> ValidationWarning:
    """An author accepts a warning with a reason (an error cannot be accepted)."""
    reason = reason.strip()
    if not reason:
        raise IndicatorsError("Cần ghi lý do chấp nhận cảnh báo.")
    if warning.severity == "error":
        raise IndicatorsError("Lỗi số liệu không chấp nhận được: hãy sửa số liệu.")
    warning.accepted_by, warning.accepted_at, warning.accepted_reason = (
        actor,
        timezone.now(),
        reason,
    )
    warning.save(update_fields=["accepted_by", "accepted_at", "accepted_reason"])
    audit_record(
        actor=actor,
        action="indicators.warning_accept",
        target=warning,
        reason=reason,
    )
    return warning
