"""The hall screens through the Django test client: who sees what, and that every
button goes through the services (the queue, the panel, the rating device)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from motcua.accounts.models import Role
from motcua.hall.models import (
    Appointment,
    CounterState,
    DeviceKind,
    Rating,
    Ticket,
    TicketState,
)
from motcua.hall.queries import board_snapshot, board_snapshot_shared
from motcua.hall.services.tickets import ticket_call_next, ticket_finish, ticket_issue, ticket_start
from tests.dossiers.factories import procedure_with_steps, receive, team_for
from tests.factories import OfficerFactory
from tests.hall.factories import HallSetup, device_client, hall_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_ward_dossier(officer_a, processing_rules):
    """A dossier received by officer_a at the counter of ward A."""
    return lambda: receive(team_for(officer_a.agency, counter=officer_a), procedure_with_steps())


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _served(hall_a: HallSetup, counter, officer) -> Ticket:
    ticket_issue(hall=hall_a.hall, group=hall_a.civil)
    ticket_call_next(actor=officer, counter=counter)
    ticket_start(actor=officer, counter=counter)
    return ticket_finish(actor=officer, counter=counter)


# --- who sees what -------------------------------------------------------------------


def test_officer_of_other_ward_gets_404_on_the_counter_panel(hall_a: HallSetup, officer_b) -> None:
    counter = hall_a.counters[0]
    client = _client(officer_b)
    assert client.get(f"/hall/counter/{counter.pk}/").status_code == 404
    assert client.post(f"/hall/counter/{counter.pk}/open/").status_code == 404
    counter.refresh_from_db()
    assert counter.state == CounterState.CLOSED


def test_citizen_gets_404_on_the_counter_panel(hall_a: HallSetup, citizen) -> None:
    counter = hall_a.counters[0]
    assert _client(citizen).get(f"/hall/counter/{counter.pk}/").status_code == 404
    assert _client(citizen).post(f"/hall/counter/{counter.pk}/open/").status_code == 404


def test_specialist_of_the_ward_gets_404_on_the_counter_panel(hall_a: HallSetup, agency_a) -> None:
    specialist = OfficerFactory.create(agency=agency_a, role=Role.SPECIALIST)
    assert _client(specialist).get(f"/hall/counter/{hall_a.counters[0].pk}/").status_code == 404


def test_anonymous_visitor_is_sent_to_sign_in_from_the_counter_panel(hall_a: HallSetup) -> None:
    counter = hall_a.counters[0]
    for response in (
        _client().get(f"/hall/counter/{counter.pk}/"),
        _client().post(f"/hall/counter/{counter.pk}/call_next/"),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_hall_devices_refuse_a_browser_not_enrolled_and_an_unknown_hall_is_404(
    hall_a: HallSetup, officer_a, officer_b
) -> None:
    hall, counter = hall_a.hall.pk, hall_a.counters[0].pk
    for client in (_client(), _client(officer_b)):
        assert client.get(f"/hall/{hall}/kiosk/").status_code == 403
        assert client.get(f"/hall/{hall}/board/").status_code == 403
        assert client.get(f"/hall/{hall}/events/").status_code == 403
        assert client.get(f"/hall/counter/{counter}/rating/").status_code == 403
    # An officer of the hall's agency may watch its board, not be its kiosk or rating device.
    assert _client(officer_a).get(f"/hall/{hall}/board/").status_code == 200
    assert _client(officer_a).get(f"/hall/{hall}/kiosk/").status_code == 403
    assert _client(officer_a).get(f"/hall/counter/{counter}/rating/").status_code == 403
    for path in (
        "/hall/999999/kiosk/",
        "/hall/999999/board/",
        "/hall/999999/events/",
        "/hall/counter/999999/rating/",
        "/hall/t/no-such-token/",
    ):
        assert _client().get(path).status_code == 404


def test_unknown_counter_action_is_404(open_counter, officer_a) -> None:
    assert _client(officer_a).post(f"/hall/counter/{open_counter.pk}/pick/").status_code == 404


# --- kiosk, ticket, follow -------------------------------------------------------------


def test_kiosk_issues_a_priority_ticket_and_shows_it_ready_to_print(
    hall_a: HallSetup, kiosk
) -> None:
    client = kiosk
    response = client.post(
        f"/hall/{hall_a.hall.pk}/kiosk/", {"group": hall_a.civil.pk, "category": "elderly"}
    )
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/hall/t/{ticket.token}/ticket/?print=1"
    assert (ticket.group, ticket.category, ticket.code) == (hall_a.civil, "elderly", "A001")
    page = client.get(response["Location"]).content.decode()
    assert "A001" in page and "Hộ tịch" in page and "Người cao tuổi" in page
    assert "<svg" in page and f"http://testserver/hall/t/{ticket.token}/" in page
    assert "chưa có quầy mở" in page  # no counter open: no estimate invented


def test_kiosk_refuses_a_group_of_another_hall(hall_a: HallSetup, kiosk, agency_b) -> None:
    other = hall_for(agency_b)
    response = kiosk.post(f"/hall/{hall_a.hall.pk}/kiosk/", {"group": other.civil.pk})
    assert response.status_code == 404
    assert not Ticket.objects.exists()


def test_follow_page_shows_people_ahead_and_estimate_and_refreshes(
    hall_a: HallSetup, open_counter
) -> None:
    ticket_issue(hall=hall_a.hall, group=hall_a.civil)
    mine = ticket_issue(hall=hall_a.hall, group=hall_a.civil)
    response = _client().get(f"/hall/t/{mine.token}/")
    page = response.content.decode()
    assert response["Refresh"] == "15"
    assert 'data-testid="ahead">1<' in page
    assert "khoảng 8 phút" in page  # 1 ahead × default 8 min ÷ 1 open counter


def test_booking_code_checks_in_at_the_kiosk_and_prints_the_booked_ticket(
    hall_a: HallSetup, kiosk
) -> None:
    now = timezone.now()
    booked = Appointment.objects.create(
        group=hall_a.civil,
        slot_start=now,
        slot_end=now + timedelta(minutes=15),
        citizen_name="Trần Văn An",
        phone="0912345678",
        booking_code="ABCD2345",
        booked_at=now - timedelta(days=1),
    )
    response = kiosk.post(f"/hall/{hall_a.hall.pk}/kiosk/check-in/", {"booking_code": "abcd 2345"})
    ticket = Ticket.objects.get()
    assert ticket.appointment == booked
    assert response["Location"] == f"/hall/t/{ticket.token}/ticket/?print=1"


def test_board_reads_a_fixed_number_of_queries_whatever_the_queue(
    hall_a: HallSetup, open_counter, officer_a, django_assert_max_num_queries
) -> None:
    for _ in range(30):
        ticket_issue(hall=hall_a.hall, group=hall_a.civil)
    ticket_call_next(actor=officer_a, counter=open_counter)
    with django_assert_max_num_queries(6):
        snapshot = board_snapshot(hall=hall_a.hall)
    assert snapshot["waiting"][0] == {"group": "Hộ tịch", "count": 29}


def test_booking_code_not_found_is_said_on_the_kiosk(hall_a: HallSetup, kiosk) -> None:
    response = kiosk.post(
        f"/hall/{hall_a.hall.pk}/kiosk/check-in/", {"booking_code": "ZZZZ9999"}, follow=True
    )
    assert "Không tìm thấy mã đặt lịch ZZZZ9999" in response.content.decode()


# --- the counter panel -----------------------------------------------------------------


def test_counter_officer_opens_calls_starts_and_finishes_linking_the_dossier(
    hall_a: HallSetup, officer_a, make_ward_dossier
) -> None:
    counter = hall_a.counters[0]
    ticket_issue(hall=hall_a.hall, group=hall_a.civil)
    client = _client(officer_a)
    base = f"/hall/counter/{counter.pk}"
    client.post(f"{base}/open/")
    response = client.post(f"{base}/call_next/", follow=True)
    assert "Đã gọi số A001." in response.content.decode()
    page = client.post(f"{base}/start/", follow=True).content.decode()
    ticket = Ticket.objects.get()
    assert f"/dossiers/receive/?ticket={ticket.pk}" in page
    dossier = make_ward_dossier()
    response = client.post(f"{base}/finish/", {"dossier_code": dossier.code.lower()}, follow=True)
    ticket.refresh_from_db()
    assert (ticket.state, ticket.dossier) == (TicketState.DONE, dossier)
    assert "Đã phục vụ xong số A001." in response.content.decode()


def test_panel_offers_the_dossier_received_during_the_service(
    hall_a: HallSetup, open_counter, officer_a, processing_rules
) -> None:
    ticket_issue(hall=hall_a.hall, group=hall_a.civil)
    ticket_call_next(actor=officer_a, counter=open_counter)
    ticket_start(actor=officer_a, counter=open_counter)
    team = team_for(officer_a.agency, counter=officer_a)
    dossier = receive(team, procedure_with_steps(), at=timezone.now())
    page = _client(officer_a).get(f"/hall/counter/{open_counter.pk}/").content.decode()
    assert f'name="dossier_code" value="{dossier.code}"' in page


def test_finishing_with_an_unknown_dossier_code_is_refused_and_keeps_serving(
    hall_a: HallSetup, open_counter, officer_a
) -> None:
    ticket_issue(hall=hall_a.hall, group=hall_a.civil)
    ticket_call_next(actor=officer_a, counter=open_counter)
    ticket_start(actor=officer_a, counter=open_counter)
    response = _client(officer_a).post(
        f"/hall/counter/{open_counter.pk}/finish/", {"dossier_code": "KHONG-CO"}, follow=True
    )
    assert "Không tìm thấy hồ sơ KHONG-CO." in response.content.decode()
    assert Ticket.objects.get().state == TicketState.SERVING


def test_call_next_with_nobody_waiting_says_so(open_counter, officer_a) -> None:
    response = _client(officer_a).post(f"/hall/counter/{open_counter.pk}/call_next/", follow=True)
    assert "Không có ai đang chờ quầy này." in response.content.decode()


def test_pause_needs_a_reason_and_then_shows_it(open_counter, officer_a) -> None:
    client = _client(officer_a)
    base = f"/hall/counter/{open_counter.pk}"
    assert "Cần nêu lý do tạm dừng." in client.post(f"{base}/pause/", follow=True).content.decode()
    page = client.post(f"{base}/pause/", {"reason": "Nghỉ giải lao"}, follow=True).content.decode()
    assert "Tạm dừng: Nghỉ giải lao" in page
    open_counter.refresh_from_db()
    assert open_counter.state == CounterState.PAUSED


def test_recall_no_show_and_service_errors_are_shown_as_messages(
    hall_a: HallSetup, open_counter, officer_a
) -> None:
    client = _client(officer_a)
    base = f"/hall/counter/{open_counter.pk}"
    assert "Quầy chưa gọi số nào." in client.post(f"{base}/recall/", follow=True).content.decode()
    ticket_issue(hall=hall_a.hall, group=hall_a.civil)
    client.post(f"{base}/call_next/")
    client.post(f"{base}/recall/")
    client.post(f"{base}/no_show/")
    ticket = Ticket.objects.get()
    assert (ticket.state, ticket.recalled_count) == (TicketState.NO_SHOW, 1)


def test_transfer_to_another_group_puts_the_ticket_back_in_that_queue(
    hall_a: HallSetup, open_counter, officer_a
) -> None:
    ticket_issue(hall=hall_a.hall, group=hall_a.civil)
    client = _client(officer_a)
    client.post(f"/hall/counter/{open_counter.pk}/call_next/")
    client.post(f"/hall/counter/{open_counter.pk}/transfer/", {"target": f"group:{hall_a.land.pk}"})
    ticket = Ticket.objects.get()
    assert (ticket.state, ticket.group) == (TicketState.WAITING, hall_a.land)


def test_transfer_to_a_counter_of_another_hall_is_404(
    hall_a: HallSetup, open_counter, officer_a, agency_b
) -> None:
    other = hall_for(agency_b)
    ticket_issue(hall=hall_a.hall, group=hall_a.civil)
    client = _client(officer_a)
    client.post(f"/hall/counter/{open_counter.pk}/call_next/")
    target = f"counter:{other.counters[0].pk}"
    response = client.post(f"/hall/counter/{open_counter.pk}/transfer/", {"target": target})
    assert response.status_code == 404
    assert Ticket.objects.get().state == TicketState.CALLED


# --- the rating device -----------------------------------------------------------------


def test_rating_device_records_one_rating_for_the_service_just_finished(
    hall_a: HallSetup, open_counter, officer_a, rating_device
) -> None:
    served = _served(hall_a, open_counter, officer_a)
    client = rating_device
    url = f"/hall/counter/{open_counter.pk}/rating/"
    assert "A001" in client.get(url).content.decode()
    data = {"ticket": served.pk, "value": "very_satisfied", "comment": " Nhanh, chu đáo "}
    page = client.post(url, data, follow=True).content.decode()
    assert "Cảm ơn ông/bà đã đánh giá!" in page
    assert "Chưa có lượt phục vụ nào để đánh giá." in page
    second = client.post(url, data | {"value": "not_satisfied"}, follow=True).content.decode()
    assert "Lượt phục vụ này đã được đánh giá." in second
    rating = Rating.objects.get()
    assert (rating.value, rating.comment) == ("very_satisfied", "Nhanh, chu đáo")


def test_rating_device_cannot_rate_an_old_service(
    hall_a: HallSetup, open_counter, officer_a, rating_device
) -> None:
    served = _served(hall_a, open_counter, officer_a)
    Ticket.objects.filter(pk=served.pk).update(finished_at=timezone.now() - timedelta(hours=1))
    url = f"/hall/counter/{open_counter.pk}/rating/"
    assert "Chưa có lượt phục vụ nào để đánh giá." in rating_device.get(url).content.decode()
    response = rating_device.post(url, {"ticket": served.pk, "value": "not_satisfied"})
    assert response.status_code == 404
    assert not Rating.objects.exists()


def test_rating_device_cannot_rate_a_ticket_of_another_counter(
    hall_a: HallSetup, open_counter, officer_a
) -> None:
    served = _served(hall_a, open_counter, officer_a)
    other = hall_a.counters[2]
    response = device_client(hall_a.hall, DeviceKind.RATING, other).post(
        f"/hall/counter/{other.pk}/rating/", {"ticket": served.pk, "value": "satisfied"}
    )
    assert response.status_code == 404
    assert not Rating.objects.exists()


# --- the board -------------------------------------------------------------------------


def test_board_lists_the_number_at_each_open_counter_and_the_waiting_counts(
    hall_a: HallSetup, open_counter, officer_a, board
) -> None:
    ticket_issue(hall=hall_a.hall, group=hall_a.civil)
    ticket_issue(hall=hall_a.hall, group=hall_a.land)
    ticket_call_next(actor=officer_a, counter=open_counter)
    page = board.get(f"/hall/{hall_a.hall.pk}/board/").content.decode()
    assert "Quầy 1" in page and "A001" in page
    assert "Quầy 3" not in page  # closed counters are not listed
    assert 'class="hall-highlight"' in page


def test_hall_index_lists_only_the_officers_own_halls(
    hall_a: HallSetup, officer_a, agency_b
) -> None:
    other = hall_for(agency_b)
    page = _client(officer_a).get("/hall/").content.decode()
    assert f"/hall/counter/{hall_a.counters[0].pk}/" in page
    assert f"/hall/{other.hall.pk}/board/" not in page
    assert _client().get("/hall/").status_code == 302


def test_kiosk_shows_each_group_estimated_wait(hall_a: HallSetup, open_counter, kiosk) -> None:
    page = kiosk.get(f"/hall/{hall_a.hall.pk}/kiosk/").content.decode()
    assert "dưới 1 phút" in page  # a counter of the group is open and nobody is waiting
    assert "chưa có quầy mở" in page  # the other group has no open counter


def test_boards_of_one_hall_share_one_read_per_change(
    hall_a: HallSetup, open_counter, officer_a, django_assert_num_queries
) -> None:
    ticket_issue(hall=hall_a.hall, group=hall_a.civil)
    first = board_snapshot_shared(hall=hall_a.hall)
    with django_assert_num_queries(1):  # only the revision: the board itself is not re-read
        assert board_snapshot_shared(hall=hall_a.hall) == first
    ticket_call_next(actor=officer_a, counter=open_counter)
    assert board_snapshot_shared(hall=hall_a.hall) != first  # a call is a new revision
