"""Single sign-on with the national identity provider, end to end against a real OpenID
Connect provider (django-oauth-toolkit, started in a subprocess by these tests)."""

import html
import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from django.urls import reverse

from motcua.accounts.models import ExternalIdentity, SignInAttempt, SignInOutcome, User
from motcua.core.models import AuditEvent
from tests.accounts.oidc_provider.server import running_provider
from tests.factories import CitizenFactory

IDP_PASSWORD = "mat-khau-vneid"
USERS = {
    "nhung": {
        "password": IDP_PASSWORD,
        "claims": {
            "name": "Lê Thị Hồng Nhung",
            "email": "Nhung.Le@Example.VN",
            "phone_number": "+84 987 654 321",
            "personal_id": "001303012345",
            "birthdate": "2003-05-17",
        },
    },
    # Holds the same email as an officer of ward A.
    "trung_email": {
        "password": IDP_PASSWORD,
        "claims": {"name": "Nguyễn Thị Lan", "email": "lan@phuong-a.gov.vn"},
    },
}
START = reverse("accounts:oidc_start")


@pytest.fixture(scope="session")
def provider(tmp_path_factory):
    with running_provider(tmp_path_factory.mktemp("idp"), USERS) as running:
        yield running


@pytest.fixture
def sso(settings, provider):
    settings.OIDC_ISSUER = provider.issuer
    settings.OIDC_RP_CLIENT_ID = provider.client_id
    settings.OIDC_RP_CLIENT_SECRET = provider.client_secret
    return provider


def consent(authorize_url: str, username: str) -> str:
    """Sign in at the provider and allow: the callback address it sends the browser to."""
    idp = requests.Session()
    page = idp.get(authorize_url, timeout=10)
    page = idp.post(
        page.url,
        data={
            "username": username,
            "password": IDP_PASSWORD,
            "csrfmiddlewaretoken": idp.cookies["idp_csrftoken"],
            "next": parse_qs(urlsplit(page.url).query)["next"][0],
        },
        timeout=10,
    )
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.text))
    answer = idp.post(
        page.url,
        data={**{k: html.unescape(v) for k, v in hidden.items()}, "allow": "Authorize"},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text
    return answer.headers["Location"]


def callback_path(location: str) -> str:
    parts = urlsplit(location)
    assert parts.path == reverse("accounts:oidc_callback")
    return f"{parts.path}?{parts.query}"


def signed_in(client):
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def test_claims_become_a_citizen_account_and_the_next_sign_in_finds_it(client, sso, db):
    location = consent(client.get(START)["Location"], "nhung")
    response = client.get(callback_path(location))
    assert response.status_code == 302
    citizen = signed_in(client)
    assert citizen.is_citizen
    assert (citizen.last_name, citizen.first_name) == ("Lê Thị Hồng", "Nhung")
    assert citizen.personal_id == "001303012345"
    assert citizen.phone == "0987654321"
    assert citizen.email == "nhung.le@example.vn"
    assert str(citizen.birth_date) == "2003-05-17"
    identity = ExternalIdentity.objects.get(user=citizen)
    assert identity.issuer == sso.issuer
    assert AuditEvent.objects.filter(action="citizen.create", target_id=str(citizen.pk)).exists()

    client.post(reverse("accounts:logout"))
    client.get(callback_path(consent(client.get(START)["Location"], "nhung")))
    assert signed_in(client) == citizen
    assert User.objects.filter(kind="citizen").count() == 1


def test_an_id_number_another_account_holds_is_found_and_left_out(client, sso, db):
    """The numbers are sealed: the match goes through their keyed hash."""
    holder = CitizenFactory.create(personal_id="001303012345")
    client.get(callback_path(consent(client.get(START)["Location"], "nhung")))
    citizen = signed_in(client)
    assert citizen != holder and citizen.personal_id == ""
    assert citizen.phone == "0987654321"


def test_a_tampered_state_is_refused(client, sso, db):
    location = consent(client.get(START)["Location"], "nhung")
    parts = urlsplit(location)
    query = parse_qs(parts.query)
    forged = urlencode({"code": query["code"][0], "state": "khong-phai-state-that"})
    response = client.get(f"{parts.path}?{forged}")
    assert response.status_code == 400
    assert signed_in(client) is None
    assert not ExternalIdentity.objects.exists()


def test_a_replayed_callback_is_refused(client, sso, db):
    path = callback_path(consent(client.get(START)["Location"], "nhung"))
    client.get(path)
    client.post(reverse("accounts:logout"))
    assert client.get(path).status_code in (302, 400)
    assert signed_in(client) is None


def test_an_id_token_for_another_nonce_is_refused(client, sso, db):
    location = consent(client.get(START)["Location"], "nhung")
    session = client.session
    state = parse_qs(urlsplit(location).query)["state"][0]
    session["oidc_states"][state]["nonce"] = "mot-nonce-khac"
    session.save()
    response = client.get(callback_path(location))
    assert response.status_code == 400
    assert signed_in(client) is None
    assert not User.objects.filter(kind="citizen").exists()


def test_an_officer_with_the_same_email_is_never_taken_over(client, sso, officer_a):
    User.objects.filter(pk=officer_a.pk).update(email="lan@phuong-a.gov.vn")
    client.get(callback_path(consent(client.get(START)["Location"], "trung_email")))
    user = signed_in(client)
    assert user is not None and user != officer_a and user.is_citizen
    officer_a.refresh_from_db()
    assert officer_a.is_officer and not ExternalIdentity.objects.filter(user=officer_a).exists()


def test_an_identity_linked_to_an_officer_does_not_sign_in(client, sso, officer_a):
    client.get(callback_path(consent(client.get(START)["Location"], "nhung")))
    identity = ExternalIdentity.objects.get()
    client.post(reverse("accounts:logout"))
    ExternalIdentity.objects.filter(pk=identity.pk).update(user=officer_a)
    response = client.get(callback_path(consent(client.get(START)["Location"], "nhung")))
    assert response["Location"] == reverse("accounts:citizen_start")
    assert signed_in(client) is None
    assert SignInAttempt.objects.filter(user=officer_a, outcome=SignInOutcome.OIDC_REFUSED)


def test_the_button_shows_only_when_configured(client, settings, db):
    settings.OIDC_ISSUER = ""
    assert (
        "Đăng nhập bằng VNeID" not in client.get(reverse("accounts:citizen_start")).content.decode()
    )
    assert client.get(START).status_code == 404
    assert client.get(reverse("accounts:oidc_callback")).status_code == 404


def test_a_provider_that_does_not_answer_gets_a_message(client, settings, db):
    with socket_closed_port() as port:
        settings.OIDC_ISSUER = f"http://127.0.0.1:{port}/o"
        settings.OIDC_RP_CLIENT_ID = "motcua"
        response = client.get(START, follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:citizen_start")
    assert "Chưa kết nối được hệ thống định danh" in response.content.decode()


def socket_closed_port():
    """A loopback port nothing listens on (bound, never listening)."""
    import contextlib
    import socket

    @contextlib.contextmanager
    def closed():
        with socket.socket() as holder:
            holder.bind(("127.0.0.1", 0))
            yield holder.getsockname()[1]

    return closed()


@pytest.mark.browser
def test_citizen_signs_in_with_vneid_in_a_real_browser(page, live_server, sso):
    page.goto(live_server.url + "/accounts/citizen/?next=/accounts/citizen/profile/")
    page.get_by_role("link", name="Đăng nhập bằng VNeID").click()
    page.fill("input[name=username]", "nhung")
    page.fill("input[name=password]", IDP_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(live_server.url + "/accounts/citizen/profile/")
    assert page.get_by_label("Họ và tên").input_value() == "Lê Thị Hồng Nhung"
    assert page.get_by_label("Số định danh cá nhân").input_value() == "001303012345"
    assert page.get_by_test_id("profile-phone").inner_text() == "0987654321"
