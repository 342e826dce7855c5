"""Citizens sign in (and sign up) with a one-time code sent to a phone or email."""

import pytest
from django.conf import settings
from django.urls import reverse

from motcua.accounts.models import OneTimeCode, SignInAttempt, SignInOutcome, User, UserKind
from motcua.core.models import AuditEvent
from motcua.notifications.models import Notification
from tests.accounts.citizens import codes_sent, last_code
from tests.conftest import PASSWORD
from tests.factories import CitizenFactory

START = reverse("accounts:citizen_start")
CODE = reverse("accounts:citizen_code")
SENT = "Nếu địa chỉ hợp lệ, mã đã được gửi"
REFUSED = "Mã không đúng hoặc đã hết hạn"


def ask(client, contact):
    return client.post(START, {"contact": contact})


def enter(client, code):
    return client.post(CODE, {"token": code})


def signed_in(client):
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def test_a_new_phone_gets_a_code_and_the_account_is_made_only_when_the_code_is_used(client, db):
    response = ask(client, "+84 912 345 678")
    assert response.status_code == 302 and response["Location"] == CODE
    sent = Notification.objects.get(kind="otp")
    assert (sent.channel, sent.recipient, sent.sensitive) == ("sms", "0912345678", True)
    assert not User.objects.filter(phone="0912345678").exists()

    response = enter(client, last_code("0912345678"))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")
    citizen = signed_in(client)
    assert citizen.kind == UserKind.CITIZEN and citizen.phone == "0912345678"
    assert not citizen.has_usable_password()
    assert AuditEvent.objects.filter(action="citizen.create", target_id=str(citizen.pk)).exists()


def test_an_existing_citizen_signs_in_by_email_into_the_same_account(client, citizen):
    User.objects.filter(pk=citizen.pk).update(email="minh@example.vn")
    ask(client, "Minh@Example.VN")
    assert Notification.objects.get(kind="otp").channel == "email"
    enter(client, last_code("minh@example.vn"))
    assert signed_in(client) == citizen
    assert User.objects.filter(kind=UserKind.CITIZEN).count() == 1


def test_the_answer_is_the_same_whether_or_not_an_account_uses_the_address(client, citizen):
    User.objects.filter(pk=citizen.pk).update(phone="0912345678")
    answers = []
    for contact in ("0912345678", "0987654321"):
        response = client.post(START, {"contact": contact}, follow=True)
        page = response.content.decode()
        answers.append((response.redirect_chain, SENT in page))
        client.session.flush()
    assert answers[0][0] == answers[1][0]
    assert answers[0][1] and answers[1][1]


def test_a_wrong_code_is_refused_and_counted_and_the_code_dies_after_the_last_try(client, db):
    ask(client, "0912345678")
    code = last_code("0912345678")
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(settings.CITIZEN_CODE_MAX_ATTEMPTS):
        response = enter(client, wrong)
        assert response.status_code == 200 and REFUSED in response.content.decode()
    response = enter(client, code)
    assert REFUSED in response.content.decode()
    assert signed_in(client) is None
    assert not User.objects.filter(phone="0912345678").exists()
    assert SignInAttempt.objects.filter(outcome=SignInOutcome.BAD_CODE).count() == (
        settings.CITIZEN_CODE_MAX_ATTEMPTS + 1
    )


def test_a_code_expires(client, db, clock):
    ask(client, "0912345678")
    clock.advance(seconds=settings.CITIZEN_CODE_TTL_SECONDS + 1)
    assert REFUSED in enter(client, last_code("0912345678")).content.decode()
    assert signed_in(client) is None


def test_a_code_works_once(client, db):
    ask(client, "0912345678")
    code = last_code("0912345678")
    enter(client, code)
    assert signed_in(client) is not None
    client.post(reverse("accounts:logout"))
    ask(client, "0912345678")
    # The old code, not the new one.
    assert REFUSED in enter(client, code).content.decode()
    assert signed_in(client) is None


def test_asking_again_replaces_the_earlier_code(client, db):
    ask(client, "0912345678")
    first = last_code("0912345678")
    ask(client, "0912345678")
    second = last_code("0912345678")
    if first != second:
        assert REFUSED in enter(client, first).content.decode()
    enter(client, second)
    assert signed_in(client) is not None


def test_codes_per_address_are_limited_per_hour(client, db, clock):
    for _ in range(settings.CITIZEN_CODE_PER_ADDRESS_HOURLY):
        assert ask(client, "0912345678").status_code == 302
    response = ask(client, "0912345678")
    assert response.status_code == 200
    assert "quá nhiều mã" in response.content.decode()
    assert codes_sent("0912345678") == settings.CITIZEN_CODE_PER_ADDRESS_HOURLY
    assert SignInAttempt.objects.filter(outcome=SignInOutcome.CODE_LIMIT).count() == 1
    clock.advance(hours=1, seconds=1)
    assert ask(client, "0912345678").status_code == 302


def test_codes_per_ip_address_are_limited_per_hour(client, db, settings):
    settings.CITIZEN_CODE_PER_IP_HOURLY = 3
    for number in ("0912000001", "0912000002", "0912000003"):
        assert ask(client, number).status_code == 302
    response = ask(client, "0912000004")
    assert "quá nhiều mã" in response.content.decode()
    assert codes_sent("0912000004") == 0


def test_behind_a_proxy_the_code_limit_counts_each_citizens_address(client, db, settings):
    settings.CITIZEN_CODE_PER_IP_HOURLY = 1
    settings.TRUSTED_PROXIES = 1
    first = {"HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    assert client.post(START, {"contact": "0912000001"}, **first).status_code == 302
    refused = client.post(START, {"contact": "0912000002"}, **first)
    assert "quá nhiều mã" in refused.content.decode()
    other = {"HTTP_X_FORWARDED_FOR": "203.0.113.8"}
    assert client.post(START, {"contact": "0912000003"}, **other).status_code == 302
    assert codes_sent("0912000003") == 1


def test_a_bad_address_gets_a_message_next_to_the_field_and_nothing_is_sent(client, db):
    response = ask(client, "024 3823 4567")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_contact_error"' in page and "aria-invalid" in page
    assert "Nhập số di động 10 chữ số" in page
    assert not OneTimeCode.objects.exists() and not Notification.objects.exists()


def test_the_code_page_without_a_request_goes_back_to_the_start(client, db):
    assert client.get(CODE)["Location"] == START


def test_an_officers_email_signs_in_a_separate_citizen_account_never_the_officer(client, officer_a):
    User.objects.filter(pk=officer_a.pk).update(email="lan@phuong-a.gov.vn")
    ask(client, "lan@phuong-a.gov.vn")
    enter(client, last_code("lan@phuong-a.gov.vn"))
    user = signed_in(client)
    assert user != officer_a and user.is_citizen


def test_a_deactivated_citizen_cannot_sign_in_with_a_code(client, citizen):
    User.objects.filter(pk=citizen.pk).update(phone="0912345678", is_active=False)
    ask(client, "0912345678")
    assert REFUSED in enter(client, last_code("0912345678")).content.decode()
    assert signed_in(client) is None
    assert SignInAttempt.objects.filter(user=citizen, outcome=SignInOutcome.INACTIVE).exists()


def test_a_signed_in_citizen_goes_to_the_portal_or_next(client, citizen):
    client.force_login(citizen)
    assert client.get(START)["Location"] == reverse("portal:home")
    assert client.get(START + "?next=/accounts/me/")["Location"] == "/accounts/me/"
    assert client.get(START + "?next=https://evil.example/")["Location"] == reverse("portal:home")


def test_the_next_page_is_kept_through_the_code(client, db):
    client.post(START, {"contact": "0912345678", "next": "/accounts/me/"})
    assert enter(client, last_code("0912345678"))["Location"] == "/accounts/me/"


@pytest.mark.parametrize("typed", ["+84912345678", "0912 345 678", "minh@example.vn"])
def test_a_citizen_with_a_password_signs_in_with_phone_or_email(client, citizen, typed):
    User.objects.filter(pk=citizen.pk).update(phone="0912345678", email="minh@example.vn")
    response = client.post(reverse("accounts:login"), {"username": typed, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")
    assert signed_in(client) == citizen


def test_password_sign_in_by_phone_counts_towards_the_citizens_lockout(client, db):
    citizen = CitizenFactory.create(phone="0912345678")
    for _ in range(settings.LOGIN_MAX_FAILURES):
        client.post(reverse("accounts:login"), {"username": "0912345678", "password": "sai"})
    citizen.refresh_from_db()
    assert citizen.locked_until is not None
    client.post(reverse("accounts:login"), {"username": "0912345678", "password": PASSWORD})
    assert signed_in(client) is None


def test_sending_again_from_the_code_page_keeps_the_next_page(client, db):
    client.post(START, {"contact": "0912345678", "next": "/accounts/me/"})
    page = client.get(CODE).content.decode()
    assert 'name="next" value="/accounts/me/"' in page
    client.post(START, {"contact": "0912345678", "next": "/accounts/me/"})
    assert codes_sent("0912345678") == 2
    assert enter(client, last_code("0912345678"))["Location"] == "/accounts/me/"
    assert "citizen_sign_in" not in client.session
