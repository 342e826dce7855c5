"""The printed official forms (slips, notices, the ledger): what each one prints,
gathered from one dossier (or, for the ledger, from the dossiers of a period).
Rendering is `motcua.dossiers.pdf`; the views are in `document_views`.

Forms of Circular 01/2018/TT-VPCP (kept by 03/2025): 01 receipt, 02 supplement request,
03 refusal, 04 apology and new date, 05 control slip, 06 dossier ledger; and the stop
notice of Decree 118/2025, whose layout no circular fixes: it follows the same header.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from motcua.accounts.scoping import Viewer
from motcua.core import formatting
from motcua.core.tz import VN_TZ
from motcua.dossiers.models import Dossier, RefusalStage
from motcua.dossiers.pdf import OFFICIAL_LANGUAGE, qr_data_uri, render_pdf
from motcua.dossiers.selectors import ledger_rows, receipt_data
from motcua.dossiers.tracking import tracking_url
from motcua.units.models import Agency

# A longer ledger is a report, not a book to print: ask for it a quarter at a time.
LEDGER_MAX_DAYS = 92


class PrintedKind(StrEnum):
    RECEIPT = "receipt"
    SUPPLEMENT = "supplement"
    REFUSAL = "refusal"
    APOLOGY = "apology"
    CONTROL = "control"
    STOP = "stop"


@dataclass(frozen=True)
class PrintedForm:
    """How the circular names a printed form, and the name its PDF is saved under."""

    number: str  # "Mẫu số 01", as the circular numbers it; "" when it has none
    title: Any  # lazy translation
    filename: str


PRINTED_FORMS: dict[PrintedKind, PrintedForm] = {
    PrintedKind.RECEIPT: PrintedForm(
        "01", _("Giấy tiếp nhận hồ sơ và hẹn trả kết quả"), "giay-tiep-nhan"
    ),
    PrintedKind.SUPPLEMENT: PrintedForm(
        "02", _("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"), "phieu-yeu-cau-bo-sung"
    ),
    PrintedKind.REFUSAL: PrintedForm(
        "03", _("Phiếu từ chối tiếp nhận giải quyết hồ sơ"), "phieu-tu-choi"
    ),
    PrintedKind.APOLOGY: PrintedForm(
        "04", _("Phiếu xin lỗi và hẹn lại ngày trả kết quả"), "phieu-xin-loi"
    ),
    PrintedKind.CONTROL: PrintedForm(
        "05", _("Phiếu kiểm soát quá trình giải quyết hồ sơ"), "phieu-kiem-soat"
    ),
    PrintedKind.STOP: PrintedForm("", _("Thông báo dừng xử lý hồ sơ"), "thong-bao-dung-xu-ly"),
}


class PrintedNotAvailable(Exception):
    """The dossier has no such form (yet): no apology issued, no refusal, ..."""


def _vn_day(moment: datetime) -> date:
    return moment.astimezone(VN_TZ).date()


def printed_header(agency: Agency, day: date, number: str = "") -> dict[str, str]:
    return {
        "agency_name": agency.name,
        "agency_parent_name": agency.parent.name if agency.parent else "",
        "number": number,
        "place_and_date": f"{agency.unit.name}, {formatting.long_date(day)}",
    }


def _nth(records: list[Any], n: int | None) -> Any:
    """The n-th record (1-based), the latest when n is None."""
    if not records or (n is not None and not 1 <= n <= len(records)):
        raise PrintedNotAvailable
    return records[-1] if n is None else records[n - 1]


def _receipt(dossier: Dossier, user: Viewer, n: int | None) -> dict[str, Any]:
    if dossier.received_at is None:
        raise PrintedNotAvailable
    receipt = receipt_data(user=user, pk=dossier.pk)
    header = {
        "agency_name": receipt.agency_name,
        "agency_parent_name": receipt.agency_parent_name,
        "number": "",
        "place_and_date": receipt.place_and_date,
    }
    return {"header": header, "receipt": receipt}


def _supplement(dossier: Dossier, user: Viewer, n: int | None) -> dict[str, Any]:
    request = _nth(list(dossier.supplements.select_related("requested_by")), n)
    return {
        "header": printed_header(dossier.receiving_agency, _vn_day(request.requested_at)),
        "request": request,
        "items": list(request.items.all()),
    }


def _refusal(dossier: Dossier, user: Viewer, n: int | None) -> dict[str, Any]:
    refusal = _nth(list(dossier.refusals.select_related("refused_by")), n)
    agency = dossier.receiving_agency if refusal.stage == RefusalStage.RECEPTION else dossier.agency
    return {"header": printed_header(agency, _vn_day(refusal.refused_at)), "refusal": refusal}


def _apology(dossier: Dossier, user: Viewer, n: int | None) -> dict[str, Any]:
    apology = _nth(list(dossier.apologies.select_related("issuing_agency__unit", "issued_by")), n)
    day = _vn_day(apology.issued_at)
    number = f"{apology.number}/{day.year}"
    return {"header": printed_header(apology.issuing_agency, day, number), "apology": apology}


def _control(dossier: Dossier, user: Viewer, n: int | None) -> dict[str, Any]:
    if dossier.received_at is None:
        raise PrintedNotAvailable
    steps = list(dossier.steps.select_related("agency", "handler"))
    return {
        "header": printed_header(dossier.receiving_agency, _vn_day(dossier.received_at)),
        "steps": steps,
    }


def _stop(dossier: Dossier, user: Viewer, n: int | None) -> dict[str, Any]:
    notice = getattr(dossier, "stop_notice", None)
    if notice is None:
        raise PrintedNotAvailable
    day = _vn_day(notice.issued_at)
    number = f"{notice.number}/{day.year}"
    return {"header": printed_header(notice.issuing_agency, day, number), "notice": notice}


BUILDERS = {
    PrintedKind.RECEIPT: _receipt,
    PrintedKind.SUPPLEMENT: _supplement,
    PrintedKind.REFUSAL: _refusal,
    PrintedKind.APOLOGY: _apology,
    PrintedKind.CONTROL: _control,
    PrintedKind.STOP: _stop,
}


def printed_pdf(
    *, user: Viewer, dossier: Dossier, kind: PrintedKind, n: int | None = None
) -> bytes:
    """The PDF of one form of a dossier the caller has already fetched through the scoped
    `dossier_get`. PrintedNotAvailable when the dossier has no such form; n picks the n-th
    supplement request, refusal or apology (the latest by default)."""
    with translation.override(OFFICIAL_LANGUAGE):
        context = BUILDERS[kind](dossier, user, n)
        url = tracking_url(dossier.code)
        search_url = settings.SITE_URL.rstrip("/") + reverse("tracking:search")
        context.update(
            printed=PRINTED_FORMS[kind], dossier=dossier, qr=qr_data_uri(url), search_url=search_url
        )
        return render_pdf(f"dossiers/printed/{kind.value}.html", context)


def printed_filename(*, dossier: Dossier, kind: PrintedKind) -> str:
    return f"{PRINTED_FORMS[kind].filename}-{dossier.code}.pdf"


class InvalidPeriod(ValueError):
    pass


def ledger_pdf(*, user: Viewer, agency: Agency, first: date, last: date) -> bytes:
    """The dossier ledger (form 06, A4 landscape) of a receiving agency for a period.
    InvalidPeriod when `last` is before `first` or the period is longer than a quarter."""
    if last < first:
        raise InvalidPeriod(_("Ngày cuối phải sau ngày đầu."))
    if last - first >= timedelta(days=LEDGER_MAX_DAYS):
        raise InvalidPeriod(_("Mỗi lần in sổ tối đa %(days)d ngày.") % {"days": LEDGER_MAX_DAYS})
    rows = list(ledger_rows(user=user, agency_id=agency.pk, first=first, last=last))
    with translation.override(OFFICIAL_LANGUAGE):
        return render_pdf(
            "dossiers/printed/ledger.html", _ledger_context(agency, first, last, rows)
        )


def _ledger_context(agency: Agency, first: date, last: date, rows: list[Dossier]) -> dict[str, Any]:
    return {
        "header": printed_header(agency, timezone.localdate(timezone.now(), VN_TZ)),
        "printed": {"number": "06", "title": _("Sổ theo dõi hồ sơ")},
        "agency": agency,
        "first": first,
        "last": last,
        "rows": rows,
    }
