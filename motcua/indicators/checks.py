"""Validation rules on a unit's figures for a period (no Django: tested directly).

Run on import and on every edit (`services.checks_run`). Each finding is a warning, which
an author may accept with a reason, or an error, which blocks publishing:
- components that do not add up to their total (warning, with the gap: "thiếu 48 tỷ đồng");
- a growth on the same period outside the plausible range (warning);
- a given percentage that disagrees with the one computed from the figures (warning);
- a component in another unit of measure than its total (error);
- a target without an estimate or an actual (warning).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from motcua.indicators.figures import HUNDRED, Figures
from motcua.indicators.numbers import format_number, format_percent


class Severity(StrEnum):
    WARNING = "warning"
    ERROR = "error"


class RuleCode(StrEnum):
    COMPONENTS = "components"
    GROWTH = "growth"
    GIVEN_PERCENT = "given_percent"
    UNIT = "unit"
    MISSING = "missing"


@dataclass(frozen=True)
class CheckRules:
    """The configurable bounds (settings INDICATORS_MAX_GROWTH, INDICATORS_MAX_DECLINE,
    INDICATORS_PERCENT_TOLERANCE, all in percent)."""

    max_growth: Decimal = Decimal(100)
    max_decline: Decimal = Decimal(50)
    percent_tolerance: Decimal = Decimal("0.5")


@dataclass(frozen=True)
class Item:
    """One indicator's row for the checks."""

    key: str  # how the caller finds the indicator again (its code)
    name: str
    unit_of_measure: str
    figures: Figures
    decimals: int | None = None
    components: list["Item"] = field(default_factory=list)
    is_target: bool = False
    additive: bool = True  # False for rates: components of a rate do not sum


@dataclass(frozen=True)
class Finding:
    rule: RuleCode
    severity: Severity
    key: str
    message: str


def _amount(value: Decimal, item: Item) -> str:
    unit = item.unit_of_measure
    number = format_number(value, item.decimals)
    return f"{number}%" if unit == "%" else f"{number} {unit}".rstrip()


def check(items: Iterable[Item], rules: CheckRules | None = None) -> list[Finding]:
    rules = rules or CheckRules()
    findings: list[Finding] = []
    for item in items:
        findings.extend(_check_one(item, rules))
        findings.extend(check(item.components, rules))
    return findings


def _check_one(item: Item, rules: CheckRules) -> list[Finding]:
    found = [*_components(item), *_growth(item, rules), *_given(item, rules)]
    if item.is_target and item.figures.value is None:
        found.append(
            Finding(
                RuleCode.MISSING,
                Severity.WARNING,
                item.key,
                f"{item.name}: chỉ tiêu được giao nhưng chưa có số ước thực hiện hoặc thực hiện.",
            )
        )
    return found


def _components(item: Item) -> list[Finding]:
    if not item.components:
        return []
    mismatched = [c for c in item.components if c.unit_of_measure != item.unit_of_measure]
    if mismatched:
        return [
            Finding(
                RuleCode.UNIT,
                Severity.ERROR,
                c.key,
                f"{c.name}: đơn vị tính '{c.unit_of_measure}' khác chỉ tiêu tổng "
                f"'{item.name}' ('{item.unit_of_measure}').",
            )
            for c in mismatched
        ]
    values = [c.figures.value for c in item.components]
    total = item.figures.value
    if not item.additive or total is None or any(v is None for v in values):
        return []
    added = sum((v for v in values if v is not None), Decimal(0))
    gap = total - added
    if gap == 0:
        return []
    word = "thiếu" if gap > 0 else "thừa"
    return [
        Finding(
            RuleCode.COMPONENTS,
            Severity.WARNING,
            item.key,
            f"{item.name}: các chỉ tiêu thành phần cộng lại {_amount(added, item)}, "
            f"{word} {_amount(abs(gap), item)} so với tổng {_amount(total, item)}.",
        )
    ]


def _growth(item: Item, rules: CheckRules) -> list[Finding]:
    ratio = item.figures.ratio_to_same_period
    if ratio is None:
        return []
    growth = ratio - HUNDRED
    if -rules.max_decline <= growth <= rules.max_growth:
        return []
    change = f"tăng {format_percent(growth)}" if growth > 0 else f"giảm {format_percent(-growth)}"
    return [
        Finding(
            RuleCode.GROWTH,
            Severity.WARNING,
            item.key,
            f"{item.name}: {change} so với cùng kỳ, ngoài khoảng hợp lý "
            f"(giảm tối đa {format_percent(rules.max_decline)}, "
            f"tăng tối đa {format_percent(rules.max_growth)}).",
        )
    ]


def _given(item: Item, rules: CheckRules) -> list[Finding]:
    figures = item.figures
    pairs = [
        ("so với kế hoạch", figures.given_percent_of_plan, figures.computed_percent_of_plan),
        (
            "so với cùng kỳ",
            figures.given_ratio_to_same_period,
            figures.computed_ratio_to_same_period,
        ),
    ]
    return [
        Finding(
            RuleCode.GIVEN_PERCENT,
            Severity.WARNING,
            item.key,
            f"{item.name}: tỷ lệ {label} ghi {format_percent(given)} nhưng tính từ số liệu "
            f"được {format_percent(computed)}.",
        )
        for label, given, computed in pairs
        if given is not None
        and computed is not None
        and abs(given - computed) > rules.percent_tolerance
    ]
