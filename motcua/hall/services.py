"""Every write to a service hall: tickets, appointments, counters and ratings.

Each service is one transaction. Counter actions first check that the actor may see the
hall's agency (else HallNotFound, a 404, the same as for a counter that does not exist),
then lock the counter row, so a double click or two officers at one counter are served
one after the other. A refusal raises HallError with a Vietnamese message and changes and
records nothing. A change records one audit event, bumps `Hall.revision` in the same
transaction and sends `hall_changed` after commit.

`at` is the moment of the act (now when None): tests and the demo pass other moments.
"""

import secrets
from collections.abc import Mapping
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.accounts.scoping import can_see_agency
from motcua.core.audit import audit_record
from motcua.core.sequences import sequence_next
from motcua.core.tz import VN_TZ
from motcua.dossiers.models import Dossier
from motcua.hall import queueing
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
from motcua.hall.selectors import appointment_slots, waiting_entries
from motcua.hall.signals import HallEvent, hall_changed

# Letters and digits a person cannot misread on a phone screen (no 0/O, 1/I/L).
BOOKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
BOOKING_CODE_LENGTH = 8


class HallError(Exception):
    """A refused action; `message` is fit to show the person who tried it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class HallNotFound(HallError, Http404):
    """Out of the actor's scope, or no such counter: the same answer for both."""


# --- shared ---------------------------------------------------------------------------


def _now(at: datetime | None) -> datetime:
    return at or timezone.now()


def _changed(hall: Hall, event: HallEvent) -> None:
    """Bump the revision in the caller's transaction; signal after it commits."""
    Hall.objects.filter(pk=hall.pk).update(revision=F("revision") + 1)
    hall_id = hall.pk
    transaction.on_commit(lambda: hall_changed.send(sender=Hall, hall_id=hall_id, event=event))


def _audit(
    actor: User | None,
    event: HallEvent,
    target: Ticket | Counter,
    hall: Hall,
    from_state: str = "",
    reason: str = "",
    payload: Mapping[str, object] | None = None,
) -> None:
    audit_record(
        actor=actor,
        action=f"hall.{event}",
        target=target,
        agency=hall.agency,
        from_state=from_state,
        to_state=target.state,
        reason=reason,
        payload=payload,
    )


def _counter_locked(actor: User, counter: Counter) -> Counter:
    """The counter row, locked, if the actor may operate it."""
    if not actor.is_officer or not can_see_agency(actor, counter.hall.agency_id):
        raise HallNotFound(_("Không tìm thấy quầy."))
    return Counter.objects.select_for_update().select_related("hall__agency").get(pk=counter.pk)


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


def _require_idle(counter: Counter) -> None:
    busy = Ticket.objects.filter(counter=counter, state__in=ACTIVE_STATES).first()
    if busy is not None:
        raise HallError(
            _("Quầy đang gọi hoặc phục vụ số %(code)s: hãy hoàn tất số này trước.")
            % {"code": busy.code}
        )


# --- tickets and appointments ---------------------------------------------------------


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
    _audit(None, HallEvent.TICKET_ISSUED, ticket, hall, payload={"category": category})
    _changed(hall, HallEvent.TICKET_ISSUED)
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
        return _issue(hall=hall, group=group, category=category, appointment=None, now=_now(at))


def _booking_code() -> str:
    return "".join(secrets.choice(BOOKING_ALPHABET) for _ in range(BOOKING_CODE_LENGTH))


def appointment_book(
    *,
    group: ServiceGroup,
    slot_start: datetime,
    citizen_name: str,
    phone: str,
    at: datetime | None = None,
) -> Appointment:
    """Book a slot of `appointment_slots()` that still has room. The same person booking
    the same slot again (a double submit, a reload of the posted form) gets the booking
    already made."""
    now = _now(at)
    citizen_name = " ".join(citizen_name.split())
    phone = "".join(phone.split())
    if not citizen_name:
        raise HallError(_("Cần nhập họ và tên."))
    if not (phone.isdigit() and 9 <= len(phone) <= 11):
        raise HallError(_("Số điện thoại không hợp lệ: %(phone)s") % {"phone": phone})
    with transaction.atomic():
        # Lock the group: two bookings of the last place in a slot are served in turn.
        group = (
            ServiceGroup.objects.select_for_update().select_related("hall__agency").get(pk=group.pk)
        )
        same = Appointment.objects.filter(
            group=group, slot_start=slot_start, citizen_name=citizen_name, phone=phone
        ).first()
        if same is not None:
            return same
        day = slot_start.astimezone(VN_TZ).date()
        slot = next(
            (s for s in appointment_slots(group=group, day=day) if s.start == slot_start), None
        )
        if slot is None or slot.start <= now:
            raise HallError(_("Khung giờ này không nhận đặt lịch."))
        if slot.free <= 0:
            raise HallError(_("Khung giờ này đã hết chỗ, xin chọn khung giờ khác."))
        appointment = Appointment.objects.create(
            group=group,
            slot_start=slot.start,
            slot_end=slot.end,
            citizen_name=citizen_name,
            phone=phone,
            booking_code=_booking_code(),
            booked_at=now,
        )
        audit_record(
            actor=None,
            action="hall.appointment_booked",
            target=appointment,
            agency=group.hall.agency,
            payload={"slot_start": slot.start},
        )
    return appointment


def appointment_check_in(*, booking_code: str, at: datetime | None = None) -> Ticket:
    """The booked ticket, issued at the kiosk on the day of the slot."""
    now = _now(at)
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


# --- counters -------------------------------------------------------------------------


def counter_open(*, actor: User, counter: Counter) -> Counter:
    """The actor takes the counter (closed, or paused by anyone) and starts calling."""
    with transaction.atomic():
        counter = _counter_locked(actor, counter)
        if counter.state == CounterState.OPEN:
            if counter.officer_id == actor.pk:
                raise HallError(_("Quầy đang mở."))
            raise HallError(
                _("Quầy đang do cán bộ %(name)s làm việc.")
                % {"name": counter.officer.get_full_name() if counter.officer else ""}
            )
        from_state = counter.state
        counter.state = CounterState.OPEN
        counter.officer = actor
        counter.pause_reason = ""
        counter.save(update_fields=["state", "officer", "pause_reason"])
        _audit(actor, HallEvent.COUNTER_OPENED, counter, counter.hall, from_state)
        _changed(counter.hall, HallEvent.COUNTER_OPENED)
        hall = counter.hall
        transaction.on_commit(lambda: ticket_auto_assign(hall=hall))
    return counter


def counter_pause(*, actor: User, counter: Counter, reason: str) -> Counter:
    reason = reason.strip()
    with transaction.atomic():
        counter = _counter_locked(actor, counter)
        if counter.state != CounterState.OPEN:
            raise HallError(_("Chỉ tạm dừng được quầy đang mở."))
        if not reason:
            raise HallError(_("Cần nêu lý do tạm dừng."))
        _require_idle(counter)
        counter.state = CounterState.PAUSED
        counter.pause_reason = reason
        counter.save(update_fields=["state", "pause_reason"])
        _audit(actor, HallEvent.COUNTER_PAUSED, counter, counter.hall, CounterState.OPEN, reason)
        _changed(counter.hall, HallEvent.COUNTER_PAUSED)
    return counter


def counter_close(*, actor: User, counter: Counter) -> Counter:
    with transaction.atomic():
        counter = _counter_locked(actor, counter)
        if counter.state == CounterState.CLOSED:
            raise HallError(_("Quầy đã đóng."))
        _require_idle(counter)
        from_state = counter.state
        counter.state = CounterState.CLOSED
        counter.officer = None
        counter.pause_reason = ""
        counter.save(update_fields=["state", "officer", "pause_reason"])
        _audit(actor, HallEvent.COUNTER_CLOSED, counter, counter.hall, from_state)
        _changed(counter.hall, HallEvent.COUNTER_CLOSED)
    return counter


# --- calling and serving --------------------------------------------------------------


def _take_next(actor: User | None, counter: Counter, now: datetime) -> Ticket | None:
    """Call the rule's next ticket for a locked, open, idle counter; None when none waits.

    Another counter may take a ticket between the read and the lock: on PostgreSQL its
    row is locked (skipped) or no longer waiting, and the next in the rule's order is
    tried. SQLite runs one writing transaction at a time, so there the first is free.
    """
    group_ids = list(counter.groups.values_list("id", flat=True))
    entries = waiting_entries(hall=counter.hall)
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
        _audit(actor, HallEvent.TICKET_CALLED, ticket, counter.hall, TicketState.WAITING)
        _changed(counter.hall, HallEvent.TICKET_CALLED)
        return ticket
    return None


def _callable(counter: Counter) -> None:
    if counter.state != CounterState.OPEN:
        raise HallError(_("Quầy chưa mở hoặc đang tạm dừng."))
    _require_idle(counter)


def ticket_call_next(*, actor: User, counter: Counter, at: datetime | None = None) -> Ticket | None:
    """The ticket the queue rule gives this counter, or None when nobody waits for it."""
    with transaction.atomic():
        counter = _counter_locked(actor, counter)
        _callable(counter)
        if counter.officer_id != actor.pk:
            raise HallError(_("Quầy đang do cán bộ khác làm việc."))
        return _take_next(actor, counter, _now(at))


def ticket_auto_assign(*, hall: Hall, at: datetime | None = None) -> list[Ticket]:
    """Call the next ticket at every open, idle counter of `hall` with auto-assign on.

    Each counter is its own transaction, so one busy counter does not hold the others.
    """
    called = []
    now = _now(at)
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
        counter = _counter_locked(actor, counter)
        ticket = _current_ticket(counter, TicketState.CALLED)
        ticket.recalled_count += 1
        ticket.save(update_fields=["recalled_count"])
        _audit(actor, HallEvent.TICKET_RECALLED, ticket, counter.hall, ticket.state)
        _changed(counter.hall, HallEvent.TICKET_RECALLED)
    return ticket


def ticket_mark_no_show(*, actor: User, counter: Counter, at: datetime | None = None) -> Ticket:
    with transaction.atomic():
        counter = _counter_locked(actor, counter)
        ticket = _current_ticket(counter, TicketState.CALLED)
        ticket.state = TicketState.NO_SHOW
        ticket.finished_at = _now(at)
        ticket.save(update_fields=["state", "finished_at"])
        _audit(actor, HallEvent.TICKET_NO_SHOW, ticket, counter.hall, TicketState.CALLED)
        _changed(counter.hall, HallEvent.TICKET_NO_SHOW)
        hall = counter.hall
        transaction.on_commit(lambda: ticket_auto_assign(hall=hall))
    return ticket


def ticket_start(*, actor: User, counter: Counter, at: datetime | None = None) -> Ticket:
    with transaction.atomic():
        counter = _counter_locked(actor, counter)
        ticket = _current_ticket(counter, TicketState.CALLED)
        ticket.state = TicketState.SERVING
        ticket.started_at = _now(at)
        ticket.officer = actor
        ticket.save(update_fields=["state", "started_at", "officer"])
        _audit(actor, HallEvent.TICKET_STARTED, ticket, counter.hall, TicketState.CALLED)
        _changed(counter.hall, HallEvent.TICKET_STARTED)
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
        counter = _counter_locked(actor, counter)
        ticket = _current_ticket(counter, TicketState.SERVING)
        if dossier is not None and not can_see_agency(actor, dossier.receiving_agency_id):
            raise HallError(_("Không tìm thấy hồ sơ."))
        ticket.state = TicketState.DONE
        ticket.finished_at = _now(at)
        ticket.dossier = dossier
        ticket.save(update_fields=["state", "finished_at", "dossier"])
        payload = {"dossier": dossier.code} if dossier is not None else None
        _audit(
            actor,
            HallEvent.TICKET_FINISHED,
            ticket,
            counter.hall,
            TicketState.SERVING,
            payload=payload,
        )
        _changed(counter.hall, HallEvent.TICKET_FINISHED)
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
        counter = _counter_locked(actor, counter)
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
        _audit(actor, HallEvent.TICKET_TRANSFERRED, ticket, counter.hall, from_state, "", target)
        _changed(counter.hall, HallEvent.TICKET_TRANSFERRED)
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
            at=_now(at),
        )
        audit_record(
            actor=None,
            action=f"hall.{HallEvent.TICKET_RATED}",
            target=ticket,
            agency=ticket.hall.agency,
            payload={"value": value},
        )
        _changed(ticket.hall, HallEvent.TICKET_RATED)
    return rating


# --- online booking ---------------------------------------------------------------------


def appointment_cancel(*, booking_code: str, phone: str, at: datetime | None = None) -> None:
    """Cancel a booking not yet checked in, frees its place. A wrong code and a wrong
    phone get the same refusal, so codes cannot be probed."""
    code = "".join(booking_code.split()).upper()
    with transaction.atomic():
        appointment = (
            Appointment.objects.select_for_update()
            .select_related("group__hall__agency")
            .filter(booking_code=code, phone="".join(phone.split()))
            .first()
        )
        if appointment is None:
            raise HallError(_("Không tìm thấy lịch hẹn với mã và số điện thoại này."))
        if Ticket.objects.filter(appointment=appointment).exists():
            raise HallError(_("Lịch hẹn này đã được dùng để lấy số, không hủy được nữa."))
        if appointment.slot_end <= _now(at):
            raise HallError(_("Lịch hẹn này đã qua."))
        audit_record(
            actor=None,
            action="hall.appointment_cancelled",
            target=appointment,
            agency=appointment.group.hall.agency,
            payload={"slot_start": appointment.slot_start},
        )
        appointment.delete()
