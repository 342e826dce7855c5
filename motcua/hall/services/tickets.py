"""Tickets: issued at the kiosk (walk-in or a booking checked in), called by the queue
rule, served, transferred, and rated by the citizen."""

from collections.abc import Mapping
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.accounts.scoping import can_see_agency
from motcua.core.audit import audit_record
from motcua.core.sequences import sequence_next
from motcua.core.tz import VN_TZ
from motcua.dossiers.models import Dossier
from motcua.hall import queueing, selectors
from motcua.hall.models import (
    ACTIVE_STATES,
    Appointment,
    Counter,
    CounterState,
    Hall,
    PriorityCategory,
    Rating,
    RatingValue,
    ServiceGroup,
    Ticket,
    TicketState,
)
from motcua.hall.services.common import (
    HallError,
    act_moment,
    counter_locked,
    hall_audit,
    require_idle,
    revision_bump,
)
from motcua.hall.signals import HallEvent

# --- issuing ---------------------------------------------------------------------------


def _issue(
    *,
    hall: Hall,
    group: ServiceGroup,
    category: str,
    appointment: Appointment | None,
    now: datetime,
) -> Ticket:
    if group.hall_id != hall.pk:
        raise HallError(_("Nhóm dịch vụ không thuộc sảnh này."))
    if category not in PriorityCategory.values:
        raise HallError(_("Đối tượng ưu tiên không hợp lệ."))
    # Here, so that no path issues a ticket while nobody is at work to serve it.
    closure = selectors.hall_closure(hall=hall, at=now)
    if closure is not None:
        raise HallError(closure.message)
    day = now.astimezone(VN_TZ).date()
    # Gapless per hall and day: the counter row stays locked until commit.
    number = sequence_next(key=f"hall:{hall.pk}:ticket:{day:%Y%m%d}")
    ticket = Ticket.objects.create(
        hall=hall,
        group=group,
        day=day,
        number=number,
        code=f"{group.code}{number:03d}",
        category=category,
        issued_at=now,
        appointment=appointment,
    )
    hall_audit(None, HallEvent.TICKET_ISSUED, ticket, hall, payload={"category": category})
    revision_bump(hall, HallEvent.TICKET_ISSUED)
    transaction.on_commit(lambda: ticket_auto_assign(hall=hall))
    return ticket


def ticket_issue(
    *,
    hall: Hall,
    group: ServiceGroup,
    category: str = PriorityCategory.NONE,
    at: datetime | None = None,
) -> Ticket:
    """A walk-in ticket from the kiosk (no actor: the kiosk is public)."""
    with transaction.atomic():
        return _issue(
            hall=hall, group=group, category=category, appointment=None, now=act_moment(at)
        )


def appointment_check_in(*, booking_code: str, at: datetime | None = None) -> Ticket:
    """The booked ticket, issued at the kiosk on the day of the slot."""
    now = act_moment(at)
    code = "".join(booking_code.split()).upper()
    with transaction.atomic():
        appointment = (
            Appointment.objects.select_for_update()
            .select_related("group__hall__agency")
            .filter(booking_code=code)
            .first()
        )
        if appointment is None:
            raise HallError(_("Không tìm thấy mã đặt lịch %(code)s.") % {"code": code})
        if Ticket.objects.filter(appointment=appointment).exists():
            raise HallError(_("Mã đặt lịch này đã được dùng để lấy số."))
        if appointment.slot_start.astimezone(VN_TZ).date() != now.astimezone(VN_TZ).date():
            raise HallError(
                _("Lịch hẹn của ông/bà là ngày %(day)s.")
                % {"day": f"{appointment.slot_start.astimezone(VN_TZ):%d/%m/%Y}"}
            )
        group = appointment.group
        return _issue(
            hall=group.hall,
            group=group,
            category=PriorityCategory.NONE,
            appointment=appointment,
            now=now,
        )


# --- calling and serving --------------------------------------------------------------


def _current_ticket(counter: Counter, *states: str) -> Ticket:
    """The ticket the counter has called or serves, in one of `states`."""
    ticket = (
        Ticket.objects.select_for_update()
        .filter(counter=counter, state__in=ACTIVE_STATES)
        .select_related("hall__agency", "group")
        .first()
    )
    if ticket is None:
        raise HallError(_("Quầy chưa gọi số nào."))
    if ticket.state not in states:
        if ticket.state == TicketState.CALLED:
            raise HallError(_("Số %(code)s chưa bắt đầu phục vụ.") % {"code": ticket.code})
        raise HallError(_("Số %(code)s đang được phục vụ.") % {"code": ticket.code})
    return ticket


def _take_next(actor: User | None, counter: Counter, now: datetime) -> Ticket | None:
    """Call the rule's next ticket for a locked, open, idle counter; None when none waits.

    Another counter may take a ticket between the read and the lock: on PostgreSQL its
    row is locked (skipped) or no longer waiting, and the next in the rule's order is
    tried. SQLite runs one writing transaction at a time, so there the first is free.
    """
    group_ids = list(counter.groups.values_list("id", flat=True))
    entries = selectors.waiting_entries(hall=counter.hall)
    for chosen in queueing.ranked(entries, counter_id=counter.pk, group_ids=group_ids, now=now):
        ticket = (
            Ticket.objects.select_for_update(skip_locked=True)
            .filter(pk=chosen.id, state=TicketState.WAITING)
            .first()
        )
        if ticket is None:
            continue
        ticket.state = TicketState.CALLED
        ticket.counter = counter
        ticket.officer = actor
        ticket.called_at = now
        ticket.save(update_fields=["state", "counter", "officer", "called_at"])
        hall_audit(actor, HallEvent.TICKET_CALLED, ticket, counter.hall, TicketState.WAITING)
        revision_bump(counter.hall, HallEvent.TICKET_CALLED)
        return ticket
    return None


def _callable(counter: Counter) -> None:
    if counter.state != CounterState.OPEN:
        raise HallError(_("Quầy chưa mở hoặc đang tạm dừng."))
    require_idle(counter)


def ticket_call_next(*, actor: User, counter: Counter, at: datetime | None = None) -> Ticket | None:
    """The ticket the queue rule gives this counter, or None when nobody waits for it."""
    with transaction.atomic():
        counter = counter_locked(actor, counter)
        _callable(counter)
        if counter.officer_id != actor.pk:
            raise HallError(_("Quầy đang do cán bộ khác làm việc."))
        return _take_next(actor, counter, act_moment(at))


def ticket_auto_assign(*, hall: Hall, at: datetime | None = None) -> list[Ticket]:
    """Call the next ticket at every open, idle counter of `hall` with auto-assign on.

    Each counter is its own transaction, so one busy counter does not hold the others.
    """
    called = []
    now = act_moment(at)
    idle = (
        Counter.objects.filter(hall=hall, auto_assign=True, state=CounterState.OPEN)
        .exclude(tickets__state__in=ACTIVE_STATES)
        .values_list("pk", flat=True)
    )
    for counter_id in idle:
        with transaction.atomic():
            counter = (
                Counter.objects.select_for_update(of=("self",))
                .select_related("hall__agency", "officer")
                .get(pk=counter_id)
            )
            try:
                _callable(counter)
            except HallError:
                continue  # it changed since the read: a busy or closed counter is skipped
            ticket = _take_next(counter.officer, counter, now)
        if ticket is not None:
            called.append(ticket)
    return called


def ticket_recall(*, actor: User, counter: Counter) -> Ticket:
    """Call the counter's called ticket once more (the board shows it again)."""
    with transaction.atomic():
        counter = counter_locked(actor, counter)
        ticket = _current_ticket(counter, TicketState.CALLED)
        ticket.recalled_count += 1
        ticket.save(update_fields=["recalled_count"])
        hall_audit(actor, HallEvent.TICKET_RECALLED, ticket, counter.hall, ticket.state)
        revision_bump(counter.hall, HallEvent.TICKET_RECALLED)
    return ticket


def ticket_mark_no_show(*, actor: User, counter: Counter, at: datetime | None = None) -> Ticket:
    with transaction.atomic():
        counter = counter_locked(actor, counter)
        ticket = _current_ticket(counter, TicketState.CALLED)
        ticket.state = TicketState.NO_SHOW
        ticket.finished_at = act_moment(at)
        ticket.save(update_fields=["state", "finished_at"])
        hall_audit(actor, HallEvent.TICKET_NO_SHOW, ticket, counter.hall, TicketState.CALLED)
        revision_bump(counter.hall, HallEvent.TICKET_NO_SHOW)
        hall = counter.hall
        transaction.on_commit(lambda: ticket_auto_assign(hall=hall))
    return ticket


def ticket_start(*, actor: User, counter: Counter, at: datetime | None = None) -> Ticket:
    with transaction.atomic():
        counter = counter_locked(actor, counter)
        ticket = _current_ticket(counter, TicketState.CALLED)
        ticket.state = TicketState.SERVING
        ticket.started_at = act_moment(at)
        ticket.officer = actor
        ticket.save(update_fields=["state", "started_at", "officer"])
        hall_audit(actor, HallEvent.TICKET_STARTED, ticket, counter.hall, TicketState.CALLED)
        revision_bump(counter.hall, HallEvent.TICKET_STARTED)
    return ticket


def ticket_finish(
    *,
    actor: User,
    counter: Counter,
    dossier: Dossier | None = None,
    at: datetime | None = None,
) -> Ticket:
    """End the service; `dossier` is the one received for this ticket, if any."""
    with transaction.atomic():
        counter = counter_locked(actor, counter)
        ticket = _current_ticket(counter, TicketState.SERVING)
        if dossier is not None and not can_see_agency(actor, dossier.receiving_agency_id):
            raise HallError(_("Không tìm thấy hồ sơ."))
        ticket.state = TicketState.DONE
        ticket.finished_at = act_moment(at)
        ticket.dossier = dossier
        ticket.save(update_fields=["state", "finished_at", "dossier"])
        payload = {"dossier": dossier.code} if dossier is not None else None
        hall_audit(
            actor,
            HallEvent.TICKET_FINISHED,
            ticket,
            counter.hall,
            TicketState.SERVING,
            payload=payload,
        )
        revision_bump(counter.hall, HallEvent.TICKET_FINISHED)
        hall = counter.hall
        transaction.on_commit(lambda: ticket_auto_assign(hall=hall))
    return ticket


def ticket_transfer(
    *,
    actor: User,
    counter: Counter,
    to_group: ServiceGroup | None = None,
    to_counter: Counter | None = None,
) -> Ticket:
    """Send the counter's ticket back to the queue: of another group, or of one counter.

    It keeps its number and issue time, so it does not start waiting again from the end.
    """
    if (to_group is None) == (to_counter is None):
        raise HallError(_("Chọn nhóm dịch vụ hoặc quầy để chuyển đến."))
    with transaction.atomic():
        counter = counter_locked(actor, counter)
        ticket = _current_ticket(counter, TicketState.CALLED, TicketState.SERVING)
        target_hall_id = (to_group or to_counter).hall_id  # type: ignore[union-attr]
        if target_hall_id != counter.hall_id:
            raise HallError(_("Chỉ chuyển được trong cùng sảnh."))
        if to_counter is not None and to_counter.pk == counter.pk:
            raise HallError(_("Số đang ở quầy này."))
        if to_counter is not None and to_counter.state == CounterState.CLOSED:
            raise HallError(_("%(counter)s đang đóng.") % {"counter": to_counter})
        if to_group is not None and to_group.pk == ticket.group_id:
            raise HallError(_("Số đã thuộc nhóm dịch vụ này."))
        from_state = ticket.state
        ticket.state = TicketState.WAITING
        ticket.group = to_group or ticket.group
        ticket.counter = to_counter
        ticket.officer = None
        ticket.called_at = None
        ticket.started_at = None
        ticket.transferred_count += 1
        ticket.save(
            update_fields=[
                "state",
                "group",
                "counter",
                "officer",
                "called_at",
                "started_at",
                "transferred_count",
            ]
        )
        target: Mapping[str, object] = (
            {"counter": to_counter.number} if to_counter else {"group": ticket.group.code}
        )
        hall_audit(
            actor, HallEvent.TICKET_TRANSFERRED, ticket, counter.hall, from_state, "", target
        )
        revision_bump(counter.hall, HallEvent.TICKET_TRANSFERRED)
        hall = counter.hall
        transaction.on_commit(lambda: ticket_auto_assign(hall=hall))
    return ticket


# --- rating ---------------------------------------------------------------------------


def rating_record(
    *, ticket: Ticket, value: str, comment: str = "", at: datetime | None = None
) -> Rating:
    """The citizen's rating of a finished service, once (from the device at the counter)."""
    if value not in RatingValue.values:
        raise HallError(_("Mức độ hài lòng không hợp lệ."))
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().select_related("hall__agency").get(pk=ticket.pk)
        if ticket.state != TicketState.DONE:
            raise HallError(_("Chỉ đánh giá được sau khi phục vụ xong."))
        if Rating.objects.filter(ticket=ticket).exists():
            raise HallError(_("Lượt phục vụ này đã được đánh giá."))
        rating = Rating.objects.create(
            ticket=ticket,
            dossier_id=ticket.dossier_id,
            value=value,
            comment=comment.strip(),
            at=act_moment(at),
        )
        audit_record(
            actor=None,
            action=f"hall.{HallEvent.TICKET_RATED}",
            target=ticket,
            agency=ticket.hall.agency,
            payload={"value": value},
        )
        revision_bump(ticket.hall, HallEvent.TICKET_RATED)
    return rating
