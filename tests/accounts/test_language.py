"""The pages speak Vietnamese unless the person chose English: on their account once
signed in, with the switch before; the browser's own language never decides."""

import pytest
from django.conf import settings
from django.test import Client

from motcua.accounts.models import User
from motcua.accounts.services.access import api_token_issue
from motcua.core.models import AuditEvent
from tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db


def html_lang(response) -> str:
    body = response.content.decode()
    return body.split('<html lang="', 1)[1].split('"', 1)[0]


def test_an_english_browser_alone_gets_the_pages_in_vietnamese(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert html_lang(response) == "vi"
    assert "Tra cứu hồ sơ" in response.content.decode()
    assert response["Content-Language"] == "vi"


def test_a_signed_in_officer_with_an_english_browser_reads_vietnamese(client, officer_a):
    client.force_login(officer_a)
    assert html_lang(client.get("/accounts/me/", HTTP_ACCEPT_LANGUAGE="en")) == "vi"


def test_choosing_english_while_signed_in_is_kept_on_the_account_across_sessions(officer_a):
    first = Client()
    first.force_login(officer_a)
    response = first.post("/i18n/setlang/", {"language": "en", "next": "/accounts/me/"})
    assert response["Location"] == "/accounts/me/"
    assert User.objects.get(pk=officer_a.pk).language == "en"
    assert AuditEvent.objects.filter(action="account.language_set").count() == 1

    # Another device, another day: no cookie, a Vietnamese browser, the account's English.
    second = Client()
    second.force_login(officer_a)
    response = second.get("/accounts/me/", HTTP_ACCEPT_LANGUAGE="vi")
    assert html_lang(response) == "en"
    assert "My account" in response.content.decode()


def test_the_account_choice_wins_over_the_cookie_left_on_a_shared_computer(client, officer_a):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert html_lang(client.get("/")) == "en"
    client.force_login(officer_a)  # who kept Vietnamese on their account
    assert html_lang(client.get("/")) == "vi"


def test_an_officer_sets_the_language_on_the_account_page(client, officer_a):
    client.force_login(officer_a)
    page = client.get("/accounts/me/").content.decode()
    assert 'data-testid="language-form"' in page
    assert '<option value="en">English</option>' in page

    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": "/accounts/me/"}, follow=True
    )
    assert html_lang(response) == "en"
    assert '<option value="en" selected>English</option>' in response.content.decode()

    client.post("/i18n/setlang/", {"language": "vi", "next": "/accounts/me/"})
    assert User.objects.get(pk=officer_a.pk).language == "vi"


def test_a_citizen_sets_the_language_on_the_profile_page(client, citizen):
    client.force_login(citizen)
    profile = client.get("/accounts/citizen/profile/").content.decode()
    assert 'data-testid="language-form"' in profile
    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": "/accounts/citizen/profile/"}, follow=True
    )
    assert html_lang(response) == "en"
    assert "Personal information" in response.content.decode()
    assert User.objects.get(pk=citizen.pk).language == "en"


def test_an_unknown_language_changes_nothing(client, officer_a):
    client.force_login(officer_a)
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert response.status_code == 302
    # A NUL is refused before any view (core.middleware), in the person's language.
    assert client.post("/i18n/setlang/", {"language": "en\x00", "next": "/"}).status_code == 400
    assert User.objects.get(pk=officer_a.pk).language == "vi"
    assert html_lang(client.get("/")) == "vi"


def test_the_api_answers_in_the_language_of_the_tokens_officer(client):
    english = OfficerFactory.create(username="english_officer", language="en")
    vietnamese = OfficerFactory.create(username="vietnamese_officer")

    def missing(user: User) -> str:
        token = api_token_issue(user=user).token
        response = client.get(
            "/api/v1/dossiers/KHONG-CO",
            headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"},
        )
        assert response.status_code == 404
        return response.json()["detail"]

    assert missing(english) == "Dossier not found."
    assert missing(vietnamese) == "Không tìm thấy hồ sơ."
