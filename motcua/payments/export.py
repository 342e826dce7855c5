"""The reconciliation report as an .xlsx workbook: a summary sheet and every payment."""

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from motcua.core import formatting
from motcua.payments.models import Gateway, PaymentState
from motcua.payments.selectors import Reconciliation, ReconciliationFilter

AMOUNT_FORMAT = "#,##0"


def reconciliation_xlsx(report: Reconciliation, filters: ReconciliationFilter) -> bytes:
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Tổng hợp")
    summary.append(
        [
            _("Đối soát thanh toán từ %(first)s đến %(last)s")
            % {
                "first": formatting.short_date(filters.first),
                "last": formatting.short_date(filters.last),
            }
        ]
    )
    summary["A1"].font = Font(bold=True)
    header = [_("Hình thức")]
    for _value, label in PaymentState.choices:
        header += [f"{label}: " + _("số giao dịch"), f"{label}: " + _("số tiền (đồng)")]
    summary.append(header)
    for value, label in Gateway.choices:
        row: list[object] = [str(label)]
        for state in PaymentState.values:
            cell = report.cells[(value, state)]
            row += [cell.count, cell.amount]
        summary.append(row)
    total_row: list[object] = [_("Cộng")]
    for state in PaymentState.values:
        total_row += [report.totals[state].count, report.totals[state].amount]
    summary.append(total_row)

    sheet = workbook.create_sheet(_("Giao dịch"))
    sheet.append(
        [
            _("Mã giao dịch"),
            _("Mã hồ sơ"),
            _("Hình thức"),
            _("Trạng thái"),
            _("Số tiền (đồng)"),
            _("Tạo lúc"),
            _("Thanh toán lúc"),
            _("Mã giao dịch tại cổng/ngân hàng"),
            _("Ngân hàng"),
            _("Người xác nhận"),
        ]
    )
    for payment in report.rows.iterator(chunk_size=2000):
        sheet.append(
            [
                payment.order_ref,
                payment.assessment.dossier.code,
                payment.get_gateway_display(),
                payment.get_state_display(),
                payment.amount,
                formatting.short_datetime(payment.created_at),
                formatting.short_datetime(payment.paid_at) if payment.paid_at else "",
                payment.gateway_txn_no,
                payment.bank_code,
                payment.confirmed_by.get_full_name() if payment.confirmed_by else "",
            ]
        )
    for worksheet in (summary, sheet):
        for column in worksheet.iter_cols(min_row=2):
            for cell in column:
                if isinstance(cell.value, int):
                    cell.number_format = AMOUNT_FORMAT
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
