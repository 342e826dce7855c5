"""The screens an officer and a citizen use all day fit the window, on a counter's
1280 px monitor and on a 390 px phone: no page is wider than the window (tables become
cards or scroll inside their own box), and the header shows who is signed in."""

import importlib
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.utils import timezone
from playwright.sync_api import expect

from motcua.accounts.models import Role
from motcua.accounts.services.officers import role_apply
from motcua.dossiers.states import State
from motcua.units.models import AgencyKind
from tests.conftest import fits_the_phone
from tests.dossiers.factories import Team, dossier_in, procedure_with_steps, receive, team_for
from tests.factories import AgencyFactory, CitizenFactory, OfficerFactory
from tests.hall.factories import hall_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 390)
# A developer's aid: MOTCUA_LAYOUT_SHOTS=/some/dir keeps a screenshot of every page.
SHOTS = os.environ.get("MOTCUA_LAYOUT_SHOTS", "")


@pytest.fixture
def ward_team(processing_rules) -> Team:
    """A centre whose name is as long as real ones, its counter officer with a long name,
    and the rest of a team at the committee that decides."""
    centre = AgencyFactory.create(
        name="Trung tâm phục vụ hành chính công phường Từ Liêm", kind=AgencyKind.SERVICE_CENTRE
    )
    counter = OfficerFactory.create(
        username="motcua_layout",
        agency=centre,
        role=Role.COUNTER_OFFICER,
        last_name="Nguyễn Thị Thanh",
        first_name="Hương",
    )
    role_apply(user=counter)
    committee = AgencyFactory.create(name="UBND phường Từ Liêm", unit=centre.unit)
    return team_for(committee, counter=counter)


@pytest.fixture
def processing_rules(db) -> None:
    """The rules the data migration seeds: a transactional test flushes them away."""
    seed = importlib.import_module("motcua.dossiers.migrations.0002_seed_processing_rules")
    seed.seed(django_apps, None)


# What sticks out: the outermost elements whose right edge is past the window's.
CULPRITS = """() => {
  const edge = document.documentElement.clientWidth;
  const past = e => e && e.getBoundingClientRect().right > edge + 1;
  const name = e => e.tagName.toLowerCase() + '.' + String(e.className).split(' ').join('.');
  return [...document.body.querySelectorAll('*')]
    .filter(e => past(e) && !past(e.parentElement))
    .slice(0, 3).map(e => name(e) + ' in ' + name(e.parentElement)).join(', ');
}"""


def check_every_width(page, live_server, paths: list[str], name: str) -> None:
    """Every page at every width, then one failure naming all the pages too wide."""
    too_wide = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in paths:
            page.goto(live_server.url + path)
            if SHOTS:
                slug = path.strip("/").replace("/", "_").replace("?", "_").replace("=", "-")
                Path(SHOTS).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=f"{SHOTS}/{width}-{slug or 'home'}.png", full_page=True)
            try:
                fits_the_phone(page)
            except AssertionError:
                wide = page.evaluate("document.documentElement.scrollWidth")
                culprits = page.evaluate(CULPRITS)
                too_wide.append(f"{path} is {wide} px wide at {width} px ({culprits})")
        user = page.get_by_test_id("signed-in-user")
        if width < 1200:
            # On a phone the account and the menu fold behind the toggler, and unfold
            # within the window.
            expect(user).to_be_hidden()
            page.get_by_role("button", name="Mở menu").click()
            expect(user).to_be_visible()
            expect(page.locator("#mc-nav").get_by_role("link").last).to_be_in_viewport()
            if SHOTS:
                page.locator("#mc-nav.show").wait_for()
                page.screenshot(path=f"{SHOTS}/{width}-menu-{name.split()[-1]}.png")
            fits_the_phone(page)
        else:
            # The agency's name on one or two lines, never a narrow column.
            lines = page.locator(".mc-brand").evaluate(
                "e => Math.round(e.getBoundingClientRect().height"
                " / parseFloat(getComputedStyle(e).lineHeight))"
            )
            assert lines <= 2, f"the agency's name takes {lines} lines at {width} px"
            # The header shows who is signed in, whole, on a desktop screen.
            expect(user).to_be_visible()
            expect(user).to_contain_text(name)
            assert user.evaluate(
                "e => [e, ...e.querySelectorAll('*')]"
                ".every(x => x.scrollWidth <= x.clientWidth + 1)"
            ), f"the signed-in user's name is cut off at {width} px"
    assert not too_wide, "; ".join(too_wide)


def test_officer_pages_fit_the_window_at_1280_and_390(
    page, live_server, login: Callable, ward_team: Team
) -> None:
    procedure = procedure_with_steps()
    now = timezone.now()
    dossier = receive(ward_team, procedure, at=now)
    for state in (State.IN_PROGRESS, State.SUPPLEMENT_REQUESTED, State.PROCESSED):
        dossier_in(state, ward_team, procedure, at=now)
    centre = ward_team.counter.agency
    assert centre is not None
    hall_for(centre)
    login(ward_team.counter)
    check_every_width(
        page,
        live_server,
        [
            "/dossiers/",
            f"/dossiers/receive/?procedure={procedure.slug}",
            f"/dossiers/{dossier.code}/",
            "/dossiers/online/",
            "/hall/",
            "/notifications/log/",
            "/accounts/me/",
        ],
        "Nguyễn Thị Thanh Hương",
    )


def test_citizen_pages_fit_the_window_at_1280_and_390(
    page, live_server, login: Callable, ward_team: Team
) -> None:
    citizen = CitizenFactory.create(
        username="congdan_layout", last_name="Trần Nguyễn Hoàng", first_name="Anh"
    )
    procedure = procedure_with_steps()
    receive(ward_team, procedure, owner=citizen, at=timezone.now())
    login(citizen)
    check_every_width(
        page,
        live_server,
        ["/portal/", "/portal/dossiers/", "/notifications/"],
        "Trần Nguyễn Hoàng Anh",
    )


def test_indicators_pages_fit_the_window_at_1280_and_390(page, live_server, login) -> None:
    """The demo leader's indicators screens on the demo's figures, and the open data."""
    from motcua.accounts import demo as accounts_demo
    from motcua.accounts.models import User
    from motcua.indicators import demo as indicators_demo
    from motcua.indicators.models import Indicator
    from motcua.units.models import AdministrativeUnit
    from tests.conftest import PASSWORD

    accounts_demo.load()
    indicators_demo.load()
    leader = User.objects.get(username="tuliem.lanhdao")
    leader.set_password(PASSWORD)
    leader.save()
    district = AdministrativeUnit.objects.get(code="019", valid_to__isnull=False)
    ward = leader.agency.unit  # type: ignore[union-attr]
    total = Indicator.objects.get(name="Tổng giá trị sản xuất các ngành kinh tế")
    login(leader)
    check_every_width(
        page,
        live_server,
        [
            f"/indicators/{district.pk}/?year=2022&period=year",
            f"/indicators/{district.pk}/indicator/{total.pk}/?year=2022&period=year",
            f"/indicators/{ward.pk}/",
            f"/indicators/{ward.pk}/import/",
            f"/indicators/{ward.pk}/figure/",
            "/open-data/",
        ],
        "Lê Minh Đức",
    )
