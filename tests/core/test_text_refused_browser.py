"""The page a person gets when a form sent a refused character, in a real browser."""

import pytest
from playwright.sync_api import expect

from tests.conftest import fits_the_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_pasted_bidi_override_gets_a_page_saying_what_to_do(page, live_server):
    page.goto(live_server.url + "/tracking/")
    # As pasted from a message: the code with an invisible right-to-left override in it.
    page.locator("#code").fill("000.00.19.H26\u202e-250707-0001")
    page.locator("#phone4").fill("5678")
    page.locator("#phone4").press("Enter")
    refused = page.get_by_test_id("text-refused")
    expect(refused).to_contain_text("Nội dung gửi lên không hợp lệ")
    expect(refused).to_contain_text("ký tự đảo chiều văn bản (U+202E)")
    expect(refused).to_contain_text("gõ lại ô vừa dán")
    fits_the_phone(page)
