"""Officer screens: the counter (receive, supplement, refuse), the work queue, the online
queue, and the dossier page with the actions the viewer's role allows. Every dossier is
found through the scoped selectors: another agency's dossier does not exist (404).
At the end, the public verification page of electronic results (no sign-in)."""

import uuid
from datetime import date, datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.accounts.decorators import officer_required
from motcua.accounts.fields import PersonalIdField
from motcua.accounts.http import AuthenticatedHttpRequest
from motcua.accounts.models import Role, User
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.catalog.routing import RoutingError, competent_choices
from motcua.catalog.selectors import procedure_get, procedure_search, procedure_version_on, today
from motcua.core import formatting
from motcua.core.access_log import AccessChannel, access_record, channel_label
from motcua.core.http import client_ip
from motcua.core.models import AuditEvent
from motcua.dossiers import actions, queries, search, selectors
from motcua.dossiers.action_forms import ActionForm, forms_for
from motcua.dossiers.clock import Colour
from motcua.dossiers.forms import ApplicantForm, ReceiveForm
from motcua.dossiers.models import STATE_LABELS, Channel, Dossier, DossierStep
from motcua.dossiers.preconditions import receipt_blockers
from motcua.dossiers.presentation import COLOURS, EVENT_LABELS, handler_change
from motcua.dossiers.printed import PrintedKind
from motcua.dossiers.queue_export import EXPORT_LIMIT, queue_xlsx
from motcua.dossiers.queue_export import filename as queue_export_filename
from motcua.dossiers.queue_form import QueueForm
from motcua.dossiers.results import (
    ResultCheck,
    normalised_code,
    result_verify_by_code,
    result_verify_by_hash,
    result_verify_file,
)
from motcua.dossiers.states import (
    DECIDED,
    TRANSITIONS,
    Action,
    State,
    actions_now,
    holds_step,
)
from motcua.dossiers.tracking import TOO_MANY, tracking_allowed
from motcua.dossiers.uploads import UploadRejected, upload_check
from motcua.units.models import Agency
from motcua.workdays.selectors import working_calendar

PAGE_SIZE = 25
PRINT_SIZE = 1000
# `?print=receipt` on the dossier page, right after "Tiếp nhận và in giấy hẹn".
PRINT_PARAM = "print"
MAX_QUERY = 100
TYPEAHEAD_SIZE = 8


def _is_partial(request: HttpRequest) -> bool:
    # htmx swaps in a fragment; a history restore needs the whole page.
    return bool(request.headers.get("HX-Request")) and not request.headers.get(
        "HX-History-Restore-Request"
    )


# --- the work queue ------------------------------------------------------------------------


def _can_receive(user: User) -> bool:
    return user.role in TRANSITIONS[Action.RECEIVE].roles


def _queue_form(request: AuthenticatedHttpRequest) -> QueueForm:
    form = QueueForm(request.GET, user=request.user, listing=request.GET.get("list", ""))
    form.is_valid()  # the valid part filters; the rest is shown as errors
    return form


def _queue_title(filters: queries.QueueFilters) -> str:
    if filters.every_state:
        return _("Tất cả hồ sơ")
    return _("Hồ sơ chờ trả kết quả") if filters.to_return else _("Hồ sơ cần xử lý")


@officer_required
@require_GET
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = _queue_form(request)
    filters = form.filters()
    dossiers = queries.queue_dossiers(user=request.user, filters=filters)
    if search.terms(filters.text).personal_id:
        # A search by ID number reads whom that number names (the count, not the list).
        access_record(
            actor=request.user,
            channel=AccessChannel.SEARCH,
            agency=request.user.agency,
            payload={"count": dossiers.count()},
        )
    # To print, the whole list (up to PRINT_SIZE) on one page that opens the print dialog.
    printing = request.GET.get("print") == "1"
    size, number = (PRINT_SIZE, 1) if printing else (PAGE_SIZE, request.GET.get("page"))
    page = Paginator(dossiers, size).get_page(number)
    query = request.GET.copy()
    for name in ("page", "print"):
        query.pop(name, None)
    rows = [
        {"dossier": row.dossier, "colour": row.colour.value, **_tone(row.colour)}
        for row in queries.queue_rows(page)
    ]
    context = {
        "form": form,
        "title": _queue_title(filters),
        "summary": form.summary(),
        "page": page,
        "rows": rows,
        "answered": selectors.supplement_answered_ids(
            ids=[row["dossier"].pk for row in rows if row["dossier"].is_paused]
        ),
        "legend": list(COLOURS.values()),
        "to_return": filters.to_return,
        "every_state": filters.every_state,
        "export_limit": EXPORT_LIMIT,
        "printing": printing,
        "print_size": PRINT_SIZE,
        "query": query.urlencode(),
        "query_string": query.urlencode() + "&" if query else "",
        "can_receive": _can_receive(request.user),
    }
    template = "dossiers/_queue_table.html" if _is_partial(request) else "dossiers/queue.html"
    return render(request, template, context)


@officer_required
@require_GET
def queue_export(request: AuthenticatedHttpRequest) -> HttpResponse | FileResponse:
    """The queue as filtered, as a spreadsheet; a filter in error goes back to the queue,
    which names it."""
    form = _queue_form(request)
    if form.errors:
        return redirect(f"{reverse('dossiers:queue')}?{request.GET.urlencode()}")
    filters = form.filters()
    now = timezone.now()
    dossiers = queries.queue_dossiers(user=request.user, filters=filters)
    data = queue_xlsx(
        dossiers=dossiers, title=_queue_title(filters), summary=form.summary(), now=now
    )
    # The sheet lists ID numbers: one access event for the export, with its size.
    access_record(
        actor=request.user,
        channel=AccessChannel.EXPORT,
        agency=request.user.agency,
        payload={"count": min(dossiers.count(), EXPORT_LIMIT)},
    )
    return FileResponse(
        data,
        as_attachment=True,
        filename=queue_export_filename(now),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _tone(colour: Colour) -> dict[str, Any]:
    tone, label = COLOURS[colour]
    return {"tone": tone, "label": label}


@officer_required
@require_GET
def online_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What citizens sent online: new dossiers to receive or refuse (oldest first),
    supplements answered, requests to stop."""
    return render(
        request, "dossiers/online_queue.html", {"queue": selectors.online_queue(user=request.user)}
    )


# --- the counter ---------------------------------------------------------------------------


def _receive_context(request: HttpRequest, procedure: Procedure | None) -> dict[str, Any]:
    version = procedure_version_on(procedure=procedure, on_date=today()) if procedure else None
    return {"procedure": procedure, "version": version}


def _competent_choices(user: User, version: ProcedureVersion) -> tuple[list[Agency], str]:
    """The agencies that may decide a dossier received at the user's desk (the default
    first), or why none can."""
    if user.agency is None:
        return [], ""
    try:
        return competent_choices(user.agency, version), ""
    except RoutingError as error:
        return [], error.message


@officer_required
@require_http_methods(["GET", "POST"])
def receive(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The counter screen. A procedure picked (`?procedure=<slug>`) brings its checklist;
    the form then receives, issues a supplement request, or refuses, by the button."""
    if not _can_receive(request.user):
        message = _("Chỉ cán bộ một cửa hoặc quản lý trung tâm tiếp nhận hồ sơ.")
        return render(request, "dossiers/receive.html", {"refused": message}, status=403)
    source = request.POST if request.method == "POST" else request.GET
    procedure = procedure_get(key=source.get("procedure", "")[:MAX_QUERY])
    context = _receive_context(request, procedure)
    version = context["version"]
    if version is None or procedure is None:  # no procedure, no version
        if procedure is not None:
            messages.error(request, _("Thủ tục này không có phiên bản còn hiệu lực hôm nay."))
        context["results"] = procedure_search(query="")[:TYPEAHEAD_SIZE]
        return render(request, "dossiers/receive.html", context)
    choices, context["competent_error"] = _competent_choices(request.user, version)
    if request.method == "GET":
        form = ReceiveForm(
            version=version,
            initial={"idempotency_key": uuid.uuid4().hex},
            competent_choices=choices,
        )
    else:
        form = ReceiveForm(request.POST, version=version, competent_choices=choices)
        if form.is_valid():
            try:
                dossier = _counter_act(request.user, form, procedure, request.POST.get("do"))
            except actions.DossierError as error:
                form.add_error(None, error.message)
                if isinstance(error, actions.IdempotencyMismatch):
                    form.renew_key()  # it made another dossier: sent again, it makes a new one
            else:
                messages.success(request, _("Đã lập hồ sơ %(code)s.") % {"code": dossier.code})
                target = reverse("dossiers:detail", args=[dossier.code])
                if request.POST.get("do") == "receive":
                    target += f"?{PRINT_PARAM}={PrintedKind.RECEIPT}"  # the page prints it
                return redirect(target)
    context["form"] = form
    return render(request, "dossiers/receive.html", context, status=400 if form.errors else 200)


def _counter_act(actor: User, form: ReceiveForm, procedure: Procedure, do: str | None) -> Dossier:
    data = form.cleaned_data
    # What every outcome at the counter records: who, what, for whom, how, which form.
    counter: dict[str, Any] = {
        "actor": actor,
        "procedure": procedure,
        "applicant": form.applicant(),
        "channel": data["channel"],
        "idempotency_key": data["idempotency_key"],
        "agency": form.competent(),
    }
    if do == "refuse":
        return actions.dossier_refuse_at_reception(**counter, reasons=form.refusal_reasons_list())
    receipt = actions.dossier_receive(
        **counter,
        documents=form.documents(),
        sets=data["sets"],
        note=data["note"],
        supplement=form.supplement_items() if do == "supplement" else None,
    )
    return receipt.dossier


@officer_required
@require_GET
def receive_procedures(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Type-ahead: procedures in force matching what the counter officer typed."""
    query = request.GET.get("q", "")[:MAX_QUERY]
    results = procedure_search(query=query)[:TYPEAHEAD_SIZE]
    return render(request, "dossiers/_procedure_results.html", {"results": results})


@officer_required
@require_GET
def receive_applicant(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The applicant fields again, with the details of this ID number's last dossier put
    into the boxes the officer left empty."""
    typed = {
        name: request.GET.get(name, "")[: MAX_QUERY * 4] for name in ApplicantForm.APPLICANT_FIELDS
    }
    id_error, previous = "", None
    try:
        personal_id = PersonalIdField(required=False).clean(typed["applicant_personal_id"])
    except ValidationError as error:
        id_error = error.messages[0]
    else:
        previous = queries.applicant_last_seen(user=request.user, personal_id=personal_id)
    if previous is not None:
        actions.applicant_details_read_record(actor=request.user, source=previous)
        for name in queries.APPLICANT_FIELDS:
            value = getattr(previous, name)
            if value and not typed[name]:
                typed[name] = value.isoformat() if isinstance(value, date) else value
    context = {"form": ApplicantForm(initial=typed), "previous": previous, "id_error": id_error}
    return render(request, "dossiers/_applicant.html", context)


# --- the dossier page ----------------------------------------------------------------------


def _action_forms(user: User, dossier: Dossier, step: DossierStep | None) -> list[ActionForm]:
    """The forms of the actions the viewer can take now — no button that can only fail.
    `step`: the dossier's current step."""
    role = "citizen" if user.is_citizen else user.role
    allowed = actions_now(dossier.state, role, user.agency_id, step, user_id=user.pk)
    if (
        step is not None
        and dossier.state == State.APPROVED
        and not selectors.next_planned_step(dossier=dossier, after=step)
    ):
        # Signed and at its hand-over step: nothing left to hand on.
        allowed = [action for action in allowed if action != Action.TRANSFER]
    return [
        form(dossier=dossier)
        for form in forms_for(dossier).values()
        if (form.requires or form.action) in allowed
    ]


def _waiting_for(user: User, step: DossierStep | None) -> str:
    """Whom the dossier at `step` waits for, when it is not the viewer: "Đang chờ Chuyên
    viên của UBND phường Từ Liêm xử lý bước “Thẩm định hồ sơ”", or the officer named to
    it: "Đang chờ Đỗ Thị Hoa (Chuyên viên của UBND phường Từ Liêm) xử lý bước …"."""
    if step is None or holds_step(user.role, user.agency_id, step, user_id=user.pk):
        return ""
    words = {"role": Role(step.role).label, "agency": step.agency.name, "step": step.name}
    if step.handler is not None:
        return _("Đang chờ %(name)s (%(role)s của %(agency)s) xử lý bước “%(step)s”.") % {
            **words,
            "name": step.handler.get_full_name(),
        }
    return _("Đang chờ %(role)s của %(agency)s xử lý bước “%(step)s”.") % words


def _accesses(events: list[AuditEvent]) -> list[dict[str, Any]]:
    return [
        {
            "event": event,
            "actor": event.actor.get_full_name() if event.actor else event.actor_username,
            "channel": channel_label(event),
        }
        for event in events
    ]


def _timeline(events: list[AuditEvent]) -> list[dict[str, Any]]:
    labels = {state.value: label for state, label in STATE_LABELS.items()}
    return [
        {
            "event": event,
            "label": EVENT_LABELS.get(event.action.removeprefix("dossier."), event.action),
            "change": handler_change(event.action.removeprefix("dossier."), event.payload),
            "actor": event.actor.get_full_name() if event.actor else event.actor_username,
            "from_state": labels.get(event.from_state, event.from_state),
            "to_state": labels.get(event.to_state, event.to_state),
        }
        for event in events
    ]


def _time_left(dossier: Dossier, now: datetime) -> str:
    """Working time until the appointment, as "2 ngày 3,5 giờ làm việc"; "" when the
    clock does not run or the time is up."""
    if dossier.due_at is None or dossier.is_paused or dossier.finished_at or now >= dossier.due_at:
        return ""
    calendar = working_calendar(agency=dossier.agency)
    hours = calendar.working_time_between(now, dossier.due_at).total_seconds() / 3600
    days, rest = divmod(hours, calendar.hours_per_day)
    parts = [_("%(n)s ngày") % {"n": formatting.number(int(days))}] if days else []
    if round(rest, 1) or not parts:
        parts.append(_("%(n)s giờ") % {"n": formatting.number(round(rest, 1))})
    return _("%(time)s làm việc") % {"time": " ".join(parts)}


def _detail(
    request: AuthenticatedHttpRequest, dossier: Dossier, bound: ActionForm | None = None
) -> HttpResponse:
    """`dossier`: found through the viewer's scope."""
    now = timezone.now()
    detail = selectors.dossier_detail(user=request.user, pk=dossier.pk, now=now)
    step = selectors.current_step(dossier=detail.dossier)
    forms = [
        bound if bound is not None and bound.action == form.action else form
        for form in _action_forms(request.user, detail.dossier, step)
    ]
    online = _online_context(detail.dossier)
    stop_request = online["online"].stop_request if online else None
    for form in forms:
        if form.action == Action.STOP and stop_request is not None and not form.is_bound:
            # The centre answers the citizen's request: the notice says it was theirs.
            form.initial.update({"reason": stop_request.reason, "at_citizen_request": True})
    context = {
        "detail": detail,
        "dossier": detail.dossier,
        **online,
        # A result exists only once decided: other dossiers cost no query for it.
        "results": list(detail.dossier.results.all()) if dossier.state in DECIDED else [],
        "can_attach_result": detail.dossier.state in DECIDED,
        "tone": _tone(detail.colour),
        "time_left": _time_left(detail.dossier, now),
        "timeline": _timeline(detail.timeline),
        "accesses": _accesses(selectors.dossier_accesses(user=request.user, dossier=dossier)),
        "action_forms": forms,
        "waiting_for": _waiting_for(request.user, step),
        "current_step": step,
        "print_receipt": request.GET.get(PRINT_PARAM) == PrintedKind.RECEIPT
        and dossier.due_at is not None,
        "apologies": list(dossier.apologies.all()),
        "obligations": list(dossier.obligations.all()),
        "early_notices": list(dossier.early_return_notices.all()),
        "stop_notice": getattr(dossier, "stop_notice", None),
        "withdrawal": getattr(dossier, "withdrawal", None),
    }
    return render(request, "dossiers/detail.html", context, status=400 if bound else 200)


def _online_context(dossier: Dossier) -> dict[str, Any]:
    """The e-form, the citizen's answers and requests, what stands against receiving it
    (the fee status among them): online only."""
    if dossier.channel != Channel.ONLINE:
        return {}
    return {
        "online": selectors.online_detail(dossier=dossier),
        "receipt_blockers": receipt_blockers(dossier=dossier),
    }


@officer_required
@require_GET
def detail(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """The page shows the applicant's details: each view is an access event (a refused
    action showing the page again is not one more)."""
    dossier = selectors.dossier_get(user=request.user, code=code)
    access_record(
        actor=request.user, channel=AccessChannel.PAGE, agency=request.user.agency, target=dossier
    )
    return _detail(request, dossier)


@officer_required
@require_POST
def act(request: AuthenticatedHttpRequest, code: str, action: str) -> HttpResponse:
    """One action on the dossier; a refusal shows its reason and changes nothing."""
    dossier = selectors.dossier_get(user=request.user, code=code)
    try:
        form_class = forms_for(dossier)[Action(action)]
    except (ValueError, KeyError):
        raise Http404 from None
    form = form_class(request.POST, dossier=dossier)
    if not form.is_valid():
        return _detail(request, dossier, bound=form)
    try:
        form.run(actor=request.user)
    except actions.DossierError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã thực hiện: %(action)s.") % {"action": form_class.label})
    return redirect("dossiers:detail", code=dossier.code)


# --- public verification of electronic results --------------------------------------------


NOT_ISSUED = gettext_lazy(
    "Không tìm thấy kết quả nào được cấp với mã hoặc tệp này. Hãy kiểm tra lại mã xác thực, "
    "hoặc tải lên đúng tệp PDF đã nhận (không in, không chỉnh sửa)."
)


def _verify_page(
    request: HttpRequest, *, found: ResultCheck | None, error: str = "", status: int = 200
) -> HttpResponse:
    response = render(
        request,
        "dossiers/verify.html",
        {"found": found, "error": error, "sha256": request.POST.get("sha256", "")[:100]},
        status=status,
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def verify_search(request: HttpRequest) -> HttpResponse:
    """Anyone checks a result: the verification code printed on it, its PDF file, or its
    SHA-256. Shares the per-address limit of the tracking page (public lookups)."""
    if request.method == "GET":
        return _verify_page(request, found=None)
    if not tracking_allowed(ip=client_ip(request)):
        return _verify_page(request, found=None, error=str(TOO_MANY), status=429)
    code = normalised_code(request.POST.get("code", ""))
    upload = request.FILES.get("file")
    sha256 = request.POST.get("sha256", "").strip()
    if code:
        return redirect("verify:check", code=code)
    if upload is not None:
        try:
            upload_check(upload)
        except UploadRejected as error:
            return _verify_page(request, found=None, error=error.message, status=400)
        found = result_verify_file(upload=upload)
    elif sha256:
        found = result_verify_by_hash(sha256=sha256)
    else:
        message = _("Hãy nhập mã xác thực, chọn tệp PDF hoặc dán mã băm SHA-256.")
        return _verify_page(request, found=None, error=message, status=400)
    if found is None:
        return _verify_page(request, found=None, error=str(NOT_ISSUED), status=404)
    return _verify_page(request, found=found)


@never_cache
@require_GET
def verify_check(request: HttpRequest, code: str) -> HttpResponse:
    """`/verify/<code>/`: the link or QR printed on the result."""
    if not tracking_allowed(ip=client_ip(request)):
        return _verify_page(request, found=None, error=str(TOO_MANY), status=429)
    found = result_verify_by_code(code=code)
    if found is None:
        return _verify_page(request, found=None, error=str(NOT_ISSUED), status=404)
    return _verify_page(request, found=found)
