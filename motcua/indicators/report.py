"""The narrative report of a unit's figures for a period (`motcua report generate`).

`build_report` gathers it (sentences from `wording`, nothing worded here); `rendering`
writes it as Markdown, .docx or PDF through the templates.
"""

from dataclasses import dataclass, field

from motcua.core.formatting import short_date
from motcua.indicators.exchange import export_rows
from motcua.indicators.models import Assigner
from motcua.indicators.numbers import format_number, format_percent
from motcua.indicators.periods import Period
from motcua.indicators.selectors import (
    IndicatorFigures,
    open_warnings,
    target_set_summaries,
    territory_changed,
    unit_figures,
    walk,
)
from motcua.indicators.sheet_write import ExportRow, headers
from motcua.indicators.wording import (
    FigureKind,
    Line,
    Style,
    counts_phrase,
    not_met_phrase,
    sentence,
    target_set_sentence,
    territory_note,
)
from motcua.units.models import AdministrativeUnit
from motcua.units.selectors import today


@dataclass
class Section:
    title: str
    sentences: list[str] = field(default_factory=list)


@dataclass
class Report:
    unit: AdministrativeUnit
    year: int
    period_label: str
    summary: list[str]
    sections: list[Section]
    not_met: list[str]
    warnings: list[str]
    notes: list[str]  # where the figures come from; a changed territory
    table: list[ExportRow]
    estimate: bool

    @property
    def title(self) -> str:
        return f"Kết quả thực hiện các chỉ tiêu kinh tế - xã hội {self.period_label}"

    @property
    def table_headers(self) -> list[str]:
        kind = FigureKind.ESTIMATE if self.estimate else FigureKind.ACTUAL
        return headers(self.year, kind)[:8]

    @property
    def table_cells(self) -> list[list[str]]:
        """The appendix as text, numbers written the Vietnamese way."""

        def number(value: object) -> str:
            return format_number(value) if value is not None else ""  # type: ignore[arg-type]

        def percent(value: object) -> str:
            return format_percent(value) if value is not None else ""  # type: ignore[arg-type]

        return [
            [
                row.stt,
                row.name,
                row.unit_of_measure,
                number(row.same_period),
                number(row.plan),
                number(row.value),
                percent(row.percent_of_plan),
                percent(row.ratio_to_same_period),
            ]
            for row in self.table
        ]


def line_of(item: IndicatorFigures) -> Line:
    indicator = item.indicator
    return Line(
        name=indicator.name,
        unit_of_measure=indicator.unit_of_measure,
        figures=item.figures,
        figure_kind=item.figure_kind,
        decimals=indicator.decimals,
        style=Style(indicator.style),
        is_rate=indicator.kind == "rate",
        plan_name=item.plan_name,
        rule=item.rule,
        status=item.status,
        components=[line_of(c) for c in item.components],
    )


def _sections(items: list[IndicatorFigures]) -> list[Section]:
    sections: list[Section] = []
    key = None
    for item in items:
        if not sections or item.section_key != key:
            sections.append(Section(item.indicator.section))
            key = item.section_key
        sections[-1].sentences.append(sentence(line_of(item)))
    return sections


def _with_remainders(items: list[IndicatorFigures]) -> list[ExportRow]:
    """The appendix table: the export's rows, and a "Khác" row under a total its
    components do not add up to."""
    rows = export_rows(items)
    totals = {i.indicator.name: i for i in walk(items) if i.components}
    table: list[ExportRow] = []
    pending: tuple[int, ExportRow] | None = None
    for row in rows:
        if pending is not None and row.stt != "-":
            table.append(pending[1])
            pending = None
        table.append(row)
        total = totals.get(row.name)
        value = total.figures.value if total is not None else None
        parts = [c.figures.value for c in total.components] if total is not None else []
        if total is not None and value is not None and None not in parts:
            gap = value - sum(p for p in parts if p is not None)
            if gap:
                unit = total.indicator.unit_of_measure
                pending = (len(table), ExportRow("-", "Khác (chênh lệch)", unit, value=gap))
    if pending is not None:
        table.append(pending[1])
    return table


def _sources(items: list[IndicatorFigures]) -> list[str]:
    used = {
        (i.figure_kind, i.used.source, i.used.entered_at.date())
        for i in walk(items)
        if i.used is not None
    }
    kinds = {FigureKind.ESTIMATE: "ước thực hiện", FigureKind.ACTUAL: "thực hiện"}
    return [
        f"Số liệu {kinds[kind]} theo {source.removeprefix('import:')}, nhập ngày {short_date(day)}."
        for kind, source, day in sorted(used)
    ]


def build_report(*, unit: AdministrativeUnit, year: int, period: Period) -> Report:
    items = unit_figures(unit=unit, year=year, period=period)
    flat = walk(items)
    estimate = any(i.figure_kind is FigureKind.ESTIMATE and i.used for i in flat)
    summary = []
    not_met: list[str] = []
    for target_set_summary in target_set_summaries(unit=unit, items=items):
        target_set = target_set_summary.target_set
        document = ""
        if target_set.document_number:
            document = f"văn bản số {target_set.document_number}"
            if target_set.document_date:
                document += f" ngày {short_date(target_set.document_date)}"
        summary.append(
            target_set_sentence(
                str(Assigner(target_set.assigner).label),
                document,
                counts_phrase(target_set_summary.counts, estimate=estimate),
            )
        )
        for item in target_set_summary.not_met:
            pct = item.figures.percent_of_plan
            phrase = not_met_phrase(item.indicator.name, format_percent(pct) if pct else "")
            if phrase not in not_met:
                not_met.append(phrase)
    notes = _sources(items)
    if unit.valid_to is not None and unit.valid_to < today():
        notes.append(
            f"{unit.name} đã kết thúc hoạt động ngày {short_date(unit.valid_to)} (sắp xếp đơn "
            "vị hành chính); số liệu là của đơn vị khi còn hoạt động."
        )
    if territory_changed(unit=unit, year=year, period=period) and unit.valid_from:
        notes.append(territory_note(unit.name, short_date(unit.valid_from)))
    return Report(
        unit=unit,
        year=year,
        period_label=period.label(year),
        summary=summary,
        sections=_sections(items),
        not_met=not_met,
        warnings=[w.message for w in open_warnings(unit=unit, year=year, period=period)],
        notes=notes,
        table=_with_remainders(items),
        estimate=estimate,
    )
