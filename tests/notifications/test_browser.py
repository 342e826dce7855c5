"""The inbox on a phone and the delivery log on an officer's screen, in real Chromium."""

import re

from playwright.sync_api import expect

from motcua.dossiers.models import Dossier
from motcua.notifications.models import Channel, DeliveryState, Notification
from tests.conftest import fits_the_phone
from tests.dossiers.factories import Team, receive


def test_citizen_reads_the_receipt_message_on_a_phone_and_marks_it_read(
    page, live_server, signed_in, citizen, team_a: Team, steps_procedure
) -> None:
    dossier = receive(team_a, steps_procedure, owner=citizen)
    page.set_viewport_size({"width": 390, "height": 800})
    signed_in(citizen)
    page.goto(live_server.url + "/notifications/")
    expect(page.get_by_test_id("unread-count")).to_have_text("1 chưa đọc")
    message = page.get_by_test_id("message")
    expect(message).to_contain_text(f"Hồ sơ {dossier.code} đã được tiếp nhận.")
    expect(message).to_contain_text("Hẹn trả kết quả: 09:00 10/07/2025.")
    expect(message.get_by_role("link")).to_have_attribute("href", re.compile("/tracking/q/"))
    # The long tracking link wraps: nothing on the phone needs a sideways scroll.
    fits_the_phone(page)
    message.get_by_role("button", name="Đánh dấu đã đọc").click()
    expect(page.get_by_test_id("message")).to_have_attribute("data-unread", "0")
    expect(page.get_by_test_id("unread-count")).to_have_count(0)


def test_officer_finds_the_dead_sms_and_sends_it_again(
    page, live_server, signed_in, received: Dossier
) -> None:
    Notification.objects.filter(dossier=received, channel=Channel.SMS).update(
        state=DeliveryState.DEAD, attempts=5, next_attempt_at=None, last_error="Timeout"
    )
    signed_in(received.received_by)
    page.goto(live_server.url + "/notifications/log/")
    page.get_by_label("Trạng thái gửi").select_option("dead")
    page.get_by_role("button", name="Lọc").click()
    rows = page.get_by_test_id("log-row")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text(received.code)
    rows.get_by_role("button", name="Gửi lại ngay").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã đưa thông báo vào hàng đợi để gửi lại.")
    expect(page.get_by_test_id("log-row")).to_have_count(0)  # still filtered on "dead"
    page.get_by_label("Trạng thái gửi").select_option("pending")
    page.get_by_role("button", name="Lọc").click()
    expect(page.get_by_test_id("log-row").filter(has_text="Tin nhắn SMS")).to_contain_text(
        "Chờ gửi"
    )
