"""The hall's screens: the kiosk and its printed ticket, the follow-on-phone page, the
counter panel, the display board with its event stream, and the rating device.

The kiosk, the board and the rating device are devices standing in the hall, enrolled by
the centre's manager (`device_access`): any other browser gets a 403 page, except that an
officer of the hall's agency may watch its board. The counter panel is an officer's and
is found through the scoped queries (another agency's counter does not exist). Every
write goes through `services`.
"""

import math
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import timedelta
from functools import partial
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.core.handlers.asgi import ASGIRequest
from django.http import Http404, HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.accounts.decorators import officer_required
from motcua.accounts.http import AuthenticatedHttpRequest
from motcua.accounts.models import User
from motcua.core.http import client_ip
from motcua.core.ratelimit import rate_allowed
from motcua.dossiers.selectors import dossier_get
from motcua.hall import events, queries, selectors
from motcua.hall.device_access import device_refused, enrolled_device, officer_of
from motcua.hall.forms import (
    CheckInForm,
    FinishForm,
    KioskForm,
    PauseForm,
    RatingForm,
    TransferForm,
)
from motcua.hall.models import (
    Counter,
    DeviceKind,
    Hall,
    PriorityCategory,
    RatingValue,
    ServiceGroup,
    Ticket,
)
from motcua.hall.services.common import HallError
from motcua.hall.services.counters import counter_close, counter_open, counter_pause
from motcua.hall.services.tickets import (
    appointment_check_in,
    rating_record,
    ticket_call_next,
    ticket_finish,
    ticket_issue,
    ticket_mark_no_show,
    ticket_recall,
    ticket_start,
    ticket_transfer,
)

# The follow-on-phone page reloads itself this often.
FOLLOW_REFRESH_SECONDS = 15
# A closed kiosk reloads itself this often, so it offers tickets again when work starts.
CLOSED_KIOSK_REFRESH_SECONDS = 60


def _refusal(
    request: HttpRequest, kind: DeviceKind, hall: Hall, counter: Counter | None = None
) -> HttpResponse | None:
    """None when this browser is the hall's enrolled device of `kind` (or, for a board, an
    officer of the hall's agency); else the 403 page saying whom to ask."""
    if enrolled_device(request, kind=kind, hall=hall, counter=counter) is not None:
        return None
    if kind == DeviceKind.BOARD and officer_of(request, hall):
        return None
    return device_refused(request, kind=kind, hall=hall)


@require_GET
def board(request: HttpRequest, hall_id: int) -> HttpResponse:
    hall = queries.hall_get(hall_id=hall_id)
    if refused := _refusal(request, DeviceKind.BOARD, hall):
        return refused
    return render(
        request, "hall/board.html", {"hall": hall, "snapshot": queries.board_snapshot(hall=hall)}
    )


@require_GET
def board_events(request: HttpRequest, hall_id: int) -> HttpResponse | StreamingHttpResponse:
    """The board's event stream. A revoked board is refused when it reconnects (a stream
    ends after `events.STREAM_SECONDS`)."""
    hall = queries.hall_get(hall_id=hall_id)
    if refused := _refusal(request, DeviceKind.BOARD, hall):
        return refused
    read_revision = partial(selectors.hall_revision, hall_id=hall.pk)
    read_snapshot = partial(queries.board_snapshot_shared, hall=hall)
    last_event_id = events.parse_last_event_id(request.headers.get("Last-Event-ID"))
    stream: Iterator[str] | AsyncIterator[str]
    # Under an ASGI server the stream waits without holding a thread.
    if isinstance(request, ASGIRequest):
        stream = events.stream_async(
            read_revision=read_revision, read_snapshot=read_snapshot, last_event_id=last_event_id
        )
    else:
        stream = events.stream_sync(
            read_revision=read_revision, read_snapshot=read_snapshot, last_event_id=last_event_id
        )
    response = StreamingHttpResponse(stream, content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # nginx would otherwise hold the events back
    return response


# --- the kiosk, the printed ticket, the follow-on-phone page -----------------------------


def _kiosk_page(
    request: HttpRequest, hall: Hall, form: KioskForm, status: int = 200
) -> HttpResponse:
    closure = selectors.hall_closure(hall=hall, at=timezone.now())
    if closure is not None:
        # Closed: say until when, and offer nothing to take (the services refuse anyway).
        context = {"hall": hall, "closure": closure}
        response = render(request, "hall/kiosk_closed.html", context, status=status)
        response["Refresh"] = str(CLOSED_KIOSK_REFRESH_SECONDS)
        return response
    queues = [
        {"group": q.group, "waiting": q.waiting, "position": _wait_estimate(q.estimated_wait)}
        for q in selectors.group_queues(hall=hall)
    ]
    context = {"hall": hall, "form": form, "queues": queues}
    return render(request, "hall/kiosk.html", context, status=status)


@require_http_methods(["GET", "POST"])
def kiosk(request: HttpRequest, hall_id: int) -> HttpResponse:
    hall = queries.hall_get(hall_id=hall_id)
    if refused := _refusal(request, DeviceKind.KIOSK, hall):
        return refused
    if request.method == "GET":
        return _kiosk_page(request, hall, KioskForm())
    form = KioskForm(request.POST)
    if not form.is_valid():
        return _kiosk_page(request, hall, form, status=400)
    if not rate_allowed(
        scope=f"kiosk:{hall.pk}",
        who=client_ip(request),
        limit=settings.KIOSK_RATE_LIMIT,
        per_seconds=60,
    ):
        # A person takes a ticket in seconds, not dozens a second: a flood, not a queue.
        form.add_error(
            None, _("Vừa có nhiều số được lấy liên tiếp. Vui lòng chờ một phút rồi lấy lại.")
        )
        return _kiosk_page(request, hall, form, status=429)
    group = hall.groups.filter(pk=form.cleaned_data["group"]).first()
    if group is None:
        raise Http404
    category = form.cleaned_data["category"] or PriorityCategory.NONE
    try:
        ticket = ticket_issue(hall=hall, group=group, category=category)
    except HallError as error:
        form.add_error(None, error.message)
        return _kiosk_page(request, hall, form, status=400)
    return redirect(reverse("hall:ticket", args=[ticket.token]) + "?print=1")


@require_POST
def check_in(request: HttpRequest, hall_id: int) -> HttpResponse:
    hall = queries.hall_get(hall_id=hall_id)
    if refused := _refusal(request, DeviceKind.KIOSK, hall):
        return refused
    form = CheckInForm(request.POST)
    if form.is_valid():
        try:
            ticket = appointment_check_in(booking_code=form.cleaned_data["booking_code"])
        except HallError as error:
            messages.error(request, error.message)
        else:
            if ticket.hall_id == hall.pk:
                return redirect(reverse("hall:ticket", args=[ticket.token]) + "?print=1")
            # Checked in, but the booking is for another hall: say where to go.
            messages.error(
                request,
                _("Lịch hẹn của ông/bà là tại %(hall)s, số %(code)s.")
                % {"hall": ticket.hall.name, "code": ticket.code},
            )
    else:
        messages.error(request, _("Cần nhập mã đặt lịch."))
    return redirect("hall:kiosk", hall_id=hall.pk)


def _ticket_view(token: str) -> selectors.TicketView:
    view = selectors.ticket_public(token=token)
    if view is None:
        raise Http404
    return view


def _wait_context(view: selectors.TicketView) -> dict[str, Any]:
    position = _wait_estimate(view.estimated_wait) | {"ahead": view.people_ahead}
    return {"ticket": view.ticket, "position": position}


def _wait_estimate(wait: timedelta | None) -> dict[str, Any]:
    """What `hall/_wait.html` prints: whole minutes, rounded up, or no open counter."""
    minutes = None if wait is None else math.ceil(wait.total_seconds() / 60)
    return {"wait": wait, "wait_minutes": minutes}


@require_GET
def ticket(request: HttpRequest, token: str) -> HttpResponse:
    """The ticket as the kiosk prints it (`?print=1` opens the print dialogue)."""
    view = _ticket_view(token)
    url = request.build_absolute_uri(reverse("hall:follow", args=[token]))
    qr_svg = segno.make(url, error="m").svg_inline(scale=3)
    context = _wait_context(view) | {"qr_svg": qr_svg, "follow_url": url}
    return render(request, "hall/ticket.html", context)


@require_GET
def follow(request: HttpRequest, token: str) -> HttpResponse:
    response = render(request, "hall/follow.html", _wait_context(_ticket_view(token)))
    response["Refresh"] = str(FOLLOW_REFRESH_SECONDS)
    return response


# --- the counter panel -----------------------------------------------------------------


@officer_required
@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Where an officer finds the hall's screens: its board, each counter's panel, and
    for the centre's manager the hall's enrolled devices."""
    context = {
        "halls": queries.halls_for(user=request.user),
        "can_manage_devices": selectors.can_manage_devices(request.user),
    }
    return render(request, "hall/index.html", context)


def _panel_context(counter: Counter) -> dict[str, Any]:
    ticket = selectors.counter_current_ticket(counter=counter)
    return {
        "counter": counter,
        "ticket": ticket,
        "received": queries.dossier_received_during(ticket=ticket) if ticket else "",
        "groups": counter.hall.groups.all(),
        "other_counters": counter.hall.counters.exclude(pk=counter.pk),
        "waiting": selectors.group_queues(hall=counter.hall),
    }


@officer_required
@require_GET
def counter_panel(request: AuthenticatedHttpRequest, counter_id: int) -> HttpResponse:
    counter = queries.counter_for_officer(user=request.user, counter_id=counter_id)
    return render(request, "hall/counter.html", _panel_context(counter))


def _transfer(actor: User, counter: Counter, form: TransferForm) -> Ticket:
    kind, pk = form.kind_and_id()
    # Targets outside the counter's hall do not exist for this panel.
    if kind == "group":
        group = get_object_or_404(ServiceGroup, pk=pk, hall_id=counter.hall_id)
        return ticket_transfer(actor=actor, counter=counter, to_group=group)
    target = get_object_or_404(Counter, pk=pk, hall_id=counter.hall_id)
    return ticket_transfer(actor=actor, counter=counter, to_counter=target)


def _finish(actor: User, counter: Counter, form: FinishForm) -> Ticket:
    code = form.cleaned_data["dossier_code"]
    try:
        dossier = dossier_get(user=actor, code=code) if code else None
    except Http404:
        raise HallError(_("Không tìm thấy hồ sơ %(code)s.") % {"code": code}) from None
    return ticket_finish(actor=actor, counter=counter, dossier=dossier)


def _act(actor: User, counter: Counter, action: str, data: QueryDict) -> str:
    """Do `action` through its service; the message for the officer."""
    if action == "call_next":
        called = ticket_call_next(actor=actor, counter=counter)
        if called is None:
            return _("Không có ai đang chờ quầy này.")
        return _("Đã gọi số %(code)s.") % {"code": called.code}
    if action == "pause":
        pause = PauseForm(data)
        if not pause.is_valid():
            raise HallError(_("Cần nêu lý do tạm dừng."))
        counter_pause(actor=actor, counter=counter, reason=pause.cleaned_data["reason"])
        return _("Quầy tạm dừng.")
    if action == "transfer":
        transfer = TransferForm(data)
        if not transfer.is_valid():
            raise HallError(_("Chọn nhóm dịch vụ hoặc quầy để chuyển đến."))
        moved = _transfer(actor, counter, transfer)
        return _("Đã chuyển số %(code)s.") % {"code": moved.code}
    if action == "finish":
        finish = FinishForm(data)
        finish.is_valid()  # one optional field of bounded length: valid or empty
        done = _finish(actor, counter, finish)
        return _("Đã phục vụ xong số %(code)s.") % {"code": done.code}
    SIMPLE_ACTIONS[action](actor=actor, counter=counter)
    return str(SIMPLE_MESSAGES[action])


SIMPLE_ACTIONS: dict[str, Callable[..., object]] = {
    "open": counter_open,
    "close": counter_close,
    "recall": ticket_recall,
    "no_show": ticket_mark_no_show,
    "start": ticket_start,
}
SIMPLE_MESSAGES = {
    "open": gettext_lazy("Quầy đã mở."),
    "close": gettext_lazy("Quầy đã đóng."),
    "recall": gettext_lazy("Đã gọi lại."),
    "no_show": gettext_lazy("Đã ghi vắng mặt."),
    "start": gettext_lazy("Bắt đầu phục vụ."),
}
ACTIONS = {*SIMPLE_ACTIONS, "call_next", "pause", "transfer", "finish"}


@officer_required
@require_POST
def counter_act(request: AuthenticatedHttpRequest, counter_id: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    counter = queries.counter_for_officer(user=request.user, counter_id=counter_id)
    try:
        message = _act(request.user, counter, action, request.POST)
    except HallError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, message)
    return redirect("hall:counter", counter_id=counter.pk)


# --- the rating device -----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def rating(request: HttpRequest, counter_id: int) -> HttpResponse:
    counter = queries.counter_get(counter_id=counter_id)
    if refused := _refusal(request, DeviceKind.RATING, counter.hall, counter):
        return refused
    if request.method == "POST":
        form = RatingForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Xin chọn một mức độ hài lòng."))
            return redirect("hall:rating", counter_id=counter.pk)
        served = queries.ticket_for_rating(counter=counter, ticket_id=form.cleaned_data["ticket"])
        try:
            rating_record(
                ticket=served,
                value=form.cleaned_data["value"],
                comment=form.cleaned_data["comment"],
            )
        except HallError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Cảm ơn ông/bà đã đánh giá!"))
        return redirect("hall:rating", counter_id=counter.pk)
    context = {
        "counter": counter,
        "ticket": queries.ticket_to_rate(counter=counter),
        "values": RatingValue.choices,
    }
    return render(request, "hall/rating.html", context)
