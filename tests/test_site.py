import pytest
from django.urls import reverse

from motcua.notifications.services import notification_enqueue


def test_home_page_is_in_vietnamese(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert 'lang="vi"' in response.content.decode()
    assert "Bộ phận Một cửa" in response.content.decode()


def test_security_headers_are_sent(client, db):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_api_health_answers(client, db):
    assert client.get("/api/v1/health").json() == {"status": "ok"}


def test_signed_in_officer_sees_agency_name_in_header(client, officer_a):
    client.force_login(officer_a)
    body = client.get("/").content.decode()
    assert "UBND Phường A" in body


@pytest.mark.browser
def test_home_page_renders_in_browser_and_switches_to_english(page, live_server):
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text().startswith("Bộ phận Một cửa")
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"


def test_login_page_header_shows_the_site_name_not_the_host(client, db):
    body = client.get("/accounts/login/").content.decode()
    assert "Một cửa điện tử" in body
    assert "testserver" not in body


def test_long_dates_follow_the_interface_language():
    from datetime import date

    from django.template import Context, Template
    from django.utils import translation

    template = Template("{% load vn %}{{ d|vn_long_date }}")
    context = Context({"d": date(2024, 7, 24)})
    assert template.render(context) == "ngày 24 tháng 7 năm 2024"
    with translation.override("en"):
        assert template.render(context) == "24 July 2024"


def test_officer_navigation_reaches_dossiers_and_the_hall(client, officer_a):
    client.force_login(officer_a)
    body = client.get("/").content.decode()
    assert 'href="/dossiers/"' in body
    assert 'href="/hall/"' in body


def test_anonymous_navigation_has_no_officer_links(client, db):
    body = client.get("/").content.decode()
    assert 'href="/dossiers/"' not in body
    assert 'href="/hall/"' not in body


def test_visitor_is_offered_online_services_and_both_sign_ins(client, db):
    body = client.get("/").content.decode()
    for link in ("/portal/", "/accounts/citizen/", "/accounts/login/"):
        assert f'href="{link}"' in body, link
    assert 'href="/portal/dossiers/"' not in body


def test_citizen_header_leads_to_their_dossiers_feedback_and_unread_messages(client, citizen):
    notification_enqueue(kind="test", subject="Hồ sơ đã tiếp nhận", body="…", user=citizen)
    client.force_login(citizen)
    body = client.get("/").content.decode()
    for link in ("/portal/dossiers/", "/feedback/mine/", "/notifications/"):
        assert link in body, link
    assert "1<span" in body  # the unread badge
    assert "/dossiers/online/" not in body


def test_officer_header_leads_to_the_online_queue_and_feedback_inbox(client, officer_a):
    client.force_login(officer_a)
    body = client.get("/").content.decode()
    for name in ("dossiers:online_queue", "feedback:inbox", "notifications:log"):
        assert reverse(name) in body, name
