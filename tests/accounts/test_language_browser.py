"""The language switch in a real browser, on a computer and on a phone."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD, fits_the_phone

pytestmark = pytest.mark.browser

# Below this width the header folds behind its menu button (navbar-expand-xl).
FOLDED_BELOW = 1200


def open_menu_if_folded(page, width: int) -> None:
    if width < FOLDED_BELOW:
        page.locator(".navbar-toggler").click()  # "Mở menu" or "Open menu"


@pytest.mark.parametrize("width", [1280, 390])
def test_an_english_browser_reads_vietnamese_until_the_switch_says_english(
    browser, live_server, db, width
):
    context = browser.new_context(locale="en-US", viewport={"width": width, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_test_id("entry-tracking")).to_contain_text("Tra cứu hồ sơ")

    open_menu_if_folded(page, width)
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_test_id("entry-tracking")).to_contain_text("Track a dossier")
    fits_the_phone(page)
    context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_english_saved_on_the_account_page_follows_the_officer_to_another_browser(
    browser, page, live_server, login, officer_a, width
):
    page.set_viewport_size({"width": width, "height": 900})
    login(officer_a)
    page.goto(live_server.url + "/accounts/me/")
    expect(page.locator("h1")).to_have_text("Tài khoản của tôi")
    fits_the_phone(page)
    page.get_by_label("Ngôn ngữ hiển thị").select_option("en")
    page.get_by_role("button", name="Lưu ngôn ngữ").click()
    expect(page.locator("h1")).to_have_text("My account")
    fits_the_phone(page)

    other = browser.new_context(locale="vi-VN", viewport={"width": width, "height": 900})
    other.set_default_timeout(10_000)
    elsewhere = other.new_page()
    elsewhere.goto(live_server.url + "/accounts/login/")
    elsewhere.fill("input[name=username]", officer_a.username)
    elsewhere.fill("input[name=password]", PASSWORD)
    elsewhere.click("button[type=submit]")
    elsewhere.goto(live_server.url + "/accounts/me/")
    expect(elsewhere.locator("h1")).to_have_text("My account")

    # Back to Vietnamese with the header's switch, as signed in: kept on the account too.
    open_menu_if_folded(elsewhere, width)
    elsewhere.get_by_role("button", name="Tiếng Việt").click()
    expect(elsewhere.locator("h1")).to_have_text("Tài khoản của tôi")
    officer_a.refresh_from_db()
    assert officer_a.language == "vi"
    other.close()
