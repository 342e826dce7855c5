"""Figures one at a time, motcua's own figures, target sets' documents, the checks and
their warnings."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from motcua.core.audit import audit_record
from motcua.indicators.checks import CheckRules, check
from motcua.indicators.models import (
    Indicator,
    IndicatorKind,
    TargetSet,
    ValidationWarning,
    Value,
)
from motcua.indicators.own_data import own_figures
from motcua.indicators.periods import Period
from motcua.indicators.selectors import check_items, current_values, unit_figures
from motcua.indicators.sheet import Refusal
from motcua.indicators.wording import FigureKind
from motcua.units.models import AdministrativeUnit
from motcua.units.selectors import today

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


@dataclass(frozen=True)
class OwnIndicator:
    code: str
    name: str
    unit_of_measure: str
    rate: bool = False


# motcua's own figures, as indicators of the "Cải cách hành chính" section.
OWN_INDICATORS = {
    "received": OwnIndicator(
        "motcua/ho-so-tiep-nhan", "Số hồ sơ thủ tục hành chính tiếp nhận", "hồ sơ"
    ),
    "resolved": OwnIndicator(
        "motcua/ho-so-giai-quyet", "Số hồ sơ thủ tục hành chính đã giải quyết", "hồ sơ"
    ),
    "on_time_percent": OwnIndicator(
        "motcua/ty-le-dung-han", "Tỷ lệ hồ sơ giải quyết đúng hạn", "%", rate=True
    ),
    "online_percent": OwnIndicator(
        "motcua/ty-le-truc-tuyen", "Tỷ lệ hồ sơ nộp trực tuyến", "%", rate=True
    ),
    "household_business_certificates": OwnIndicator(
        "motcua/ho-kinh-doanh",
        "Số giấy chứng nhận đăng ký hộ kinh doanh được cấp",
        "giấy chứng nhận",
    ),
    "civil_status_entries": OwnIndicator("motcua/ho-tich", "Số việc hộ tịch được đăng ký", "việc"),
    "hall_visitors": OwnIndicator(
        "motcua/luot-den-sanh", "Số lượt người đến sảnh phục vụ hành chính công", "lượt"
    ),
}
OWN_SECTION = "Cải cách hành chính"
OWN_SOURCE = "motcua"


@transaction.atomic
def own_figures_record(
    *, actor: "User | None", unit: AdministrativeUnit, year: int, period: Period
) -> int:
    """Record motcua's own figures for the unit's period (`own_data`): the actual once the
    period is over, an estimate so far before; only those that changed. How many were."""
    figures = own_figures(unit=unit, year=year, period=period)
    kind = FigureKind.ACTUAL if period.last_day(year) < today() else FigureKind.ESTIMATE
    latest = current_values(unit=unit, year=year, period=period)
    recorded = 0
    for attribute, spec in OWN_INDICATORS.items():
        number = getattr(figures, attribute)
        if number is None:
            continue
        number = round(Decimal(number), 1)
        indicator, _created = Indicator.objects.get_or_create(
            code=spec.code,
            defaults={
                "name": spec.name,
                "unit_of_measure": spec.unit_of_measure,
                "kind": IndicatorKind.RATE if spec.rate else IndicatorKind.FLOW,
                "section": OWN_SECTION,
                "position": 10_000 + list(OWN_INDICATORS).index(attribute),
            },
        )
        current = latest.get((indicator.pk, kind))
        if current is not None and current.number == number:
            continue
        Value.objects.create(
            indicator=indicator,
            unit=unit,
            year=year,
            period=period.code,
            figure=kind,
            number=number,
            source=OWN_SOURCE,
            entered_by=actor,
            entered_at=timezone.now(),
        )
        recorded += 1
    if recorded:
        audit_record(
            actor=actor,
            action="indicators.own_figures_record",
            target=unit,
            payload={"year": year, "period": period.code, "recorded": recorded},
        )
        checks_run(unit=unit, year=year, period=period)
    return recorded
