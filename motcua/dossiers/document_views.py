"""Downloads of a dossier's papers: the official forms as PDFs, the dossier ledger, the
scanned documents and the electronic results (the owner citizen may download their own
files and results too). Every view finds the dossier through the scoped selector: another
agency's or another citizen's dossier does not exist (404)."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.accounts.decorators import officer_required
from motcua.accounts.http import AuthenticatedHttpRequest
from motcua.accounts.scoping import can_see_agency
from motcua.catalog.selectors import today as vn_today
from motcua.dossiers.actions import DossierError, result_document_attach, result_document_revoke
from motcua.dossiers.forms import LedgerPeriodForm
from motcua.dossiers.models import Attachment
from motcua.dossiers.pdf import PdfUnavailable
from motcua.dossiers.printed import (
    LEDGER_MAX_DAYS,
    InvalidPeriod,
    PrintedKind,
    PrintedNotAvailable,
    ledger_pdf,
    printed_filename,
    printed_pdf,
)
from motcua.dossiers.results import result_document_get
from motcua.dossiers.selectors import dossier_get, ledger_rows
from motcua.dossiers.uploads import UploadRejected, attachment_add
from motcua.units.models import Agency


def _pdf(request: HttpRequest, data: bytes, filename: str) -> HttpResponse:
    # Inline: the browser opens the form ready to print. Names are ASCII (slug and code).
    headers = {
        "Content-Disposition": f'inline; filename="{filename}"',
        "Cache-Control": "private, no-store",
    }
    return HttpResponse(data, content_type="application/pdf", headers=headers)


def _unavailable(request: HttpRequest, error: PdfUnavailable) -> HttpResponse:
    return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")


@officer_required
@xframe_options_sameorigin  # the dossier page prints the receipt from a frame of its own
def printed_pdf_view(request: AuthenticatedHttpRequest, code: str, form: str) -> HttpResponse:
    """`/dossiers/<code>/forms/<form>.pdf`; `?n=2` picks the 2nd supplement request,
    refusal or apology (the latest by default)."""
    dossier = dossier_get(user=request.user, code=code)
    try:
        kind = PrintedKind(form)
        n = int(request.GET["n"]) if "n" in request.GET else None
        data = printed_pdf(user=request.user, dossier=dossier, kind=kind, n=n)
    except (ValueError, PrintedNotAvailable) as error:
        raise Http404 from error
    except PdfUnavailable as error:
        return _unavailable(request, error)
    return _pdf(request, data, printed_filename(dossier=dossier, kind=kind))


def _ledger_form(data: Any) -> LedgerPeriodForm:
    return LedgerPeriodForm(data, today=vn_today(), max_days=LEDGER_MAX_DAYS)


def _ledger_agency(request: AuthenticatedHttpRequest) -> Agency | None:
    """The receiving agency whose ledger is asked for: `?agency=<id>` if the officer may
    see it (404 otherwise), their own by default; None for an officer of no agency."""
    asked = request.GET.get("agency", "")
    if not asked:
        if request.user.agency_id is None:
            return None
        agency_pk = request.user.agency_id
    elif asked.isdigit() and len(asked) < 10:
        agency_pk = int(asked)
    else:
        raise Http404
    if not can_see_agency(request.user, agency_pk):
        raise Http404
    return get_object_or_404(Agency.objects.select_related("unit", "parent"), pk=agency_pk)


@officer_required
@require_GET
def ledger_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """`/dossiers/ledger/`: the period of the dossier ledger (form 06), this month by
    default, how many dossiers it holds, and its PDF."""
    agency = _ledger_agency(request)
    asked = "from" in request.GET or "to" in request.GET
    form = _ledger_form(request.GET if asked else LedgerPeriodForm.this_month(vn_today()))
    context: dict[str, Any] = {"form": form, "agency": agency, "max_days": LEDGER_MAX_DAYS}
    if agency is not None and form.is_valid():
        first, last = form.period()
        query = {"from": first.isoformat(), "to": last.isoformat()}
        if request.GET.get("agency"):
            query["agency"] = str(agency.pk)
        context |= {
            "first": first,
            "last": last,
            "count": ledger_rows(
                user=request.user, agency_id=agency.pk, first=first, last=last
            ).count(),
            "pdf_url": f"{reverse('dossiers:ledger_pdf')}?{urlencode(query)}",
        }
    return render(
        request, "dossiers/ledger.html", context, status=400 if asked and form.errors else 200
    )


@officer_required
@require_GET
def ledger_pdf_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """`/dossiers/ledger.pdf?from=2025-07-01&to=2025-07-31[&agency=<id>]`: the ledger of
    the officer's agency (or another one they may see) for the period. A period the page
    would refuse shows the page with its message."""
    agency = _ledger_agency(request)
    form = _ledger_form(request.GET)
    if agency is None or not form.is_valid():
        context = {"form": form, "agency": agency, "max_days": LEDGER_MAX_DAYS}
        return render(request, "dossiers/ledger.html", context, status=400)
    first, last = form.period()
    try:
        data = ledger_pdf(user=request.user, agency=agency, first=first, last=last)
    except InvalidPeriod as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    except PdfUnavailable as error:
        return _unavailable(request, error)
    return _pdf(request, data, f"so-theo-doi-ho-so-{first}-{last}.pdf")


@officer_required
@require_http_methods(["GET", "POST"])
def attachments_view(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """The scans of a dossier, and the form to add one."""
    dossier = dossier_get(user=request.user, code=code)
    if request.method == "POST":
        upload = request.FILES.get("file")
        document_id = request.POST.get("document") or None
        document = dossier.documents.filter(pk=document_id).first() if document_id else None
        try:
            if upload is None:
                raise UploadRejected(_("Hãy chọn một tệp."))
            attachment_add(actor=request.user, dossier=dossier, upload=upload, document=document)
        except UploadRejected as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã lưu tệp %(name)s.") % {"name": upload.name})
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
            target = request.path
        return redirect(target)
    return render(
        request,
        "dossiers/attachments.html",
        {
            "dossier": dossier,
            "documents": list(dossier.documents.all()),
            "attachments": list(dossier.attachments.select_related("document", "uploaded_by")),
        },
    )


def _file_response(
    request: HttpRequest, file: FieldFile, content_type: str, name: str
) -> FileResponse:
    response = FileResponse(
        file.open("rb"),
        content_type=content_type,
        as_attachment=request.GET.get("download") == "1",
        filename=name or f"tep.{(file.name or '').rsplit('.', 1)[-1]}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    # A file shown in the browser runs nothing, whatever it contains.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required  # officers in scope, and the owner citizen for the files they sent
def attachment_download(request: AuthenticatedHttpRequest, code: str, pk: int) -> FileResponse:
    dossier = dossier_get(user=request.user, code=code)
    files = dossier.attachments.all()
    if request.user.is_citizen:
        # The officers' scans are the centre's working papers.
        files = files.filter(uploaded_by=request.user)
    attachment: Attachment = get_object_or_404(files, pk=pk)
    return _file_response(
        request, attachment.file, attachment.content_type, attachment.original_name
    )


@login_required  # officers in scope, and the owner citizen
def result_download(request: AuthenticatedHttpRequest, code: str, pk: int) -> FileResponse:
    document = result_document_get(user=request.user, code=code, pk=pk)
    return _file_response(
        request, document.file, "application/pdf", f"ket-qua-{document.dossier.code}.pdf"
    )


@officer_required
@require_POST
def result_attach_view(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """The result PDF of a decided dossier, from its page."""
    dossier = dossier_get(user=request.user, code=code)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise DossierError(_("Hãy chọn tệp PDF kết quả."))
        document = result_document_attach(actor=request.user, dossier=dossier, upload=upload)
    except DossierError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Đã đính kèm kết quả, mã xác thực %(code)s.") % {"code": document.code}
        )
    return redirect("dossiers:detail", code=dossier.code)


@officer_required
@require_POST
def result_revoke_view(request: AuthenticatedHttpRequest, code: str, pk: int) -> HttpResponse:
    document = result_document_get(user=request.user, code=code, pk=pk)
    try:
        result_document_revoke(
            actor=request.user,
            document=document,
            reason=request.POST.get("reason", "")[:2000],
        )
    except DossierError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã thu hồi kết quả %(code)s.") % {"code": document.code})
    return redirect("dossiers:detail", code=code)
