"""Officer downloads of a dossier's papers: the official forms as PDFs, the dossier
ledger, and the scanned documents. Every view finds the dossier through the scoped
selector: another agency's dossier does not exist (404)."""

from datetime import date

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua.accounts.decorators import officer_required
from motcua.accounts.scoping import can_see_agency
from motcua.dossiers.forms_data import (
    FormKind,
    FormNotAvailable,
    InvalidPeriod,
    form_filename,
    form_pdf,
    ledger_pdf,
)
from motcua.dossiers.models import Attachment
from motcua.dossiers.pdf import PdfUnavailable
from motcua.dossiers.selectors import dossier_get
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
def form_pdf_view(request: HttpRequest, code: str, form: str) -> HttpResponse:
    """`/dossiers/<code>/forms/<form>.pdf`; `?n=2` picks the 2nd supplement request,
    refusal or apology (the latest by default)."""
    dossier = dossier_get(user=request.user, code=code)
    try:
        kind = FormKind(form)
        n = int(request.GET["n"]) if "n" in request.GET else None
        data = form_pdf(user=request.user, dossier=dossier, kind=kind, n=n)
    except (ValueError, FormNotAvailable) as error:
        raise Http404 from error
    except PdfUnavailable as error:
        return _unavailable(request, error)
    return _pdf(request, data, form_filename(dossier=dossier, kind=kind))


@officer_required
def ledger_pdf_view(request: HttpRequest) -> HttpResponse:
    """`/dossiers/ledger.pdf?from=2025-07-01&to=2025-07-31[&agency=<id>]`: the ledger of
    the officer's agency (or another one they may see) for the period."""
    agency_id = request.GET.get("agency") or request.user.agency_id  # type: ignore[union-attr]
    try:
        first = date.fromisoformat(request.GET.get("from", ""))
        last = date.fromisoformat(request.GET.get("to", ""))
        agency_pk = int(agency_id or 0)
    except ValueError:
        return HttpResponse(
            _("Cần ngày đầu và ngày cuối dạng YYYY-MM-DD (from, to)."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    if not can_see_agency(request.user, agency_pk):
        raise Http404
    agency = get_object_or_404(Agency.objects.select_related("unit", "parent"), pk=agency_pk)
    try:
        data = ledger_pdf(user=request.user, agency=agency, first=first, last=last)
    except InvalidPeriod as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    except PdfUnavailable as error:
        return _unavailable(request, error)
    return _pdf(request, data, f"so-theo-doi-ho-so-{first}-{last}.pdf")


@officer_required
@require_http_methods(["GET", "POST"])
def attachments_view(request: HttpRequest, code: str) -> HttpResponse:
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


@officer_required  # type: ignore[arg-type]  # a FileResponse streams: not an HttpResponse
def attachment_download(request: HttpRequest, code: str, pk: int) -> FileResponse:
    dossier = dossier_get(user=request.user, code=code)
    attachment: Attachment = get_object_or_404(dossier.attachments, pk=pk)
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=request.GET.get("download") == "1",
        filename=attachment.original_name or f"tep.{attachment.file.name.rsplit('.', 1)[-1]}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    # A scan shown in the browser runs nothing, whatever it contains.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
