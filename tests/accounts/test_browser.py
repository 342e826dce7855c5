"""Sign-in, staff directory, lockout message and TOTP enrolment in a real Chromium."""

import pytest
from django.conf import settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import OfficerFactory

pytestmark = pytest.mark.browser


def test_officer_signs_in_and_browses_the_staff_directory(page, live_server, login, officer_a):
    OfficerFactory.create(
        username="dongnghiep_a", last_name="Phạm Văn", first_name="Tú", agency=officer_a.agency
    )
    login(officer_a)
    assert page.get_by_test_id("signed-in-user").inner_text().startswith("Nguyễn Thị Lan")
    page.goto(live_server.url + "/accounts/staff/")
    page.get_by_role("link", name="Phạm Văn Tú").click()
    assert page.get_by_test_id("officer-name").inner_text() == "Phạm Văn Tú"


def test_officer_of_ward_b_meets_not_found_for_ward_a(
    page, live_server, login, officer_a, officer_b
):
    login(officer_b)
    response = page.goto(live_server.url + f"/accounts/staff/{officer_a.pk}/")
    assert response.status == 404
    page.goto(live_server.url + "/accounts/staff/")
    assert page.locator(f"a[href='/accounts/staff/{officer_a.pk}/']").count() == 0


def test_anonymous_visitor_is_sent_to_sign_in(page, live_server, db):
    page.goto(live_server.url + "/accounts/staff/")
    assert page.url.startswith(live_server.url + "/accounts/login/")
    assert page.locator("h1").inner_text() == "Đăng nhập cán bộ"


def test_wrong_password_shows_one_vietnamese_message(page, live_server, officer_a):
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=username]", "canbo_a")
    page.fill("input[name=password]", "sai-mat-khau")
    page.click("button[type=submit]")
    message = page.get_by_test_id("login-error").inner_text()
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in message
    assert f"khóa {settings.LOGIN_LOCKOUT_MINUTES} phút" in message


def test_officer_enrols_a_second_factor_from_my_account(page, live_server, login, officer_a):
    login(officer_a)
    page.get_by_test_id("signed-in-user").click()  # the name in the header leads to my account
    assert page.get_by_test_id("me-role").inner_text() == "Cán bộ một cửa"
    page.get_by_role("link", name="Bật xác thực hai lớp").click()
    assert page.get_by_test_id("otp-qr").locator("svg").count() == 1
    device = TOTPDevice.objects.get(user=officer_a)
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    page.fill("input[name=token]", f"{code:06d}")
    page.get_by_role("button", name="Xác nhận").click()
    assert page.url == live_server.url + "/accounts/me/"
    assert page.get_by_test_id("me-2fa").inner_text().startswith("Đang bật")
