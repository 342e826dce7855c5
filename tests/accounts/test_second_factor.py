"""TOTP second factor: enrolment with a real code, sign-in asking for it, forced enrolment."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.models import SignInAttempt, SignInOutcome
from tests.conftest import PASSWORD


def current_code(device: TOTPDevice) -> str:
    """The code an authenticator app shows now for this device's secret."""
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{value:0{device.digits}d}"


@pytest.fixture
def enrolled_a(officer_a):
    return TOTPDevice.objects.create(user=officer_a, name="motcua", confirmed=True)


def sign_in(client, username="canbo_a"):
    return client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})


def test_enrolment_page_shows_a_locally_drawn_qr_code(client, officer_a):
    client.force_login(officer_a)
    body = client.get(reverse("accounts:otp_enrol")).content.decode()
    assert "<svg" in body
    assert "http" not in body.split("<svg", 1)[1].split("</svg>", 1)[0].replace(
        "http://www.w3.org/2000/svg", ""
    )
    device = TOTPDevice.objects.get(user=officer_a)
    assert not device.confirmed


def test_enrolment_is_confirmed_with_a_real_code(client, officer_a):
    client.force_login(officer_a)
    client.get(reverse("accounts:otp_enrol"))
    device = TOTPDevice.objects.get(user=officer_a)
    response = client.post(reverse("accounts:otp_enrol"), {"token": current_code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    body = client.get(reverse("accounts:me")).content.decode()
    assert "Đang bật" in body


def test_enrolment_with_a_wrong_code_confirms_nothing(client, officer_a):
    client.force_login(officer_a)
    client.get(reverse("accounts:otp_enrol"))
    device = TOTPDevice.objects.get(user=officer_a)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("accounts:otp_enrol"), {"token": wrong})
    assert response.status_code == 200
    assert "Mã không đúng" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed


def test_citizen_has_no_enrolment_page(client, citizen):
    client.force_login(citizen)
    assert client.get(reverse("accounts:otp_enrol")).status_code == 404


def test_sign_in_asks_for_the_code_when_the_officer_has_a_device(client, enrolled_a):
    sign_in(client)
    response = client.get(reverse("accounts:staff_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_verify"))

    response = client.post(
        reverse("accounts:otp_verify") + "?next=/accounts/staff/",
        {"token": current_code(enrolled_a), "next": "/accounts/staff/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/staff/"
    assert client.get(reverse("accounts:staff_list")).status_code == 200
    assert SignInAttempt.objects.filter(outcome=SignInOutcome.OTP_OK).count() == 1


def test_wrong_code_keeps_the_officer_out_and_counts_toward_lockout(client, enrolled_a, settings):
    settings.LOGIN_MAX_FAILURES = 2
    sign_in(client)
    wrong = f"{(int(current_code(enrolled_a)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("accounts:otp_verify"), {"token": wrong})
    assert response.status_code == 200
    assert client.get(reverse("accounts:me")).status_code == 302
    # The second wrong code locks the account and ends the half-open session.
    client.post(reverse("accounts:otp_verify"), {"token": wrong})
    assert "_auth_user_id" not in client.session
    enrolled_a.user.refresh_from_db()
    assert enrolled_a.user.locked_until is not None


def test_admin_sign_in_does_not_bypass_the_code(client, sysadmin):
    device = TOTPDevice.objects.create(user=sysadmin, name="motcua", confirmed=True)
    client.post(reverse("admin:login"), {"username": "quantri", "password": PASSWORD})
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_verify"))
    client.post(reverse("accounts:otp_verify"), {"token": current_code(device)})
    assert client.get(reverse("admin:index")).status_code == 200


def test_required_second_factor_sends_officers_to_enrolment(client, officer_a, settings):
    settings.OFFICER_2FA_REQUIRED = True
    sign_in(client)
    response = client.get(reverse("accounts:staff_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_enrol"))
    assert "<svg" in client.get(response["Location"]).content.decode()
    device = TOTPDevice.objects.get(user__username="canbo_a")
    client.post(reverse("accounts:otp_enrol"), {"token": current_code(device)})
    assert client.get(reverse("accounts:staff_list")).status_code == 200


def test_second_factor_is_optional_by_default(client, officer_a):
    sign_in(client)
    assert client.get(reverse("accounts:staff_list")).status_code == 200


def test_verify_page_refuses_an_outside_next_url(client, enrolled_a):
    sign_in(client)
    response = client.post(
        reverse("accounts:otp_verify"),
        {"token": current_code(enrolled_a), "next": "https://example.org/"},
    )
    assert response["Location"] == reverse("dossiers:my_day")
