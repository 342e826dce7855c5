"""The main pages work under the Content-Security-Policy, in real Chromium, for the demo's
people on the demo's data: the visitor, the counter officer (her day, the counter screen,
a dossier received there with its receipt printed from a frame, the hall), the
administrator in the admin, the citizen on the portal. Any script, style, frame or form
target the policy refuses fails the test, with the page and what was refused."""

import re
from collections.abc import Callable, Iterator

import pytest
from django.test import Client
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from motcua.accounts import demo as accounts_demo
from motcua.accounts.models import User
from motcua.catalog import refdata as catalog_refdata
from motcua.dossiers.models import Dossier
from motcua.hall import demo as hall_demo
from motcua.portal import demo as portal_demo
from motcua.workdays import refdata as workdays_refdata
from tests.dossiers.conftest import processing_rules  # noqa: F401 (autouse fixture)
from tests.test_demo_day import COUNTER, receive_at_the_counter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Chromium reports each refusal on the console; the page's own event is reported too, in
# case a build of Chromium stops logging it.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => console.error(
  `Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`));
"""
BIRTH = "dang-ky-khai-sinh"


@pytest.fixture
def demo_ward(db) -> list[str]:
    """What `motcua demo load` loads, but the 2,000 generated dossiers: the calendar, the
    catalogue, the ward's agencies and people, the hall, the citizen's online dossiers.
    The hall's device links it prints (kiosk, board, rating device), as paths."""
    workdays_refdata.load()
    catalog_refdata.load()
    accounts_demo.load()
    printed = hall_demo.load()
    portal_demo.load()
    return re.findall(r"https?://[^/\s]+(/hall/enrol/\S+)", printed)


@pytest.fixture
def visit(browser: Browser, live_server) -> Iterator[Callable[..., Page]]:
    """`visit(user_or_None)`: a browser of that person, signed in; its refusals are listed
    in `refused`, each with the page it happened on."""
    contexts = []

    def open_as(user: User | None) -> Page:
        context = browser.new_context(
            locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", base_url=live_server.url
        )
        context.set_default_timeout(20_000)
        context.add_init_script(REPORT_VIOLATIONS)
        contexts.append(context)
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies["sessionid"].value
            context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])
        page = context.new_page()

        def listen(message: ConsoleMessage) -> None:
            if "Content Security Policy" in message.text:
                refused.append(f"{page.url}: {message.text}")

        page.on("console", listen)
        return page

    yield open_as
    for context in contexts:
        context.close()


refused: list[str] = []


@pytest.fixture(autouse=True)
def no_refusals() -> Iterator[None]:
    refused.clear()
    yield
    assert not refused, "\n".join(refused)


def walk(page: Page, paths: list[str]) -> None:
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.ok, path
        page.wait_for_load_state("load")


def test_the_visitor_s_pages_run_under_the_policy(demo_ward, visit) -> None:
    assert len(demo_ward) == 3  # the kiosk, the board and the rating device
    page = visit(None)
    walk(
        page,
        [
            "/",
            "/accounts/login/",
            "/accounts/citizen/",
            "/portal/",
            "/procedures/",
            "/tracking/",
            "/workdays/",
            *demo_ward,  # each opens its device's page, as on the hall's screens
            "/hall/book/",
            "/api/v1/docs",
        ],
    )
    page.locator(".opblock").first.wait_for()  # Swagger UI drew the routes
    # htmx at work: the catalogue filters as the visitor types.
    page.goto("/procedures/")
    page.get_by_role("searchbox").first.fill("khai sinh")
    page.wait_for_load_state("networkidle")
    # Choosing another year shows its calendar, with no button to press (static/motcua.js).
    page.goto("/workdays/")
    year = page.locator("#year option:not(:checked)").first.get_attribute("value")
    page.select_option("#year", year)
    page.wait_for_url(f"**/workdays/?year={year}")


def test_the_counter_officer_s_day_runs_under_the_policy(demo_ward, visit) -> None:
    page = visit(User.objects.get(username=COUNTER))
    walk(page, ["/dossiers/my-day/", "/dossiers/", "/dossiers/online/", "/hall/"])
    code = receive_at_the_counter(page, BIRTH)
    # The receipt printed from a frame of the dossier page.
    walk(page, [f"/dossiers/{code}/?print=receipt"])
    expect(page.get_by_test_id("print-receipt")).to_be_visible()
    walk(page, ["/notifications/log/", "/accounts/me/", "/dossiers/ledger/"])
    manager = visit(User.objects.get(username="tuliem.quanly"))
    walk(manager, ["/hall/stats/", "/feedback/inbox/"])


def test_the_administrator_s_admin_runs_under_the_policy(demo_ward, visit) -> None:
    page = visit(User.objects.get(username="quantri"))
    walk(page, ["/admin/", "/admin/accounts/user/", "/admin/accounts/user/add/"])
    officer = User.objects.get(username=COUNTER)
    walk(page, [f"/admin/accounts/user/{officer.pk}/change/"])


def test_the_citizen_s_portal_runs_under_the_policy(demo_ward, visit) -> None:
    page = visit(User.objects.get(username=accounts_demo.CITIZEN_USERNAME))
    dossier = Dossier.objects.filter(owner__username=accounts_demo.CITIZEN_USERNAME).first()
    assert dossier is not None
    walk(
        page,
        [
            "/portal/dossiers/",
            f"/portal/dossiers/{dossier.pk}/",
            f"/portal/apply/{portal_demo.BIRTH_REGISTRATION}/",
            "/feedback/mine/",
            "/feedback/new/",
            "/notifications/",
            "/accounts/citizen/profile/",
        ],
    )
