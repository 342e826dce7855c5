"""The narrative's Vietnamese, in the administrative style (no Django: tested directly).

One sentence per indicator: "Tổng giá trị sản xuất các ngành kinh tế ước đạt 69.230 tỷ
đồng, tăng 13% so với cùng kỳ năm trước, đạt 100% kế hoạch; trong đó: giá trị sản xuất
ngành thương mại, dịch vụ ước đạt 41.056 tỷ đồng, tăng 13,8%; ...". No sentence of the
report is assembled anywhere else; the templates lay them out.

- the figure: "ước đạt" for an estimate, "đạt" for an actual;
- the same period, in the indicator's style: growth ("tăng X%", "giảm X%", "bằng cùng kỳ
  năm trước"; in percentage points for a rate) or ratio ("bằng 105% so với cùng kỳ");
- percentages given without their figures: the comparisons alone ("ước tăng 10% so với
  cùng kỳ năm trước, đạt 105% kế hoạch"); neither: "chưa có số liệu";
- the plan: "đạt X% kế hoạch" (X may exceed 100; the plan's name is the target set's:
  "đạt 115% dự toán"), "chưa đạt kế hoạch (đạt X%)" for a target below its rule; for a
  ceiling ("không quá"), "đạt kế hoạch (bằng X%)" / "chưa đạt kế hoạch (bằng X%)".
"""

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from motcua.indicators.figures import HUNDRED, Counts, Figures, Rule, Status
from motcua.indicators.numbers import format_number, format_percent


class FigureKind(StrEnum):
    PLAN = "plan"  # kế hoạch
    ESTIMATE = "estimate"  # ước thực hiện
    ACTUAL = "actual"  # thực hiện
    SAME_PERIOD = "same_period"  # cùng kỳ


class Style(StrEnum):
    GROWTH = "growth"  # tăng 13% so với cùng kỳ năm trước
    RATIO = "ratio"  # bằng 105% so với cùng kỳ


@dataclass(frozen=True)
class Line:
    """What one indicator's sentence says."""

    name: str
    unit_of_measure: str
    figures: Figures
    figure_kind: FigureKind = FigureKind.ESTIMATE
    decimals: int | None = None
    style: Style = Style.GROWTH
    is_rate: bool = False  # a rate compares in percentage points
    plan_name: str = "kế hoạch"
    rule: Rule | None = None  # None: not a target
    status: Status = Status.UNKNOWN
    components: list["Line"] = field(default_factory=list)


def amount(value: Decimal, unit_of_measure: str, decimals: int | None = None) -> str:
    """'69.230 tỷ đồng', '95,5%'."""
    number = format_number(value, decimals)
    if unit_of_measure == "%":
        return f"{number}%"
    return f"{number} {unit_of_measure}".rstrip()


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def figure_phrase(line: Line) -> str:
    """'ước đạt 69.230 tỷ đồng'; 'đạt ...' for an actual."""
    verb = "ước đạt" if line.figure_kind is FigureKind.ESTIMATE else "đạt"
    value = line.figures.value
    assert value is not None  # noqa: S101 - sentence() says "chưa có số liệu" without it
    return f"{verb} {amount(value, line.unit_of_measure, line.decimals)}"


def same_period_phrase(line: Line, *, short: bool = False) -> str:
    """'tăng 13% so với cùng kỳ năm trước', 'giảm 2,5%', 'bằng cùng kỳ năm trước',
    'tăng 1,2 điểm phần trăm', 'bằng 105% so với cùng kỳ'; '' without a comparison.
    `short` leaves out 'so với cùng kỳ năm trước' (the components of a total)."""
    figures = line.figures
    tail = "" if short else " so với cùng kỳ năm trước"
    if line.is_rate and figures.value is not None and figures.same_period is not None:
        points = figures.value - figures.same_period
        if points == 0:
            return "bằng cùng kỳ năm trước"
        verb = "tăng" if points > 0 else "giảm"
        return f"{verb} {format_number(abs(points), 1)} điểm phần trăm{tail}"
    ratio = figures.ratio_to_same_period
    if ratio is None:
        return ""
    if line.style is Style.RATIO:
        return f"bằng {format_percent(ratio)} so với cùng kỳ"
    growth = ratio - HUNDRED
    if format_percent(abs(growth)) == "0%":
        return "bằng cùng kỳ năm trước"
    verb = "tăng" if growth > 0 else "giảm"
    return f"{verb} {format_percent(abs(growth))}{tail}"


def plan_phrase(line: Line) -> str:
    """'đạt 100% kế hoạch', 'đạt 115% dự toán', 'chưa đạt kế hoạch (đạt 92,3%)';
    '' when there is no plan to compare with."""
    pct = line.figures.percent_of_plan
    if line.rule is Rule.REACHED:
        if line.status is Status.UNKNOWN:
            return ""
        return f"{'đạt' if line.status.completed else 'chưa đạt'} {line.plan_name}"
    if pct is None:
        return ""
    if line.rule is Rule.AT_MOST:  # a ceiling: below it is better
        if line.status is Status.UNKNOWN:  # not judged yet (part of the year)
            return f"bằng {format_percent(pct)} {line.plan_name}"
        met = "chưa đạt" if line.status is Status.NOT_MET else "đạt"
        return f"{met} {line.plan_name} (bằng {format_percent(pct)})"
    if line.status is Status.NOT_MET:
        return f"chưa đạt {line.plan_name} (đạt {format_percent(pct)})"
    return f"đạt {format_percent(pct)} {line.plan_name}"


def clause(line: Line, *, component: bool = False) -> str:
    """The indicator's clause, without the final full stop."""
    name = lower_first(line.name) if component else line.name
    same = same_period_phrase(line, short=component)
    plan = plan_phrase(line)
    comparisons = [c for c in ([plan, same] if line.style is Style.RATIO else [same, plan]) if c]
    if line.figures.value is not None:
        return ", ".join([f"{name} {figure_phrase(line)}", *comparisons])
    if not comparisons:
        return f"{name} chưa có số liệu"
    # Percentages given without their figures: "ước tăng 10% ..., đạt 105% kế hoạch".
    estimate = "ước " if line.figure_kind is FigureKind.ESTIMATE else ""
    return f"{name} {estimate}{', '.join(comparisons)}"


def sentence(line: Line) -> str:
    """One indicator's sentence, with its "trong đó" components."""
    text = clause(line)
    if line.components:
        parts = "; ".join(clause(c, component=True) for c in line.components)
        text = f"{text}; trong đó: {parts}"
    return text + "."


def counts_phrase(counts: Counts, *, estimate: bool) -> str:
    """'ước hoàn thành 14/14 chỉ tiêu; 6/14 chỉ tiêu vượt kế hoạch'."""
    if counts.total == 0:
        return "chưa có chỉ tiêu được giao"
    total = counts.total
    parts = [f"{'ước ' if estimate else ''}hoàn thành {counts.completed}/{total} chỉ tiêu"]
    if counts.exceeded:
        parts.append(f"{counts.exceeded}/{total} chỉ tiêu vượt kế hoạch")
    if counts.not_met:
        parts.append(f"{counts.not_met}/{total} chỉ tiêu chưa đạt")
    if counts.unknown:
        parts.append(f"{counts.unknown}/{total} chỉ tiêu chưa đánh giá")
    return "; ".join(parts)


def territory_note(unit_name: str, valid_from: str) -> str:
    """The comparison across the 2025 reform: the same period is another territory."""
    return (
        f"{unit_name} được thành lập từ ngày {valid_from}; số liệu cùng kỳ thuộc địa bàn "
        "trước sắp xếp đơn vị hành chính, không cùng phạm vi lãnh thổ."
    )


def target_set_sentence(assigned_by: str, document: str, counts_text: str) -> str:
    """'Về các chỉ tiêu Thành phố giao (Quyết định số 123/QĐ-UBND ngày 10/12/2021): ước
    hoàn thành 14/14 chỉ tiêu; 6/14 chỉ tiêu vượt kế hoạch.'"""
    where = f" ({document})" if document else ""
    return f"Về các chỉ tiêu {lower_first(assigned_by)}{where}: {counts_text}."


def not_met_phrase(name: str, percent: str) -> str:
    """'Tỷ lệ hộ nghèo (đạt 92%)'; without a percentage, the name alone."""
    return f"{name} (đạt {percent})" if percent else name
