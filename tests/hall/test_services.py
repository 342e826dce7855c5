"""Hall services: tickets, counters, calls, transfers, appointments and ratings."""

from datetime import timedelta

import pytest

from motcua.core.models import AuditEvent
from motcua.hall.models import Counter, CounterState, Hall, Rating, Ticket, TicketState
from motcua.hall.selectors import appointment_slots
from motcua.hall.services.bookings import appointment_book
from motcua.hall.services.common import HallError, HallNotFound
from motcua.hall.services.counters import counter_close, counter_open, counter_pause
from motcua.hall.services.tickets import (
    appointment_check_in,
    rating_record,
    ticket_auto_assign,
    ticket_call_next,
    ticket_finish,
    ticket_issue,
    ticket_mark_no_show,
    ticket_recall,
    ticket_start,
    ticket_transfer,
)
from motcua.hall.signals import hall_changed
from tests.dossiers.factories import procedure_with_steps, receive, team_for
from tests.hall.factories import MONDAY_8AM, HallSetup, hall_for

pytestmark = pytest.mark.django_db


def minutes(n: float):
    return MONDAY_8AM + timedelta(minutes=n)


def snapshot(hall: Hall) -> tuple[object, ...]:
    """Everything a refused service must leave as it was."""
    return (
        Hall.objects.get(pk=hall.pk).revision,
        AuditEvent.objects.count(),
        list(Ticket.objects.filter(hall=hall).order_by("pk").values()),
        list(Counter.objects.filter(hall=hall).order_by("pk").values()),
    )


def refused(hall: Hall, call, error=HallError) -> str:
    before = snapshot(hall)
    with pytest.raises(error) as info:
        call()
    assert snapshot(hall) == before
    return info.value.message


# --- tickets --------------------------------------------------------------------------


def test_tickets_are_numbered_per_hall_and_day_with_the_group_letter(hall_a: HallSetup) -> None:
    first = ticket_issue(hall=hall_a.hall, group=hall_a.civil, at=minutes(0))
    second = ticket_issue(hall=hall_a.hall, group=hall_a.land, at=minutes(1))
    next_day = ticket_issue(hall=hall_a.hall, group=hall_a.civil, at=minutes(24 * 60))
    assert (first.code, second.code, next_day.code) == ("A001", "B002", "A001")
    assert first.state == TicketState.WAITING and first.token != second.token


def test_numbers_of_two_halls_are_independent(hall_a: HallSetup, agency_a) -> None:
    other = hall_for(agency_a)
    ticket_issue(hall=hall_a.hall, group=hall_a.civil, at=minutes(0))
    assert ticket_issue(hall=other.hall, group=other.civil, at=minutes(0)).number == 1


def test_issue_refuses_a_group_of_another_hall(hall_a: HallSetup, agency_b) -> None:
    other = hall_for(agency_b)
    message = refused(hall_a.hall, lambda: ticket_issue(hall=hall_a.hall, group=other.civil))
    assert message == "Nhóm dịch vụ không thuộc sảnh này."


def test_issue_refuses_an_unknown_category(hall_a: HallSetup) -> None:
    refused(hall_a.hall, lambda: ticket_issue(hall=hall_a.hall, group=hall_a.civil, category="vip"))


def test_every_change_bumps_the_revision_records_an_audit_event_and_signals_on_commit(
    hall_a: HallSetup, django_capture_on_commit_callbacks
) -> None:
    heard = []

    def listener(**kwargs: object) -> None:
        heard.append((kwargs["hall_id"], kwargs["event"]))

    hall_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            ticket = ticket_issue(hall=hall_a.hall, group=hall_a.civil)
    finally:
        hall_changed.disconnect(listener)
    assert heard == [(hall_a.hall.pk, "ticket_issued")]
    hall_a.hall.refresh_from_db()
    assert hall_a.hall.revision == 1
    event = AuditEvent.objects.get(action="hall.ticket_issued")
    assert event.target_id == str(ticket.pk)


# --- counters -------------------------------------------------------------------------


def test_officer_opens_pauses_and_closes_a_counter(hall_a: HallSetup, officer_a) -> None:
    counter = counter_open(actor=officer_a, counter=hall_a.counters[0])
    assert (counter.state, counter.officer) == (CounterState.OPEN, officer_a)
    counter = counter_pause(actor=officer_a, counter=counter, reason="Nghỉ giữa giờ")
    assert (counter.state, counter.pause_reason) == (CounterState.PAUSED, "Nghỉ giữa giờ")
    counter = counter_open(actor=officer_a, counter=counter)
    assert (counter.state, counter.pause_reason) == (CounterState.OPEN, "")
    counter = counter_close(actor=officer_a, counter=counter)
    assert (counter.state, counter.officer) == (CounterState.CLOSED, None)


def test_pause_needs_a_reason(open_counter: Counter, officer_a) -> None:
    message = refused(
        open_counter.hall, lambda: counter_pause(actor=officer_a, counter=open_counter, reason=" ")
    )
    assert message == "Cần nêu lý do tạm dừng."


def test_counter_open_by_a_colleague_cannot_be_taken(open_counter: Counter, agency_a) -> None:
    from tests.factories import OfficerFactory

    colleague = OfficerFactory.create(agency=agency_a)
    message = refused(
        open_counter.hall, lambda: counter_open(actor=colleague, counter=open_counter)
    )
    assert message.startswith("Quầy đang do cán bộ")
    refused(open_counter.hall, lambda: ticket_call_next(actor=colleague, counter=open_counter))


@pytest.mark.parametrize("stranger", ["officer_b", "citizen"])
def test_officer_of_other_ward_cannot_operate_the_counters(open_counter, stranger, request):
    hall = open_counter.hall
    ticket_issue(hall=hall, group=hall.groups.get(code="A"))
    user = request.getfixturevalue(stranger)
    second = hall.counters.get(number=2)
    refused(hall, lambda: ticket_call_next(actor=user, counter=open_counter), HallNotFound)
    refused(hall, lambda: counter_close(actor=user, counter=open_counter), HallNotFound)
    refused(hall, lambda: counter_open(actor=user, counter=second), HallNotFound)


# --- calling --------------------------------------------------------------------------


def test_call_next_follows_the_queue_rule(
    hall_a: HallSetup, open_counter: Counter, officer_a
) -> None:
    ticket_issue(hall=hall_a.hall, group=hall_a.land, at=minutes(0))  # not counter 1's group
    ticket_issue(hall=hall_a.hall, group=hall_a.civil, at=minutes(1))
    elderly = ticket_issue(hall=hall_a.hall, group=hall_a.civil, category="elderly", at=minutes(3))
    called = ticket_call_next(actor=officer_a, counter=open_counter, at=minutes(4))
    assert called is not None and called.pk == elderly.pk
    assert (called.state, called.counter, called.officer) == ("called", open_counter, officer_a)
    assert called.called_at == minutes(4)


def test_call_next_with_nobody_waiting_returns_nothing(open_counter: Counter, officer_a) -> None:
    assert ticket_call_next(actor=officer_a, counter=open_counter) is None


def test_a_counter_serves_one_ticket_at_a_time(
    hall_a: HallSetup, open_counter: Counter, officer_a
) -> None:
    ticket_issue(hall=hall_a.hall, group=hall_a.civil)
    ticket_issue(hall=hall_a.hall, group=hall_a.civil)
    ticket_call_next(actor=officer_a, counter=open_counter)
    message = refused(hall_a.hall, lambda: ticket_call_next(actor=officer_a, counter=open_counter))
    assert "A001" in message
    refused(hall_a.hall, lambda: counter_pause(actor=officer_a, counter=open_counter, reason="x"))
    refused(hall_a.hall, lambda: counter_close(actor=officer_a, counter=open_counter))


def test_closed_or_paused_counter_cannot_call(
    hall_a: HallSetup, open_counter: Counter, officer_a
) -> None:
    ticket_issue(hall=hall_a.hall, group=hall_a.civil)
    counter_pause(actor=officer_a, counter=open_counter, reason="Họp")
    message = refused(hall_a.hall, lambda: ticket_call_next(actor=officer_a, counter=open_counter))
    assert message == "Quầy chưa mở hoặc đang tạm dừng."


def test_recall_start_and_finish_with_the_dossier_received(
    hall_a: HallSetup, open_counter: Counter, officer_a, processing_rules
) -> None:
    ticket_issue(hall=hall_a.hall, group=hall_a.civil, at=minutes(0))
    ticket_call_next(actor=officer_a, counter=open_counter, at=minutes(1))
    assert ticket_recall(actor=officer_a, counter=open_counter).recalled_count == 1
    refused(hall_a.hall, lambda: ticket_finish(actor=officer_a, counter=open_counter))
    started = ticket_start(actor=officer_a, counter=open_counter, at=minutes(2))
    assert (started.state, started.started_at) == (TicketState.SERVING, minutes(2))
    refused(hall_a.hall, lambda: ticket_recall(actor=officer_a, counter=open_counter))
    dossier = receive(team_for(officer_a.agency, counter=officer_a), procedure_with_steps())
    done = ticket_finish(actor=officer_a, counter=open_counter, dossier=dossier, at=minutes(9))
    assert (done.state, done.finished_at, done.dossier) == (TicketState.DONE, minutes(9), dossier)


def test_finish_refuses_a_dossier_of_another_ward(
    hall_a: HallSetup, open_counter: Counter, officer_a, officer_b, processing_rules
) -> None:
    ticket_issue(hall=hall_a.hall, group=hall_a.civil)
    ticket_call_next(actor=officer_a, counter=open_counter)
    ticket_start(actor=officer_a, counter=open_counter)
    foreign = receive(team_for(officer_b.agency, counter=officer_b), procedure_with_steps())
    refused(
        hall_a.hall,
        lambda: ticket_finish(actor=officer_a, counter=open_counter, dossier=foreign),
    )


def test_no_show_frees_the_counter(hall_a: HallSetup, open_counter: Counter, officer_a) -> None:
    ticket_issue(hall=hall_a.hall, group=hall_a.civil)
    second = ticket_issue(hall=hall_a.hall, group=hall_a.civil)
    refused(hall_a.hall, lambda: ticket_mark_no_show(actor=officer_a, counter=open_counter))
    ticket_call_next(actor=officer_a, counter=open_counter)
    gone = ticket_mark_no_show(actor=officer_a, counter=open_counter)
    assert gone.state == TicketState.NO_SHOW and gone.finished_at is not None
    called = ticket_call_next(actor=officer_a, counter=open_counter)
    assert called is not None and called.pk == second.pk


def test_transfer_to_another_group_keeps_the_place_by_issue_time(
    hall_a: HallSetup, open_counter: Counter, officer_a, agency_a
) -> None:
    from tests.factories import OfficerFactory

    moved = ticket_issue(hall=hall_a.hall, group=hall_a.civil, at=minutes(0))
    ticket_issue(hall=hall_a.hall, group=hall_a.land, at=minutes(1))
    ticket_call_next(actor=officer_a, counter=open_counter, at=minutes(2))
    transferred = ticket_transfer(actor=officer_a, counter=open_counter, to_group=hall_a.land)
    assert (transferred.state, transferred.group, transferred.counter) == (
        TicketState.WAITING,
        hall_a.land,
        None,
    )
    land_officer = OfficerFactory.create(agency=agency_a)
    counter_3 = counter_open(actor=land_officer, counter=hall_a.counters[2])
    called = ticket_call_next(actor=land_officer, counter=counter_3, at=minutes(3))
    assert called is not None and called.pk == moved.pk and called.transferred_count == 1


def test_transfer_to_a_counter_is_called_only_there(
    hall_a: HallSetup, open_counter: Counter, officer_a, agency_a
) -> None:
    from tests.factories import OfficerFactory

    ticket_issue(hall=hall_a.hall, group=hall_a.civil, at=minutes(0))
    ticket_call_next(actor=officer_a, counter=open_counter, at=minutes(1))
    refused(
        hall_a.hall,
        lambda: ticket_transfer(actor=officer_a, counter=open_counter, to_counter=open_counter),
    )
    refused(hall_a.hall, lambda: ticket_transfer(actor=officer_a, counter=open_counter))
    message = refused(
        hall_a.hall,
        lambda: ticket_transfer(
            actor=officer_a, counter=open_counter, to_counter=hall_a.counters[2]
        ),
    )
    assert message == "Quầy 3 đang đóng."
    other = OfficerFactory.create(agency=agency_a)
    counter_3 = counter_open(actor=other, counter=hall_a.counters[2])
    ticket_transfer(actor=officer_a, counter=open_counter, to_counter=counter_3)
    assert ticket_call_next(actor=officer_a, counter=open_counter) is None
    assert ticket_call_next(actor=other, counter=counter_3) is not None


def test_transfer_refuses_a_group_of_another_hall(
    hall_a: HallSetup, open_counter: Counter, officer_a, agency_a
) -> None:
    other = hall_for(agency_a)
    ticket_issue(hall=hall_a.hall, group=hall_a.civil)
    ticket_call_next(actor=officer_a, counter=open_counter)
    message = refused(
        hall_a.hall,
        lambda: ticket_transfer(actor=officer_a, counter=open_counter, to_group=other.land),
    )
    assert message == "Chỉ chuyển được trong cùng sảnh."


def test_idle_counter_with_auto_assign_gets_the_next_ticket(
    hall_a: HallSetup, open_counter: Counter, officer_a, django_capture_on_commit_callbacks
) -> None:
    Counter.objects.filter(pk=open_counter.pk).update(auto_assign=True)
    with django_capture_on_commit_callbacks(execute=True):
        ticket = ticket_issue(hall=hall_a.hall, group=hall_a.civil)
    ticket.refresh_from_db()
    assert (ticket.state, ticket.counter_id, ticket.officer) == (
        TicketState.CALLED,
        open_counter.pk,
        officer_a,
    )
    # Busy now: the next ticket waits.
    assert ticket_auto_assign(hall=hall_a.hall) == []


# --- appointments ---------------------------------------------------------------------


def test_slots_follow_the_working_hours_and_half_the_counters(hall_a: HallSetup) -> None:
    slots = appointment_slots(group=hall_a.civil, day=MONDAY_8AM.date())
    assert len(slots) == 8 * 4  # 8 working hours in 15-minute slots
    assert slots[0].start == MONDAY_8AM and slots[0].capacity == 1
    sunday = (MONDAY_8AM - timedelta(days=1)).date()
    assert appointment_slots(group=hall_a.civil, day=sunday) == []


def book(hall_a: HallSetup, slot_minute: float = 30, name: str = "Trần Văn An"):
    return appointment_book(
        group=hall_a.civil,
        slot_start=minutes(slot_minute),
        citizen_name=name,
        phone="0912 345 678",
        at=minutes(-24 * 60),
    )


def test_a_full_slot_is_refused(hall_a: HallSetup) -> None:
    appointment = book(hall_a)
    assert len(appointment.booking_code) == 8 and appointment.phone == "0912345678"
    with pytest.raises(HallError, match="đã hết chỗ"):
        book(hall_a, name="Lê Thị Bình")
    with pytest.raises(HallError, match="không nhận đặt lịch"):
        book(hall_a, slot_minute=31)
    with pytest.raises(HallError, match="Số điện thoại"):
        appointment_book(
            group=hall_a.civil, slot_start=minutes(45), citizen_name="A", phone="12", at=minutes(0)
        )


def test_booked_ticket_within_its_slot_is_called_before_walk_ins(
    hall_a: HallSetup, open_counter: Counter, officer_a
) -> None:
    appointment = book(hall_a, slot_minute=30)
    ticket_issue(hall=hall_a.hall, group=hall_a.civil, category="elderly", at=minutes(5))
    booked = appointment_check_in(booking_code=appointment.booking_code.lower(), at=minutes(25))
    assert booked.appointment == appointment
    before_slot = ticket_call_next(actor=officer_a, counter=open_counter, at=minutes(26))
    assert before_slot is not None and before_slot.pk != booked.pk
    ticket_mark_no_show(actor=officer_a, counter=open_counter, at=minutes(27))
    ticket_issue(hall=hall_a.hall, group=hall_a.civil, category="disabled", at=minutes(28))
    called = ticket_call_next(actor=officer_a, counter=open_counter, at=minutes(31))
    assert called is not None and called.pk == booked.pk


def test_check_in_refusals(hall_a: HallSetup) -> None:
    appointment = book(hall_a)
    refused(hall_a.hall, lambda: appointment_check_in(booking_code="KHONGCO1", at=minutes(0)))
    message = refused(
        hall_a.hall,
        lambda: appointment_check_in(booking_code=appointment.booking_code, at=minutes(-1440)),
    )
    assert message == "Lịch hẹn của ông/bà là ngày 07/07/2025."
    appointment_check_in(booking_code=appointment.booking_code, at=minutes(20))
    refused(
        hall_a.hall,
        lambda: appointment_check_in(booking_code=appointment.booking_code, at=minutes(21)),
    )


# --- rating ---------------------------------------------------------------------------


def test_a_service_is_rated_once_after_it_is_done(
    hall_a: HallSetup, open_counter: Counter, officer_a
) -> None:
    ticket = ticket_issue(hall=hall_a.hall, group=hall_a.civil)
    refused(hall_a.hall, lambda: rating_record(ticket=ticket, value="satisfied"))
    ticket_call_next(actor=officer_a, counter=open_counter)
    ticket_start(actor=officer_a, counter=open_counter)
    ticket_finish(actor=officer_a, counter=open_counter)
    refused(hall_a.hall, lambda: rating_record(ticket=ticket, value="so-so"))
    rating = rating_record(ticket=ticket, value="very_satisfied", comment=" Nhanh, chu đáo ")
    assert (rating.value, rating.comment) == ("very_satisfied", "Nhanh, chu đáo")
    refused(hall_a.hall, lambda: rating_record(ticket=ticket, value="not_satisfied"))
    assert Rating.objects.count() == 1
