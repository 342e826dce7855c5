"""The public pages in a real headless Chromium."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import fits_the_phone

pytestmark = pytest.mark.browser


def test_search_as_you_type_then_open_the_procedure(page, live_server, seeded):
    page.goto(live_server.url + "/procedures/")
    # A marker that a full page load would wipe: the results must arrive without one.
    page.evaluate("window.stillSamePage = true")
    page.fill("#mc-q", "dang ky ket hon")
    results = page.locator("[data-testid=results]")
    expect(results).not_to_contain_text("Đăng ký khai tử")  # waits for the swap
    expect(results).to_contain_text("Đăng ký kết hôn")
    assert page.evaluate("window.stillSamePage") is True
    assert "q=dang%20ky%20ket%20hon" in page.url  # the search is in the address, to share

    results.get_by_role("link", name="Đăng ký kết hôn", exact=True).click()
    page.wait_for_url(re.compile(r"/procedures/dang-ky-ket-hon/$"))
    assert page.locator("h1").inner_text() == "Đăng ký kết hôn"
    assert "Trong ngày làm việc" in page.get_by_test_id("processing-time").inner_text()
    assert "Tờ khai đăng ký kết hôn" in page.get_by_test_id("documents").inner_text()
    assert "miễn thu" in page.get_by_test_id("fee").first.inner_text()


def test_search_works_without_javascript(browser, live_server, seeded):
    context = browser.new_context(java_script_enabled=False, locale="vi-VN")
    try:
        page = context.new_page()
        page.goto(live_server.url + "/procedures/")
        page.fill("#mc-q", "khai sinh")
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r"q=khai\+sinh"))
        first = page.locator("[data-testid=results] a").first
        assert first.inner_text() == "Đăng ký khai sinh"
    finally:
        context.close()


def test_browse_a_field_on_a_phone_and_read_the_fees(page, live_server, seeded):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(live_server.url + "/procedures/")
    page.get_by_test_id("fields").get_by_role("link", name=re.compile("Chứng thực")).click()
    page.wait_for_url(re.compile(r"/procedures/field/chung-thuc/$"))
    assert "Đăng ký khai sinh" not in page.get_by_test_id("results").inner_text()

    page.get_by_role("link", name=re.compile("^Chứng thực chữ ký")).click()
    page.wait_for_url(re.compile(r"/procedures/chung-thuc-chu-ky/$"))
    assert "10.000 đồng/trường hợp" in page.get_by_test_id("fee").inner_text()
    assert page.get_by_test_id("online-level").inner_text() == "Chưa cung cấp trực tuyến"
    # Mobile-friendly: nothing wider than the phone's screen.
    fits_the_phone(page)
