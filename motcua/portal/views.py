"""The citizen portal's pages. Thin: reads through `selectors`, writes through `services`
and the dossiers' online services; every object is found within the signed-in citizen's
own records (anything else is 404)."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from motcua.accounts.decorators import citizen_required
from motcua.accounts.http import AuthenticatedHttpRequest
from motcua.catalog.caching import catalog_version
from motcua.catalog.models import OnlineLevel
from motcua.catalog.selectors import today
from motcua.dossiers.actions import (
    DossierError,
    OnlineFile,
    dossier_stop_request,
    dossier_supplement_submit_online,
    dossier_withdraw,
)
from motcua.dossiers.models import STATE_LABELS, Dossier
from motcua.dossiers.pdf import PdfUnavailable
from motcua.dossiers.presentation import EVENT_LABELS
from motcua.dossiers.printed import (
    PRINTED_FORMS,
    PrintedKind,
    PrintedNotAvailable,
    printed_filename,
    printed_pdf,
)
from motcua.dossiers.selectors import dossier_detail, dossier_get
from motcua.dossiers.states import DECIDED, Action, State, allowed_actions
from motcua.feedback.selectors import dossier_rateable, online_rating_of
from motcua.payments.selectors import dossier_fee_summary
from motcua.portal import selectors, services
from motcua.portal.eforms import missing_fields
from motcua.portal.models import Draft, new_key
from motcua.units.models import Agency

View = Callable[..., HttpResponseBase]

# The notices a citizen may download (the control slip is the centre's internal paper).
CITIZEN_NOTICES = (
    PrintedKind.RECEIPT,
    PrintedKind.SUPPLEMENT,
    PrintedKind.REFUSAL,
    PrintedKind.APOLOGY,
    PrintedKind.STOP,
)
ONLINE_EVENT_LABELS = {
    Action.SUBMIT_ONLINE: gettext_lazy("Nộp hồ sơ trực tuyến"),
    Action.SUPPLEMENT_SUBMIT_ONLINE: gettext_lazy("Gửi giấy tờ bổ sung"),
    Action.STOP_REQUEST: gettext_lazy("Đề nghị dừng xử lý"),
    Action.WITHDRAW: gettext_lazy("Rút hồ sơ"),
}
LEVEL_TONES: dict[str, str] = {OnlineLevel.FULL: "success", OnlineLevel.PARTIAL: "info"}


def home(request: HttpRequest) -> HttpResponse:
    """Procedures offered online, searchable, with their level."""
    query = request.GET.get("q", "").strip()[:200]

    def rows() -> list[dict[str, Any]]:  # read only when the cached list is missing
        return [
            {"item": item, "tone": LEVEL_TONES.get(item.version.online_level, "secondary")}
            for item in selectors.online_procedures(query=query)
        ]

    context = {"rows": rows, "query": query, "catalog_version": catalog_version(), "today": today()}
    return render(request, "portal/home.html", context)


# --- the e-form -------------------------------------------------------------------------


def _agency_from(request: HttpRequest) -> Agency | None:
    try:
        pk = int(request.POST.get("agency") or 0)
    except ValueError:
        return None
    return Agency.objects.filter(pk=pk).first() if pk else None


def _uploads(request: AuthenticatedHttpRequest) -> list[tuple[int, UploadedFile]]:
    """Every file chosen in a checklist item's input (`file_<requirement id>`)."""
    return [
        (int(name[5:]), upload)
        for name in request.FILES
        if name.startswith("file_") and name[5:].isdigit()
        for upload in request.FILES.getlist(name)
    ]


@citizen_required
@require_http_methods(["GET", "POST"])
def eform(request: AuthenticatedHttpRequest, procedure_code: str) -> HttpResponse:
    """`/portal/apply/<code>/`: the e-form with its uploads. Every POST keeps what was
    typed and attaches the chosen files (the draft), then saves, removes a file, deletes
    the draft, or submits."""
    offered = selectors.online_procedure(code=procedure_code)
    procedure, version = offered.procedure, offered.version
    user = request.user
    fields = selectors.eform_fields(version=version)
    draft = selectors.draft_find(user=user, procedure=procedure)
    errors: dict[str, str] = {}
    missing_files: list[str] = []
    values: dict[str, str] | None = None
    agency: Agency | None = None
    if request.method == "POST":
        action = request.POST.get("action", "save")
        agency = _agency_from(request)
        try:
            if action == "delete":
                if draft is not None:
                    services.draft_delete(actor=user, draft=draft)
                messages.success(request, _("Đã xóa hồ sơ nháp."))
                return redirect("portal:my_dossiers")
            if action == "submit":
                return _submit(request, offered, draft, agency)
            # Out of reach (another citizen's file) is 404 before anything is written.
            item = (
                selectors.draft_file_get(user=user, pk=int(action[7:] or 0))
                if action.startswith("remove:")
                else None
            )
            uploads = _uploads(request)
            services.draft_keep(
                actor=user,
                procedure=procedure,
                draft=draft,
                key=request.POST.get("key", ""),
                values=request.POST,
                agency=agency,
                uploads=uploads,
                remove=item,
                version=version,
            )
            added = len(uploads)
            if item is not None:
                messages.success(request, _("Đã bỏ tệp “%(name)s”.") % {"name": item.original_name})
            elif added:
                messages.success(request, _("Đã tải lên %(n)s tệp và lưu nháp.") % {"n": added})
            else:
                messages.success(request, _("Đã lưu nháp."))
            return redirect("portal:form", procedure_code=procedure_code)
        except services.FormInvalid as error:
            errors, missing_files = error.errors, error.missing_files
            messages.error(request, error.message)
        except services.PortalError as error:
            messages.error(request, error.message)
        except ValueError:
            raise Http404 from None
        values = {spec.key: request.POST.get(spec.key, "").strip() for spec in fields}
        draft = selectors.draft_find(user=user, procedure=procedure)
    elif draft is not None:
        agency = draft.agency
    if values is None:
        values = selectors.initial_values(user=user, fields=fields, draft=draft)
    return render(
        request,
        "portal/eform.html",
        _eform_context(procedure, version, fields, draft, values, errors, missing_files, agency),
        status=400 if errors or missing_files else 200,
    )


def _submit(
    request: AuthenticatedHttpRequest,
    offered: selectors.OnlineProcedure,
    draft: Draft | None,
    agency: Agency | None,
) -> HttpResponse:
    """Submit under the key the page embedded. What was typed and the files chosen with
    the click are kept in the draft first (they stay there when the form is refused as
    incomplete)."""
    user = request.user
    version = offered.version
    key = request.POST.get("key", "")
    draft = services.draft_keep(
        actor=user,
        procedure=offered.procedure,
        draft=draft,
        key=key,
        values=request.POST,
        agency=agency,
        uploads=_uploads(request),
        version=version,
    )
    if draft is not None:
        key = draft.key
    submission = services.draft_submit(
        actor=user, key=key, values=request.POST, agency=agency, version=version
    )
    if submission.created:
        messages.success(
            request,
            _("Đã nộp hồ sơ %(code)s. Trung tâm sẽ kiểm tra và thông báo cho bạn.")
            % {"code": submission.dossier.code},
        )
    return redirect("portal:dossier", pk=submission.dossier.pk)


def _eform_context(
    procedure: Any,
    version: Any,
    fields: Any,
    draft: Draft | None,
    values: dict[str, str],
    errors: dict[str, str],
    missing_files: list[str],
    agency: Agency | None,
) -> dict[str, Any]:
    checklist = selectors.checklist(version=version, draft=draft)
    agencies = list(selectors.online_agencies(procedure=procedure))
    if agency is None and len(agencies) == 1:
        agency = agencies[0]
    sections: list[dict[str, Any]] = []
    for spec in fields:
        if not sections or (spec.section and spec.section != sections[-1]["title"]):
            sections.append({"title": spec.section, "fields": []})
        sections[-1]["fields"].append(
            {"spec": spec, "value": values.get(spec.key, ""), "error": errors.get(spec.key, "")}
        )
    missing = [*missing_fields(fields, values)]
    if agency is None:
        missing.append(str(_("Cơ quan giải quyết")))
    missing += [item.requirement.name for item in checklist if item.missing]
    return {
        "procedure": procedure,
        "version": version,
        "draft": draft,
        "sections": sections,
        "checklist": checklist,
        "agencies": agencies,
        "agency": agency,
        "agency_error": errors.get("agency", ""),
        "errors": errors,
        "error_labels": [
            (spec.key, spec.label, errors[spec.key]) for spec in fields if spec.key in errors
        ],
        "missing_files": missing_files,
        "missing": missing,
        # Without a draft yet, the key the first POST creates it under.
        "key": draft.key if draft else new_key(),
        "today": timezone.localdate(),
        "unit_names": selectors.unit_names() if any(spec.type == "unit" for spec in fields) else [],
    }


@citizen_required
def draft_file(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """One of the citizen's own draft files, to check what was uploaded."""
    item = selectors.draft_file_get(user=request.user, pk=pk)
    return FileResponse(
        item.file.open("rb"),
        content_type=item.content_type,
        headers={"Cache-Control": "private, no-store"},
    )


# --- my dossiers ------------------------------------------------------------------------


@citizen_required
def my_dossiers(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "portal/my_dossiers.html",
        {
            "drafts": selectors.my_drafts(user=user),
            "dossiers": selectors.my_dossiers(user=user)[:200],
            "state_labels": STATE_LABELS,
            "draft_days": settings.PORTAL_DRAFT_DAYS,
        },
    )


def _timeline(events: list[Any]) -> list[dict[str, Any]]:
    """What happened to the dossier, in the citizen's words; internal acts (a scan added,
    a step handed on) are the centre's business."""
    rows = []
    for event in events:
        action = event.action.removeprefix("dossier.")
        label = ONLINE_EVENT_LABELS.get(action) or EVENT_LABELS.get(action)
        if label is None:
            continue
        rows.append(
            {
                "at": event.occurred_at,
                "label": label,
                "state": STATE_LABELS.get(State(event.to_state)) if event.to_state else "",
                "reason": event.reason,
            }
        )
    return rows


def _dossier_context(request: AuthenticatedHttpRequest, pk: int) -> dict[str, Any]:
    detail = dossier_detail(user=request.user, pk=pk)
    dossier = detail.dossier
    actions = allowed_actions(dossier.state, "citizen")
    supplement = next((s for s in reversed(detail.supplements) if s.received_at is None), None)
    issued = {
        PrintedKind.RECEIPT: dossier.received_at is not None
        and dossier.state != State.NOT_RECEIVED,
        PrintedKind.SUPPLEMENT: bool(detail.supplements),
        PrintedKind.REFUSAL: bool(detail.refusals),
        PrintedKind.APOLOGY: dossier.apology_count > 0,
        PrintedKind.STOP: dossier.state == State.STOPPED,
    }
    # The latest of each kind (the PDF view picks the latest by default).
    notices = [
        {"title": PRINTED_FORMS[kind].title, "url": reverse("portal:notice", args=[pk, kind.value])}
        for kind in CITIZEN_NOTICES
        if issued[kind]
    ]
    fees = dossier_fee_summary(dossier=dossier)
    return {
        "dossier": dossier,
        "state_label": STATE_LABELS[State(dossier.state)],
        "detail": detail,
        "supplement": supplement,
        "supplement_items": list(supplement.items.all()) if supplement else [],
        # Sent and waiting for the officer to check: said, so the citizen does not resend.
        "supplement_answer": supplement.answers.order_by("-submitted_at").first()
        if supplement
        else None,
        "can_answer_supplement": supplement is not None
        and Action.SUPPLEMENT_SUBMIT_ONLINE in actions,
        "can_withdraw": Action.WITHDRAW in actions,
        "can_ask_stop": Action.STOP_REQUEST in actions,
        "timeline": _timeline(detail.timeline),
        "fees": fees,
        "notices": notices,
        # The electronic result, to download and to check on the public verification page
        # (a result exists only once decided: other dossiers cost no query for it).
        "results": list(dossier.results.all()) if dossier.state in DECIDED else [],
        "pay_url": reverse("payments:pay", args=[pk])
        if dossier.is_open and not fees.settled
        else "",
        "rate_url": reverse("feedback:rate", args=[pk])
        if dossier_rateable(dossier=dossier) and online_rating_of(dossier=dossier) is None
        else "",
        "feedback_url": reverse("feedback:new") + f"?dossier={pk}",
        "poll_seconds": settings.PORTAL_POLL_SECONDS if dossier.is_open else 0,
    }


@citizen_required
def dossier(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """`/portal/dossiers/<pk>/`: state, appointment, notices, supplement, actions."""
    context = _dossier_context(request, pk)
    if request.headers.get("HX-Request"):
        return render(request, "portal/_dossier_state.html", context)
    return render(request, "portal/dossier.html", context)


def _act(request: AuthenticatedHttpRequest, pk: int, do: Callable[[Dossier], str]) -> HttpResponse:
    dossier = dossier_get(user=request.user, pk=pk)
    try:
        messages.success(request, do(dossier))
    except DossierError as error:
        messages.error(request, error.message)
    return redirect("portal:dossier", pk=pk)


@citizen_required
@require_POST
def withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def do(dossier: Dossier) -> str:
        dossier_withdraw(
            actor=request.user,
            dossier=dossier,
            reason=request.POST.get("reason", "")[:1000],
            expected_version=_int(request.POST.get("version")),
        )
        return _("Đã rút hồ sơ %(code)s.") % {"code": dossier.code}

    return _act(request, pk, do)


@citizen_required
@require_POST
def stop_request(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def do(dossier: Dossier) -> str:
        dossier_stop_request(
            actor=request.user,
            dossier=dossier,
            reason=request.POST.get("reason", "")[:1000],
        )
        return _("Đã gửi đề nghị dừng xử lý; trung tâm sẽ trả lời bạn.")

    return _act(request, pk, do)


@citizen_required
@require_POST
def supplement(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Answer the open supplement request: a file (or several) per item, one submit."""

    def do(dossier: Dossier) -> str:
        files = [
            OnlineFile(
                requirement_id=_int(name.removeprefix("item_")) or None,
                file=upload,
                original_name=upload.name or "",
            )
            for name in request.FILES
            if name.startswith("item_")
            for upload in request.FILES.getlist(name)
        ]
        dossier_supplement_submit_online(
            actor=request.user,
            dossier=dossier,
            files=files,
            note=request.POST.get("note", "")[:2000],
            expected_version=_int(request.POST.get("version")),
        )
        return _("Đã gửi giấy tờ bổ sung; trung tâm sẽ kiểm tra và thông báo cho bạn.")

    return _act(request, pk, do)


@citizen_required
def notice(request: AuthenticatedHttpRequest, pk: int, form: str) -> HttpResponse:
    """A notice the centre issued for the citizen's own dossier, as its PDF."""
    dossier = dossier_get(user=request.user, pk=pk)
    try:
        kind = PrintedKind(form)
        if kind not in CITIZEN_NOTICES:
            raise PrintedNotAvailable
        n = int(request.GET["n"]) if "n" in request.GET else None
        data = printed_pdf(user=request.user, dossier=dossier, kind=kind, n=n)
    except (ValueError, PrintedNotAvailable) as error:
        raise Http404 from error
    except PdfUnavailable as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    headers = {
        "Content-Disposition": f'inline; filename="{printed_filename(dossier=dossier, kind=kind)}"',
        "Cache-Control": "private, no-store",
    }
    return HttpResponse(data, content_type="application/pdf", headers=headers)


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text else None
    except ValueError:
        return None
