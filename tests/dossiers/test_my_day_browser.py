"""In a real browser, each demo officer signs in with the demo's password and lands on
their own page, which fits a 1280 px counter screen and a 390 px phone."""

import pytest
from playwright.sync_api import expect

from motcua.accounts import demo as accounts_demo
from motcua.accounts.models import User
from motcua.catalog import refdata
from motcua.catalog.models import Procedure
from motcua.dossiers import actions
from tests.dossiers.factories import APPLICANT, mandatory_documents
from tests.test_layout import check_every_width, processing_rules  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERSONAS = ("tuliem.motcua", "tuliem.tuphap", "tuliem.lanhdao", "tuliem.quanly")


@pytest.fixture
def demo_ward(processing_rules) -> None:  # noqa: F811 (the fixture imported above)
    """The demo's officers, with a birth registration at the civil-status officer's step
    and one at the chairman's."""
    refdata.load()
    accounts_demo.load()
    counter = User.objects.get(username="tuliem.motcua")
    civil_status = User.objects.get(username="tuliem.tuphap")
    birth = Procedure.objects.get(slug="dang-ky-khai-sinh")
    for _ in range(2):
        dossier = actions.dossier_receive(
            actor=counter,
            procedure=birth,
            applicant=APPLICANT,
            documents=mandatory_documents(birth),
        ).dossier
        dossier = actions.dossier_transfer(actor=counter, dossier=dossier)
    actions.dossier_transfer(actor=civil_status, dossier=dossier)


@pytest.mark.parametrize("username", PERSONAS)
def test_a_demo_officer_signs_in_and_sees_their_page_at_1280_and_390(
    page, live_server, demo_ward, username: str
) -> None:
    officer = User.objects.get(username=username)
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", accounts_demo.DEMO_PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(live_server.url + "/dossiers/my-day/")
    expect(page.get_by_role("heading", name="Việc của tôi")).to_be_visible()
    first = {"leader": "section-to_sign", "manager": "section-late"}.get(
        officer.role, "section-mine"
    )
    expect(page.locator("[data-testid^=section-]").first).to_have_attribute("data-testid", first)
    check_every_width(page, live_server, ["/dossiers/my-day/"], officer.get_full_name())
    # On the phone (the last width checked) each dossier code stays inside its card.
    assert page.locator("[data-code] a").evaluate_all(
        "links => links.every(a => a.getBoundingClientRect().right"
        " <= a.closest('tr').getBoundingClientRect().right)"
    )
