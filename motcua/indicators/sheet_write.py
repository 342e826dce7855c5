"""The exchange spreadsheet written: the export of a unit's figures and the blank template
(no Django: tested directly). The layout is the one `sheet.read_sheet` reads back."""

from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from motcua.indicators.wording import FigureKind

TITLE = "BIỂU CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI CHỦ YẾU"
WIDTHS = (7, 55, 14, 16, 16, 18, 14, 14, 16, 30)
NUMBER_FORMAT = "#,##0.###"
_THIN = Side(style="thin")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


@dataclass(frozen=True)
class ExportRow:
    stt: str
    name: str
    unit_of_measure: str = ""
    same_period: Decimal | None = None
    plan: Decimal | None = None
    value: Decimal | None = None
    percent_of_plan: Decimal | None = None
    ratio_to_same_period: Decimal | None = None
    assigner: str = ""
    note: str = ""
    section: bool = False


def headers(year: int, figure_kind: FigureKind, period_words: str = "") -> list[str]:
    """The header row; `period_words` names a period shorter than the year ('6 tháng ')."""
    value = "Thực hiện" if figure_kind is FigureKind.ACTUAL else "Ước thực hiện"
    return [
        "STT",
        "Chỉ tiêu",
        "Đơn vị tính",
        f"Thực hiện {period_words}năm {year - 1}",
        f"Kế hoạch năm {year}",
        f"{value} {period_words}năm {year}",
        "So sánh với kế hoạch (%)",
        "So sánh với cùng kỳ (%)",
        "Cấp giao",
        "Ghi chú",
    ]


def _cell(value: Decimal | None) -> float | None:
    # Excel stores doubles; 6 decimals survive the round trip (parse_number reads repr).
    return None if value is None else float(round(value, 6))


def write_sheet(
    rows: list[ExportRow],
    *,
    year: int,
    figure_kind: FigureKind = FigureKind.ESTIMATE,
    subtitle: str = "",
    period_words: str = "",
) -> bytes:
    """The .xlsx bytes: the title, an optional subtitle, the header row, the rows."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook has its sheet
    sheet.title = "Chỉ tiêu"
    sheet.append([TITLE])
    sheet.append([subtitle])
    sheet["A1"].font = Font(bold=True, size=13)
    header = headers(year, figure_kind, period_words)
    sheet.append(header)
    for column, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
        cell = sheet.cell(row=3, column=column)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        cell.border = BORDER
    for row in rows:
        sheet.append(
            [
                row.stt,
                row.name,
                row.unit_of_measure or None,
                _cell(row.same_period),
                _cell(row.plan),
                _cell(row.value),
                _cell(row.percent_of_plan),
                _cell(row.ratio_to_same_period),
                row.assigner or None,
                row.note or None,
            ]
        )
        line = sheet.max_row
        for column in range(1, len(header) + 1):
            cell = sheet.cell(row=line, column=column)
            cell.border = BORDER
            if 4 <= column <= 8:
                cell.number_format = NUMBER_FORMAT
            if row.section:
                cell.font = Font(bold=True)
    sheet.freeze_panes = "C4"
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
