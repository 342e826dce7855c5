"""The hall in a real browser: kiosk → counter → board within 1 s → rating device, and a
board that reconnects by itself when its event stream is cut."""

import time

import pytest

from motcua.hall import events
from motcua.hall.device_access import enrolment_path
from motcua.hall.models import DeviceKind, Rating, Ticket, TicketState
from motcua.hall.services.tickets import ticket_call_next, ticket_issue
from tests.hall.factories import HallSetup, device_enrolled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BOARD_SHOWS = "([code, n]) => document.getElementById('board-{where}').textContent.includes(code)"


@pytest.fixture(autouse=True)
def streams_end_with_the_test(page, monkeypatch):
    """A stream notices its board is gone at its next write: heartbeats every 0.3 s make
    that prompt, so no stream is left polling a database the test has already flushed."""
    monkeypatch.setattr(events, "HEARTBEAT_SECONDS", 0.3)
    yield
    page.context.close()
    time.sleep(1.0)


def _board_shows(where: str) -> str:
    return BOARD_SHOWS.replace("{where}", where)


def _enrol(page, live_server, hall_a: HallSetup, kind: str, counter=None) -> None:
    """This browser opens the enrolment link of a new device: it lands on its page."""
    enrolment = device_enrolled(hall_a.hall, kind, counter)
    page.goto(live_server.url + enrolment_path(enrolment.device, enrolment.secret))


def _open_board(page, live_server, hall_a: HallSetup):
    board = page.context.new_page()
    _enrol(board, live_server, hall_a, DeviceKind.BOARD)
    assert board.url == f"{live_server.url}/hall/{hall_a.hall.pk}/board/"
    board.wait_for_function("document.getElementById('hall-board').dataset.connected === '1'")
    return board


def test_kiosk_ticket_is_called_shown_on_the_board_and_rated(
    page, live_server, login, hall_a: HallSetup, open_counter, officer_a
) -> None:
    board = _open_board(page, live_server, hall_a)

    _enrol(page, live_server, hall_a, DeviceKind.KIOSK)
    page.get_by_text("Người cao tuổi").click()
    page.get_by_role("button", name="Hộ tịch").click()
    assert page.get_by_test_id("ticket-code").inner_text() == "A001"
    assert page.get_by_test_id("ahead").inner_text() == "0"
    assert Ticket.objects.get().category == "elderly"

    login(officer_a)
    page.goto(f"{live_server.url}/hall/counter/{open_counter.pk}/")
    # Pushed by the event stream, without a reload (how fast is the hall benchmark's job).
    page.get_by_test_id("call-next").click()
    board.wait_for_function(_board_shows("counters"), arg=["A001", 0], timeout=5_000)
    assert board.locator("#board-calls tr.hall-highlight").inner_text().startswith("A001")

    page.get_by_role("button", name="Bắt đầu phục vụ").click()
    page.get_by_role("button", name="Kết thúc phục vụ").click()
    assert Ticket.objects.get().state == TicketState.DONE

    _enrol(page, live_server, hall_a, DeviceKind.RATING, open_counter)
    page.fill("#rating-comment", "Cán bộ hướng dẫn tận tình")
    page.get_by_role("button", name="Rất hài lòng").click()
    assert "Cảm ơn ông/bà đã đánh giá!" in page.get_by_test_id("rating-message").inner_text()
    rating = Rating.objects.get()
    assert (rating.value, rating.comment) == ("very_satisfied", "Cán bộ hướng dẫn tận tình")


def test_board_reconnects_by_itself_when_the_stream_is_cut(
    page, live_server, hall_a: HallSetup, open_counter, officer_a, monkeypatch
) -> None:
    # The server ends every stream after 1 s: the board must come back each time.
    monkeypatch.setattr(events, "STREAM_SECONDS", 1.0)
    board = _open_board(page, live_server, hall_a)
    board.wait_for_function("Number(document.getElementById('hall-board').dataset.opens) >= 2")

    ticket_issue(hall=hall_a.hall, group=hall_a.civil)
    ticket_call_next(actor=officer_a, counter=open_counter)
    board.wait_for_function(_board_shows("counters"), arg=["A001", 0], timeout=5_000)


def test_board_recovers_after_the_network_drops(
    page, live_server, hall_a: HallSetup, open_counter, officer_a, monkeypatch
) -> None:
    # Offline emulation blocks new connections only: the server ends the open stream soon,
    # and the board's attempts to reconnect fail until the network is back.
    monkeypatch.setattr(events, "STREAM_SECONDS", 1.0)
    board = _open_board(page, live_server, hall_a)
    board.context.set_offline(True)
    board.wait_for_function("document.getElementById('hall-board').dataset.connected === '0'")
    assert board.get_by_role("status").is_visible()  # "Mất kết nối, đang kết nối lại…"
    ticket_issue(hall=hall_a.hall, group=hall_a.civil)
    ticket_call_next(actor=officer_a, counter=open_counter)
    board.context.set_offline(False)
    board.wait_for_function(_board_shows("counters"), arg=["A001", 0], timeout=8_000)


def test_board_says_the_call_in_vietnamese_when_the_voice_is_on(
    page, live_server, hall_a: HallSetup, open_counter, officer_a
) -> None:
    # Headless Chromium has no voices: record what the board asks the browser to say.
    page.context.add_init_script(
        "window.__spoken = [];"
        "window.speechSynthesis.speak = (u) => window.__spoken.push([u.text, u.lang]);"
    )
    board = _open_board(page, live_server, hall_a)
    board.get_by_label("Đọc số bằng giọng nói").check()
    ticket_issue(hall=hall_a.hall, group=hall_a.civil)
    ticket_call_next(actor=officer_a, counter=open_counter)
    board.wait_for_function("window.__spoken.length > 0")
    assert board.evaluate("window.__spoken") == [["Mời số A 0 0 1 đến Quầy 1", "vi-VN"]]


def test_printed_ticket_shows_only_the_ticket(page, live_server, hall_a: HallSetup) -> None:
    ticket = ticket_issue(hall=hall_a.hall, group=hall_a.civil)
    page.emulate_media(media="print")
    page.goto(f"{live_server.url}/hall/t/{ticket.token}/ticket/")
    assert page.get_by_test_id("ticket-code").is_visible()
    assert page.locator("svg").first.is_visible()  # the QR to follow the queue
    assert not page.locator(".mc-header").is_visible()
    assert not page.get_by_role("button", name="In lại").is_visible()
