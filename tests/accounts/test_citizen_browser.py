"""Citizen sign-up with a code, profile and password in a real Chromium (phone width)."""

import pytest

from motcua.accounts.models import User
from tests.accounts.citizens import last_code

pytestmark = pytest.mark.browser


@pytest.fixture
def phone_page(page):
    page.set_viewport_size({"width": 390, "height": 844})
    return page


def test_citizen_signs_up_with_a_phone_code_and_fills_the_profile(phone_page, live_server):
    page = phone_page
    page.goto(live_server.url + "/accounts/citizen/?next=/accounts/citizen/profile/")
    page.get_by_label("Số điện thoại di động hoặc thư điện tử").fill("+84 912 345 678")
    page.get_by_role("button", name="Nhận mã đăng nhập").click()
    assert "Nếu địa chỉ hợp lệ, mã đã được gửi" in page.get_by_role("alert").first.inner_text()
    assert page.get_by_test_id("code-address").inner_text() == "09******78"
    page.get_by_label("Mã xác thực (6 chữ số)").fill("12")
    page.get_by_role("button", name="Đăng nhập").click()
    assert page.get_by_test_id("error-token").is_visible()
    page.get_by_label("Mã xác thực (6 chữ số)").fill(last_code("0912345678"))
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/accounts/citizen/profile/")
    assert page.get_by_test_id("profile-phone").inner_text() == "0912345678"

    page.get_by_label("Họ và tên").fill("Trần Văn Minh")
    page.get_by_label("Số định danh cá nhân").fill("001 203 012 345")
    page.get_by_label("Ngày sinh").fill("2003-02-01")
    page.get_by_label("Địa chỉ thường trú").fill("Số 1 Phú Đô, phường Từ Liêm, Hà Nội")
    page.get_by_role("button", name="Lưu thông tin").click()
    assert "Đã lưu thông tin cá nhân" in page.get_by_role("alert").first.inner_text()
    citizen = User.objects.get(phone="0912345678")
    assert (citizen.get_full_name(), citizen.personal_id) == ("Trần Văn Minh", "001203012345")


def test_a_bad_id_number_is_announced_next_to_its_field(phone_page, live_server, login, citizen):
    login(citizen)
    page = phone_page
    page.goto(live_server.url + "/accounts/citizen/profile/")
    page.get_by_label("Họ và tên").fill("Trần Văn Minh")
    page.get_by_label("Số định danh cá nhân").fill("12345")
    page.get_by_role("button", name="Lưu thông tin").click()
    field = page.get_by_label("Số định danh cá nhân")
    assert field.get_attribute("aria-invalid") == "true"
    assert "id_personal_id_error" in field.get_attribute("aria-describedby")
    assert page.get_by_test_id("error-personal_id").is_visible()


def test_citizen_changes_phone_with_a_code(phone_page, live_server, login, citizen):
    login(citizen)
    page = phone_page
    page.goto(live_server.url + "/accounts/citizen/profile/")
    page.get_by_label("Số điện thoại hoặc thư điện tử mới").fill("0387 654 321")
    page.get_by_role("button", name="Gửi mã xác nhận").click()
    page.get_by_label("Mã xác thực (6 chữ số)").fill(last_code("0387654321"))
    page.get_by_role("button", name="Xác nhận").click()
    assert page.get_by_test_id("profile-phone").inner_text() == "0387654321"
