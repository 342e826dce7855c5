"""API tokens and sessions end when they should: on expiry, revocation, lockout,
deactivation, a new password and "sign out everywhere"."""

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.models import ApiToken, User
from motcua.accounts.services.access import api_token_issue
from motcua.core.formatting import short_datetime
from motcua.core.models import AuditEvent
from tests.conftest import PASSWORD

API = "/api/v1/dossiers/"


def api_status(token: str) -> int:
    return Client().get(API, headers={"Authorization": f"Bearer {token}"}).status_code


def browser_session(user: User) -> Client:
    client = Client()
    client.force_login(user)
    assert client.get(reverse("accounts:me")).status_code == 200
    return client


def is_signed_out(client: Client) -> bool:
    response = client.get(reverse("accounts:me"))
    return response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )


def test_token_works_until_api_token_hours_have_passed(officer_a, settings):
    settings.API_TOKEN_HOURS = 2
    now = timezone.now()
    fresh = api_token_issue(user=officer_a, now=now - timedelta(hours=1, minutes=59))
    stale = api_token_issue(user=officer_a, now=now - timedelta(hours=2))
    assert fresh.api_token.expires_at - fresh.api_token.created_at == timedelta(hours=2)
    assert api_status(fresh.token) == 200
    assert api_status(stale.token) == 401


def test_token_route_answers_when_the_token_expires(client, officer_a):
    client.force_login(officer_a)
    before = timezone.now()
    body = client.post(f"{API}token").json()
    assert body["token"].startswith("mc_")
    hours = timedelta(hours=settings.API_TOKEN_HOURS)
    expires_at = ApiToken.objects.get(user=officer_a).expires_at
    assert before + hours <= expires_at <= timezone.now() + hours
    assert body["expires_at"].startswith(expires_at.isoformat()[:19])


def test_revoked_token_is_refused_in_vietnamese(client, officer_a):
    issued = api_token_issue(user=officer_a)
    client.force_login(officer_a)
    client.post(reverse("accounts:api_token_revoke", args=[issued.api_token.pk]))
    response = Client().get(API, headers={"Authorization": f"Bearer {issued.token}"})
    assert response.status_code == 401
    assert response.json()["detail"] == "Mã truy cập API không hợp lệ hoặc đã hết hạn."
    assert AuditEvent.objects.filter(action="api_token.revoke", actor=officer_a).count() == 1


def test_officer_revoking_their_token_leaves_another_officers_working(officer_a, officer_b):
    mine = api_token_issue(user=officer_a)
    theirs = api_token_issue(user=officer_b)
    browser_session(officer_a).post(reverse("accounts:api_token_revoke", args=[mine.api_token.pk]))
    assert api_status(mine.token) == 401
    assert api_status(theirs.token) == 200


def test_officer_cannot_revoke_another_officers_token(officer_a, officer_b):
    theirs = api_token_issue(user=officer_b)
    response = browser_session(officer_a).post(
        reverse("accounts:api_token_revoke", args=[theirs.api_token.pk])
    )
    assert response.status_code == 404
    assert api_status(theirs.token) == 200


def test_lockout_ends_the_open_session_and_voids_the_tokens(officer_a):
    issued = api_token_issue(user=officer_a)
    open_session = browser_session(officer_a)
    attacker = Client()
    for _attempt in range(settings.LOGIN_MAX_FAILURES):
        attacker.post(reverse("accounts:login"), {"username": "canbo_a", "password": "sai"})
    assert is_signed_out(open_session)
    assert api_status(issued.token) == 401
    assert AuditEvent.objects.filter(action="account.sessions_end", reason="lockout").exists()


def test_failures_short_of_the_lockout_end_nothing(officer_a):
    issued = api_token_issue(user=officer_a)
    open_session = browser_session(officer_a)
    for _attempt in range(settings.LOGIN_MAX_FAILURES - 1):
        Client().post(reverse("accounts:login"), {"username": "canbo_a", "password": "sai"})
    assert not is_signed_out(open_session)
    assert api_status(issued.token) == 200


def test_deactivation_in_the_admin_ends_sessions_and_voids_tokens(officer_a, sysadmin):
    issued = api_token_issue(user=officer_a)
    open_session = browser_session(officer_a)
    admin = browser_session(sysadmin)
    page = admin.get(reverse("admin:accounts_user_change", args=[officer_a.pk]))
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    del data["is_active"]  # the box unticked
    response = admin.post(reverse("admin:accounts_user_change", args=[officer_a.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    officer_a.refresh_from_db()
    assert not officer_a.is_active
    # Even once the account is active again, the old session and token stay void.
    officer_a.is_active = True
    officer_a.save()
    assert is_signed_out(open_session)
    assert api_status(issued.token) == 401


def test_deactivation_by_any_save_ends_sessions_and_voids_tokens(officer_a):
    issued = api_token_issue(user=officer_a)
    open_session = browser_session(officer_a)
    officer_a.is_active = False
    officer_a.save(update_fields=["is_active"])
    officer_a.is_active = True
    officer_a.save()
    assert is_signed_out(open_session)
    assert api_status(issued.token) == 401


def test_a_new_password_voids_the_tokens_and_keeps_the_session_that_changed_it(client, officer_a):
    issued = api_token_issue(user=officer_a)
    other = browser_session(officer_a)
    client.force_login(officer_a)
    new = "mot-mat-khau-moi-dai"
    client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert client.get(reverse("accounts:me")).status_code == 200
    assert is_signed_out(other)
    assert api_status(issued.token) == 401


def test_sign_out_everywhere_ends_every_session_and_voids_every_token(officer_a, officer_b):
    mine = [api_token_issue(user=officer_a) for _ in range(2)]
    theirs = api_token_issue(user=officer_b)
    other_device = browser_session(officer_a)
    other_officer = browser_session(officer_b)
    here = browser_session(officer_a)
    response = here.post(reverse("accounts:sign_out_everywhere"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:login")
    assert "Đã đăng xuất khỏi mọi nơi" in response.content.decode()
    assert is_signed_out(here) and is_signed_out(other_device)
    assert [api_status(issued.token) for issued in mine] == [401, 401]
    assert not is_signed_out(other_officer)
    assert api_status(theirs.token) == 200
    # The account still signs in with its password.
    assert (
        here.post(
            reverse("accounts:login"), {"username": "canbo_a", "password": PASSWORD}
        ).status_code
        == 302
    )
    assert here.get(reverse("accounts:me")).status_code == 200


def test_sign_out_everywhere_is_a_post(officer_a):
    session = browser_session(officer_a)
    assert session.get(reverse("accounts:sign_out_everywhere")).status_code == 405
    assert not is_signed_out(session)


def test_citizen_signs_out_everywhere(citizen):
    other_device = browser_session(citizen)
    here = browser_session(citizen)
    response = here.post(reverse("accounts:sign_out_everywhere"))
    assert response["Location"] == reverse("accounts:citizen_start")
    assert here.get(reverse("accounts:me")).status_code == 302
    assert other_device.get(reverse("accounts:me")).status_code == 302


def test_citizen_gets_no_api_token(citizen):
    session = browser_session(citizen)
    assert "Mã truy cập API" not in session.get(reverse("accounts:me")).content.decode()
    assert session.post(reverse("accounts:api_token_create")).status_code == 404
    assert not ApiToken.objects.exists()


def test_token_value_is_never_stored(officer_a):
    issued = api_token_issue(user=officer_a, label="thống kê")
    secret = issued.token.removeprefix("mc_")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_apitoken")
        rows = [str(value) for row in cursor.fetchall() for value in row]
        cursor.execute("SELECT payload, target_label FROM core_auditevent")
        rows += [str(value) for row in cursor.fetchall() for value in row]
    assert rows and not any(secret in value for value in rows)


def test_my_account_lists_my_active_tokens_in_vietnamese_format(client, officer_a, officer_b):
    mine = api_token_issue(user=officer_a, label="phần mềm thống kê")
    api_token_issue(user=officer_b, label="của phường B")
    revoked = api_token_issue(user=officer_a, label="đã thu hồi")
    ApiToken.objects.filter(pk=revoked.api_token.pk).update(revoked_at=timezone.now())
    client.force_login(officer_a)
    Client().get(API, headers={"Authorization": f"Bearer {mine.token}"})
    body = client.get(reverse("accounts:me")).content.decode()
    assert "phần mềm thống kê" in body
    assert "của phường B" not in body and "đã thu hồi" not in body
    mine.api_token.refresh_from_db()
    assert short_datetime(mine.api_token.expires_at) in body
    assert mine.api_token.last_used_at is not None
    assert short_datetime(mine.api_token.last_used_at) in body
    assert mine.token not in body


def test_new_token_is_shown_once_on_my_account(client, officer_a):
    client.force_login(officer_a)
    response = client.post(reverse("accounts:api_token_create"), {"label": "kế toán"})
    token = response.context["new_token"]
    assert token in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert api_status(token) == 200
    assert token not in client.get(reverse("accounts:me")).content.decode()


def test_last_use_is_recorded_at_most_once_a_minute(officer_a):
    issued = api_token_issue(user=officer_a)
    api_status(issued.token)
    first = ApiToken.objects.get().last_used_at
    api_status(issued.token)
    assert ApiToken.objects.get().last_used_at == first


def test_administrator_revokes_a_token_and_cannot_add_or_edit(client, sysadmin, officer_a):
    issued = api_token_issue(user=officer_a, label="bị thu hồi")
    client.force_login(sysadmin)
    listing = reverse("admin:accounts_apitoken_changelist")
    assert "bị thu hồi" in client.get(listing).content.decode()
    client.post(listing, {"action": "revoke", "_selected_action": [issued.api_token.pk]})
    assert api_status(issued.token) == 401
    assert client.get(reverse("admin:accounts_apitoken_add")).status_code == 403
