"""An officer of the demo ward issues, sees and revokes an API token on "my account", then
signs out everywhere: their other browser is signed out too, in a real Chromium."""

import pytest
from django.test import Client
from playwright.sync_api import Browser, Page, expect

from motcua.accounts.demo import CITIZEN_USERNAME, DEMO_PASSWORD

pytestmark = pytest.mark.browser

OFFICER = "tuliem.motcua"


def signed_in(
    browser: Browser, base_url: str, username: str = OFFICER, password: str = DEMO_PASSWORD
) -> Page:
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", base_url=base_url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.goto("/accounts/me/")
    return page


def api_status(token: str) -> int:
    return (
        Client().get("/api/v1/dossiers/", headers={"Authorization": f"Bearer {token}"}).status_code
    )


def issue(page: Page, label: str) -> str:
    page.get_by_label("Tên gợi nhớ").fill(label)
    page.get_by_role("button", name="Tạo mã truy cập API").click()
    return page.get_by_test_id("new-token").inner_text().strip()


def test_officer_issues_revokes_a_token_and_signs_out_everywhere(browser, live_server, demo_ward):
    desk = signed_in(browser, live_server.url)
    phone = signed_in(browser, live_server.url)
    expect(desk.get_by_test_id("api-tokens-none")).to_be_visible()

    token = issue(desk, "Phần mềm thống kê")
    assert token.startswith("mc_")
    row = desk.get_by_test_id("api-token").filter(has_text="Phần mềm thống kê")
    expect(row).to_have_count(1)
    assert api_status(token) == 200

    row.get_by_role("button", name="Thu hồi").click()
    expect(desk.get_by_role("alert")).to_contain_text("Đã thu hồi mã truy cập API")
    expect(desk.get_by_test_id("api-token")).to_have_count(0)
    assert api_status(token) == 401

    second = issue(desk, "Kết nối một cửa quốc gia")
    desk.goto("/accounts/me/")
    assert second not in desk.content()  # shown once only
    desk.get_by_test_id("sign-out-everywhere").get_by_text(
        "Đăng xuất khỏi mọi nơi", exact=True
    ).click()
    desk.get_by_role("button", name="Xác nhận đăng xuất khỏi mọi nơi").click()
    expect(desk.get_by_role("alert")).to_contain_text("Đã đăng xuất khỏi mọi nơi")
    assert desk.url.startswith(live_server.url + "/accounts/login/")

    phone.reload()
    assert phone.url.startswith(live_server.url + "/accounts/login/")
    assert api_status(second) == 401


def test_citizen_signs_out_everywhere_from_the_profile(browser, live_server, demo_ward):
    home = signed_in(browser, live_server.url, CITIZEN_USERNAME)
    phone = signed_in(browser, live_server.url, CITIZEN_USERNAME)
    home.goto("/accounts/citizen/profile/")
    home.get_by_test_id("sign-out-everywhere").get_by_text(
        "Đăng xuất khỏi mọi nơi", exact=True
    ).click()
    home.get_by_role("button", name="Xác nhận đăng xuất khỏi mọi nơi").click()
    expect(home.get_by_role("alert").first).to_contain_text("Đã đăng xuất khỏi mọi nơi")
    assert home.url.startswith(live_server.url + "/accounts/citizen/")
    phone.goto("/accounts/citizen/profile/")
    assert phone.url.startswith(live_server.url + "/accounts/citizen/?next=")
