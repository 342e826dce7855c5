"""Officer sign-in: lockout after repeated failures, one message for every refusal, a log."""

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from motcua.accounts.forms import SIGN_IN_REFUSED
from motcua.accounts.lockout import LockState, after_failure
from motcua.accounts.models import SignInAttempt, SignInOutcome
from tests.conftest import PASSWORD

T0 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
WINDOW = timedelta(minutes=15)


def fail(state: LockState, at: datetime) -> LockState:
    return after_failure(state, now=at, max_failures=3, window=WINDOW)


# --- the arithmetic, without a database ---------------------------------------------------


def test_third_failure_within_the_window_locks_for_the_window():
    state = fail(fail(fail(LockState(), T0), T0 + timedelta(minutes=1)), T0 + timedelta(minutes=2))
    assert state.locked_until == T0 + timedelta(minutes=2) + WINDOW
    assert state.failures == 0


def test_failures_further_apart_than_the_window_do_not_add_up():
    state = fail(fail(LockState(), T0), T0 + timedelta(minutes=1))
    state = fail(state, T0 + WINDOW + timedelta(minutes=1))
    assert state.locked_until is None
    assert state.failures == 1


# --- through the real sign-in form --------------------------------------------------------


def sign_in(client, username, password=PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


def refusal_text():
    return str(SIGN_IN_REFUSED) % {"minutes": settings.LOGIN_LOCKOUT_MINUTES}


def test_officer_signs_in_with_the_right_password(client, officer_a):
    response = sign_in(client, "canbo_a")
    assert response.status_code == 302
    assert client.get("/accounts/me/").status_code == 200


def test_repeated_failures_lock_the_account_even_for_the_right_password(client, officer_a, clock):
    for _ in range(settings.LOGIN_MAX_FAILURES):
        sign_in(client, "canbo_a", "sai-mat-khau")
    officer_a.refresh_from_db()
    assert officer_a.locked_until == clock.now + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)

    clock.advance(minutes=settings.LOGIN_LOCKOUT_MINUTES - 1)
    response = sign_in(client, "canbo_a")
    assert response.status_code == 200
    assert refusal_text() in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lock_ends_after_the_window(client, officer_a, clock):
    for _ in range(settings.LOGIN_MAX_FAILURES):
        sign_in(client, "canbo_a", "sai-mat-khau")
    clock.advance(minutes=settings.LOGIN_LOCKOUT_MINUTES, seconds=1)
    assert sign_in(client, "canbo_a").status_code == 302
    officer_a.refresh_from_db()
    assert (officer_a.failed_logins, officer_a.locked_until) == (0, None)


def test_attempts_while_locked_do_not_extend_the_lock(client, officer_a, clock):
    for _ in range(settings.LOGIN_MAX_FAILURES):
        sign_in(client, "canbo_a", "sai-mat-khau")
    officer_a.refresh_from_db()
    locked_until = officer_a.locked_until
    clock.advance(minutes=5)
    sign_in(client, "canbo_a", "sai-mat-khau")
    officer_a.refresh_from_db()
    assert officer_a.locked_until == locked_until


def test_success_resets_the_failure_count(client, officer_a, clock):
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        sign_in(client, "canbo_a", "sai-mat-khau")
    assert sign_in(client, "canbo_a").status_code == 302
    client.post("/accounts/logout/")
    sign_in(client, "canbo_a", "sai-mat-khau")
    officer_a.refresh_from_db()
    assert officer_a.failed_logins == 1
    assert officer_a.locked_until is None


@pytest.mark.parametrize("who", ["unknown", "wrong_password", "locked"])
def test_refusal_message_does_not_reveal_whether_the_account_exists(client, officer_a, who):
    if who == "locked":
        for _ in range(settings.LOGIN_MAX_FAILURES):
            sign_in(client, "canbo_a", "sai-mat-khau")
    username, password = {
        "unknown": ("khong_ton_tai", PASSWORD),
        "wrong_password": ("canbo_a", "sai-mat-khau"),
        "locked": ("canbo_a", PASSWORD),
    }[who]
    response = sign_in(client, username, password)
    assert response.status_code == 200
    assert refusal_text() in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_citizen_with_a_password_signs_in_through_the_same_form(client, citizen):
    # Issue 4: citizens who set a password use this form too (by phone or email).
    assert sign_in(client, "congdan")["Location"] == reverse("portal:home")
    assert client.session["_auth_user_id"] == str(citizen.pk)


def test_every_attempt_is_logged_with_its_outcome_and_address(client, officer_a):
    sign_in(client, "khong_ton_tai")
    sign_in(client, "canbo_a", "sai-mat-khau")
    sign_in(client, "canbo_a")
    log = list(
        SignInAttempt.objects.order_by("pk").values_list("username", "outcome", "ip_address")
    )
    assert log == [
        ("khong_ton_tai", SignInOutcome.UNKNOWN_USER, "127.0.0.1"),
        ("canbo_a", SignInOutcome.BAD_PASSWORD, "127.0.0.1"),
        ("canbo_a", SignInOutcome.SUCCEEDED, "127.0.0.1"),
    ]


def test_behind_a_proxy_the_log_keeps_the_citizens_address(client, officer_a, settings):
    settings.TRUSTED_PROXIES = 1
    client.post(
        "/accounts/login/",
        {"username": "canbo_a", "password": "sai"},
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert SignInAttempt.objects.get().ip_address == "203.0.113.7"


def test_the_locking_attempt_is_logged_as_such(client, officer_a):
    for _ in range(settings.LOGIN_MAX_FAILURES + 1):
        sign_in(client, "canbo_a", "sai-mat-khau")
    outcomes = list(SignInAttempt.objects.order_by("pk").values_list("outcome", flat=True))
    assert outcomes[-2:] == [SignInOutcome.LOCKED_NOW, SignInOutcome.LOCKED]


def test_admin_sign_in_form_is_locked_too(client, sysadmin):
    for _ in range(settings.LOGIN_MAX_FAILURES):
        client.post("/admin/login/", {"username": "quantri", "password": "sai"})
    client.post("/admin/login/", {"username": "quantri", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


@override_settings(SIGN_IN_RATE_LIMIT=5)
def test_many_failed_sign_ins_from_one_address_are_refused_whatever_the_usernames(
    client, officer_a
):
    for n in range(5):
        client.post("/accounts/login/", {"username": f"ai-do-{n}", "password": "sai"})
    refused = client.post(
        "/accounts/login/", {"username": officer_a.username, "password": PASSWORD}
    )
    assert "quá nhiều lần đăng nhập từ địa chỉ mạng này" in refused.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(SIGN_IN_RATE_LIMIT=3)
def test_a_ward_office_signing_in_behind_one_address_is_not_throttled(client, officer_a):
    for _ in range(6):  # the morning shift, all from the office's one address
        client.post("/accounts/login/", {"username": officer_a.username, "password": PASSWORD})
        assert "_auth_user_id" in client.session
        client.logout()
