"""Enrolled devices in a real browser: the centre's manager adds a kiosk and sees its
link; the link opened in a fresh browser makes it the kiosk, which issues a ticket; a
browser that never opened it gets the 403 page; revoked, the kiosk is refused. And the
kiosk link `motcua demo load` prints works as printed."""

import re

import pytest
from playwright.sync_api import expect

from motcua.accounts import demo as accounts_demo
from motcua.accounts.models import Role
from motcua.hall import demo as hall_demo
from motcua.hall.models import Device, Hall, Ticket
from tests.factories import OfficerFactory
from tests.hall.factories import HallSetup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fresh(browser):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(10_000)
    return context


def test_manager_enrols_a_kiosk_that_issues_tickets_until_revoked(
    browser, page, live_server, login, hall_a: HallSetup, agency_a
) -> None:
    manager = OfficerFactory.create(agency=agency_a, role=Role.CENTRE_MANAGER)
    login(manager)
    page.goto(f"{live_server.url}/hall/")
    page.get_by_test_id("devices-link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thiết bị của sảnh")
    page.get_by_label("Tên thiết bị").fill("Kiosk cửa chính")
    page.get_by_label("Loại thiết bị").select_option(label="Máy lấy số")
    page.get_by_role("button", name="Thêm thiết bị").click()
    link = page.get_by_test_id("device-link").inner_text()
    assert re.fullmatch(rf"{live_server.url}/hall/enrol/\d+/[\w-]{{43}}/", link)
    expect(page.get_by_test_id("device-qr").locator("svg")).to_be_visible()

    kiosk_context, anonymous_context = _fresh(browser), _fresh(browser)
    try:
        kiosk = kiosk_context.new_page()
        kiosk.goto(link)
        assert kiosk.url == f"{live_server.url}/hall/{hall_a.hall.pk}/kiosk/"
        kiosk.get_by_role("button", name="Hộ tịch").click()
        expect(kiosk.get_by_test_id("ticket-code")).to_have_text("A001")

        anonymous = anonymous_context.new_page()
        response = anonymous.goto(f"{live_server.url}/hall/{hall_a.hall.pk}/kiosk/")
        assert response is not None and response.status == 403
        expect(anonymous.get_by_test_id("device-required")).to_contain_text(
            "Thiết bị chưa được ghi danh"
        )
        expect(anonymous.get_by_test_id("kiosk-form")).to_have_count(0)

        page.goto(f"{live_server.url}/hall/{hall_a.hall.pk}/devices/")
        expect(page.get_by_test_id("devices")).to_contain_text("Kiosk cửa chính")
        page.get_by_role("button", name="Thu hồi").click()
        expect(page.get_by_test_id("devices-message")).to_contain_text("Đã thu hồi")
        kiosk.goto(f"{live_server.url}/hall/{hall_a.hall.pk}/kiosk/")
        expect(kiosk.get_by_test_id("device-required")).to_be_visible()
        assert Ticket.objects.count() == 1
    finally:
        kiosk_context.close()
        anonymous_context.close()


def test_the_kiosk_link_demo_load_prints_opens_the_demo_kiosk(
    browser, live_server, settings
) -> None:
    settings.SITE_URL = "http://127.0.0.1:8000"
    accounts_demo.load()
    printed = hall_demo.load()
    line = next(line for line in printed.splitlines() if "Kiosk cửa chính" in line)
    link = line.rsplit(" ", 1)[1]
    assert link.startswith("http://127.0.0.1:8000/hall/enrol/")
    context = _fresh(browser)
    try:
        kiosk = context.new_page()
        kiosk.goto(link.replace("http://127.0.0.1:8000", live_server.url))
        hall = Hall.objects.get()
        assert kiosk.url == f"{live_server.url}/hall/{hall.pk}/kiosk/"
        kiosk.get_by_role("button", name="Hộ tịch").click()
        expect(kiosk.get_by_test_id("ticket-code")).to_have_text("A001")
        assert Device.objects.get(name="Kiosk cửa chính").last_seen_at is not None
    finally:
        context.close()
