"""The work queue as a spreadsheet (.xlsx): the list the officer filtered, with
Vietnamese headings and real dates, capped so that one click cannot export a province.
Written row by row (openpyxl's write-only mode) into a temporary file sent as it is."""

import tempfile
from collections.abc import Sequence
from datetime import datetime
from typing import IO, Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from motcua.core import formatting
from motcua.core.tz import VN_TZ
from motcua.dossiers.models import STATE_LABELS, Dossier
from motcua.dossiers.presentation import COLOURS
from motcua.dossiers.queries import queue_rows

EXPORT_LIMIT = 5000
DATE = "dd/mm/yyyy"
MOMENT = "dd/mm/yyyy hh:mm"


def _columns() -> list[tuple[str, int]]:
    """(heading, width in characters), in the order of the cells of a row."""
    return [
        (_("STT"), 6),
        (_("Mã hồ sơ"), 26),
        (_("Thủ tục"), 45),
        (_("Người nộp"), 24),
        (_("Số định danh"), 15),
        (_("Điện thoại"), 14),
        (_("Trạng thái"), 22),
        (_("Ngày tiếp nhận"), 14),
        (_("Hẹn trả"), 17),
        (_("Bước hiện tại"), 30),
        (_("Người xử lý"), 22),
        (_("Tiến độ"), 18),
    ]


def filename(now: datetime) -> str:
    return f"danh-sach-ho-so-{now.astimezone(VN_TZ):%d-%m-%Y}.xlsx"


def _local(moment: datetime | None) -> datetime | None:
    # Excel has no time zones: the moment as read on a clock in Vietnam.
    return moment.astimezone(VN_TZ).replace(tzinfo=None) if moment else None


def _cell(sheet: Any, value: Any, number_format: str = "") -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if number_format:
        cell.number_format = number_format
    return cell


def queue_xlsx(
    *,
    dossiers: QuerySet[Dossier],
    title: str,
    summary: Sequence[str],
    now: datetime,
    limit: int = EXPORT_LIMIT,
) -> IO[bytes]:
    """The spreadsheet of `dossiers` (already filtered and ordered), rewound for reading:
    a title, the filters, a note when the list was cut at `limit`, then the table."""
    total = dossiers.count()
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Hồ sơ"))
    columns = _columns()
    for index, (_heading, width) in enumerate(columns):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A5"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = 9  # A4
    bold = Font(bold=True)
    heading = _cell(sheet, title)
    heading.font = Font(bold=True, size=14)
    sheet.append([heading])
    stamp = _("Xuất lúc %(moment)s") % {"moment": formatting.short_datetime(now)}
    sheet.append(["; ".join([stamp, *summary])])
    note = (
        _(
            "Chỉ gồm %(limit)s hồ sơ đầu tiên trong %(total)s hồ sơ: hãy lọc hẹp hơn để "
            "xuất đủ danh sách."
        )
        % {"limit": formatting.number(limit), "total": formatting.number(total)}
        if total > limit
        else _("%(total)s hồ sơ.") % {"total": formatting.number(total)}
    )
    sheet.append([_cell(sheet, note)])
    headings = []
    for text, _width in columns:
        cell = _cell(sheet, text)
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        headings.append(cell)
    sheet.append(headings)
    # The words once, not a translation lookup per row (get_state_display is slow).
    states = {state.value: str(label) for state, label in STATE_LABELS.items()}
    colours = {colour: str(label) for colour, (_tone, label) in COLOURS.items()}
    rows = queue_rows(dossiers[:limit].iterator(2000), now=now)
    for number, row in enumerate(rows, start=1):
        dossier = row.dossier
        step = dossier.current_step
        handler = step.handler if step else None
        sheet.append(
            [
                number,
                dossier.code,
                dossier.procedure.name,
                dossier.applicant_name,
                dossier.applicant_personal_id,
                dossier.applicant_phone,
                states[dossier.state],
                _cell(sheet, _local(dossier.received_at), DATE),
                _cell(sheet, _local(dossier.due_at), MOMENT),
                step.name if step else "",
                handler.get_full_name() if handler else "",
                colours[row.colour],
            ]
        )
    output = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it once sent)
    book.save(output)
    output.seek(0)
    return output
