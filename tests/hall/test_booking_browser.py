"""Online booking in a real browser on a phone-sized screen."""

import pytest
from playwright.sync_api import expect

from motcua.hall.models import Appointment
from tests.conftest import fits_the_phone
from tests.hall.factories import HallSetup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizen_books_a_slot_on_a_phone_and_gets_a_code_with_a_qr(
    page, live_server, hall_a: HallSetup
) -> None:
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{live_server.url}/hall/book/")
    page.get_by_text(hall_a.hall.name).click()
    page.get_by_role("link", name="Hộ tịch").click()
    # The second working day: all its slots are still ahead, whatever the hour of the test.
    page.get_by_test_id("days").locator("a").nth(1).click()
    page.locator("input[name=slot]:not([disabled]) + label").first.click()
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Lan")
    page.get_by_label("Số điện thoại di động").fill("0912 345 678")
    page.get_by_role("button", name="Đặt lịch").click()

    booked = Appointment.objects.get()
    expect(page.get_by_test_id("booking-code")).to_have_text(booked.booking_code)
    expect(page.get_by_test_id("booking-group")).to_have_text("Hộ tịch")
    expect(page.locator("svg").first).to_be_visible()
    # Nothing runs off the side of a phone screen.
    fits_the_phone(page)
