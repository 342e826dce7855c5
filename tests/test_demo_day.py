"""A working day at the demo ward, in real Chromium, on the data `make run` loads: the
shipped catalogue and the demo ward's own agencies and officers (`motcua demo load`), not
fixtures. For every procedure of the catalogue, the centre's counter officer receives a
dossier at the counter screen; whoever the catalogue routes each step to — the
civil-status officer, the other specialists, the ward police, the chairman — finds it on
their own page after signing in with the demo password and takes it on; the counter hands
the result back. A procedure that the demo's officers cannot finish fails here.

Each officer has their own browser, as they would have their own desk."""

import tomllib
from collections.abc import Callable, Iterator

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from motcua.accounts import demo as accounts_demo
from motcua.accounts.models import User
from motcua.catalog import refdata as catalog_refdata
from motcua.catalog.models import ProcedureVersion, in_force_q
from motcua.catalog.specs import parse_catalog
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from motcua.workdays import refdata as workdays_refdata
from tests.conftest import fits_the_phone
from tests.dossiers.conftest import processing_rules  # noqa: F401 (autouse fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The shipped catalogue, read once at collection: one test per procedure.
CATALOGUE = [
    seed.slug
    for seed in parse_catalog(tomllib.loads(catalog_refdata.SEED_FILE.read_text("utf-8")))[1]
]
COUNTER = "tuliem.motcua"


@pytest.fixture
def demo_ward(db) -> None:
    """What `make run` loads for the ward's day: the calendar, the catalogue, the demo
    ward's agencies and officers with their demo password."""
    workdays_refdata.load()
    catalog_refdata.load()
    accounts_demo.load()


@pytest.fixture
def desks(browser: Browser, live_server) -> Iterator[Callable[[str], Page]]:
    """`desks(username)`: that demo officer's browser, signed in through the real form
    with the password the README gives, opened once."""
    opened: dict[str, Page] = {}
    contexts: list[BrowserContext] = []

    def desk(username: str) -> Page:
        if username not in opened:
            context = browser.new_context(
                locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", base_url=live_server.url
            )
            context.set_default_timeout(20_000)
            contexts.append(context)
            page = context.new_page()
            page.goto("/accounts/login/")
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", accounts_demo.DEMO_PASSWORD)
            page.click("button[type=submit]")
            expect(page.get_by_role("heading", name="Việc của tôi")).to_be_visible()
            opened[username] = page
        return opened[username]

    yield desk
    for context in contexts:
        context.close()


def receive_at_the_counter(counter: Page, slug: str) -> str:
    """The counter screen, as the officer fills it for an applicant with every mandatory
    paper: returns the new dossier's code."""
    counter.goto(f"/dossiers/receive/?procedure={slug}")
    counter.fill("#id_applicant_name", "Nguyễn Văn An")
    counter.fill("#id_applicant_phone", "0912345678")
    checklist = counter.get_by_test_id("checklist")
    for row in checklist.locator("tbody tr").filter(has=counter.get_by_test_id("mandatory")).all():
        row.locator("input[type=checkbox]").check()
    counter.get_by_test_id("receive-button").click()
    expect(counter.get_by_test_id("dossier-state")).to_have_text("Đã tiếp nhận")
    return counter.get_by_test_id("dossier-code").inner_text()


def whose_turn(code: str) -> User:
    """The demo officer the current step waits for (its named handler, or the demo
    officer of its agency and role): the one the page says the dossier waits for."""
    step = Dossier.objects.select_related("current_step").get(code=code).current_step
    assert step is not None, code
    if step.handler_id is not None:
        return User.objects.get(pk=step.handler_id)
    officer = (
        User.objects.filter(agency=step.agency, role=step.role, is_active=True)
        .order_by("username")
        .first()
    )
    assert officer is not None, f"{code}: nobody for “{step.name}”"
    return officer


def take_it_on(page: Page, code: str, *, leader: bool) -> None:
    """From the officer's own page to the dossier, and the step's one button."""
    page.goto("/dossiers/my-day/")
    page.get_by_test_id("section-to_sign" if leader else "section-mine").get_by_role(
        "link", name=code
    ).click()
    expect(page.get_by_test_id("dossier-code")).to_have_text(code)
    button = "Phê duyệt" if leader else "Chuyển bước tiếp theo"
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text(f"Đã thực hiện: {button}")


@pytest.mark.parametrize("slug", CATALOGUE)
def test_the_demo_officers_carry_the_procedure_to_the_result_handed_back(
    demo_ward, desks, slug: str
) -> None:
    counter = desks(COUNTER)
    code = receive_at_the_counter(counter, slug)
    for _turn in range(10):  # more steps than any procedure has
        dossier = Dossier.objects.get(code=code)
        officer = whose_turn(code)
        if dossier.state == State.APPROVED and officer.role == "counter":
            break
        take_it_on(desks(officer.username), code, leader=officer.role == "leader")
    else:
        pytest.fail(f"{slug}: not approved after ten steps")
    counter.goto(f"/dossiers/{code}/")
    counter.get_by_role("button", name="Đã có kết quả, chờ trả", exact=True).click()
    counter.get_by_role("button", name="Trả kết quả cho công dân", exact=True).click()
    expect(counter.get_by_test_id("dossier-state")).to_have_text("Đã trả kết quả")
    counter.set_viewport_size({"width": 390, "height": 844})
    fits_the_phone(counter)
    returned = Dossier.objects.get(code=code)
    assert returned.state == State.RETURNED and returned.returned_at is not None


def test_every_procedure_in_force_has_its_day(demo_ward) -> None:
    in_force = ProcedureVersion.objects.filter(in_force_q(timezone.localdate()))
    assert set(CATALOGUE) == set(in_force.values_list("procedure__slug", flat=True))
