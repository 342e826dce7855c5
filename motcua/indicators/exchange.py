"""A unit's figures as the rows of the exchange spreadsheet (`motcua indicators export`)."""

from motcua.indicators.models import Assigner
from motcua.indicators.numbers import rounded
from motcua.indicators.periods import YEAR, Period
from motcua.indicators.selectors import IndicatorFigures, unit_figures
from motcua.indicators.sheet import ASSIGNERS
from motcua.indicators.sheet_write import ExportRow, write_sheet
from motcua.indicators.stt import roman
from motcua.indicators.wording import FigureKind
from motcua.units.models import AdministrativeUnit


def _row(stt: str, item: IndicatorFigures) -> ExportRow:
    figures = item.figures
    pct, ratio = figures.percent_of_plan, figures.ratio_to_same_period
    assigner = "; ".join(ASSIGNERS[t.target.target_set.assigner] for t in item.targets)
    if item.plan_name == "dự toán":
        assigner += " (dự toán)"
    return ExportRow(
        stt=stt,
        name=item.indicator.name,
        unit_of_measure=item.indicator.unit_of_measure,
        same_period=figures.same_period,
        plan=figures.plan,
        value=figures.value,
        percent_of_plan=None if pct is None else rounded(pct, 1),
        ratio_to_same_period=None if ratio is None else rounded(ratio, 1),
        assigner=assigner,
        note=item.used.note if item.used is not None else "",
    )


def export_rows(items: list[IndicatorFigures]) -> list[ExportRow]:
    """Sections numbered I, II ...; totals 1, 2 ... in each; their components '-'."""
    rows: list[ExportRow] = []
    section: str | None = None
    number = 0
    for item in items:
        if item.section_key != section and item.section_key:
            section = item.section_key
            numeral = roman(len([r for r in rows if r.section]) + 1)
            rows.append(ExportRow(stt=numeral, name=item.indicator.section, section=True))
            number = 0
        number += 1
        rows.append(_row(str(number), item))
        rows.extend(_row("-", component) for component in _components(item))
    return rows


def _components(item: IndicatorFigures) -> list[IndicatorFigures]:
    flat: list[IndicatorFigures] = []
    for component in item.components:
        flat.extend([component, *_components(component)])
    return flat


def export_sheet(*, unit: AdministrativeUnit, year: int, period: Period = YEAR) -> bytes:
    items = unit_figures(unit=unit, year=year, period=period)
    actual = any(i.figure_kind is FigureKind.ACTUAL for i in items)
    return write_sheet(
        export_rows(items),
        year=year,
        figure_kind=FigureKind.ACTUAL if actual else FigureKind.ESTIMATE,
        subtitle=f"{unit.full_name}, {period.label(year)}",
        period_words=period_words(period),
    )


def period_words(period: Period) -> str:
    """'' for the year, '6 tháng ' for six months: what the figure columns' titles add."""
    label = period.label(2000)
    return "" if period == YEAR else label.removesuffix("năm 2000")


def blank_template(*, year: int) -> bytes:
    """The layout with its header and one example of each kind of row, to fill in."""
    examples = [
        ExportRow(stt="I", name="Kinh tế", section=True),
        ExportRow(
            stt="1",
            name="Tổng giá trị sản xuất",
            unit_of_measure="tỷ đồng",
            assigner=ASSIGNERS[Assigner.CITY],
        ),
        ExportRow(
            stt="-", name="Giá trị sản xuất ngành thương mại, dịch vụ", unit_of_measure="tỷ đồng"
        ),
    ]
    return write_sheet(examples, year=year)
