"""Shared fixtures: named personas and a real headless Chromium."""

import os
import shutil
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.utils import translation

from motcua.accounts import demo as accounts_demo
from motcua.catalog import refdata
from motcua.core.audit_guard import allow_deletes_for_tests
from motcua.payments.checks import SANDBOX_SECRET
from tests.factories import AgencyFactory, CitizenFactory, OfficerFactory

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by
# fixtures there are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("MOTCUA_CHROMIUM", "/usr/bin/chromium")
PASSWORD = "mat-khau-thu-nghiem"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The production hasher takes ~0.3 s per check by design; the suite checks hundreds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# Django's flush between transactional tests deletes audit rows; SQLite's trigger allows
# that only to a connection that says so.
allow_deletes_for_tests()

# The test client and the live server speak plain http: production's redirect to https
# (on when DEBUG is off) is tested apart, in tests/test_headers.py. Set before the live
# server loads its middleware, which reads it once.
django_settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def audit_checkpoints(settings, tmp_path):
    """Each test's own checkpoint file, never the developer's var/."""
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "audit-checkpoints.jsonl"


@pytest.fixture(autouse=True)
def sandbox_payments(settings):
    """The demo's payments (`make run` turns the sandbox on): the tests pay in the built-in
    sandbox and see the illustrative VietQR account. The defaults are tested apart."""
    settings.VNPAY_SANDBOX = True
    settings.VNPAY_TMN_CODE = "MOTCUA01"
    settings.VNPAY_HASH_SECRET = SANDBOX_SECRET
    settings.VIETQR_BANK_BIN = "970415"
    settings.VIETQR_ACCOUNT = "113000006100"
    settings.VIETQR_ACCOUNT_NAME = "TRUNG TAM PHUC VU HANH CHINH CONG"
    settings.PAYMENT_GATEWAYS = ["vnpay", "vietqr"]


@pytest.fixture(autouse=True)
def site_language() -> Iterator[None]:
    # A request in English leaves English active in the thread (the language middleware
    # does not reset it): every test starts in the site's language, whatever ran before.
    with translation.override(django_settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    # Rolled-back rows send no signal: a page cached by one test must not serve the next.
    cache.clear()
    yield


@pytest.fixture
def demo_ward(db) -> None:
    """The shipped catalogue with the demo's agencies and officers, as `make run` loads
    them (the units reference data is left out: the demo makes its wards)."""
    refdata.load()
    accounts_demo.load()


@pytest.fixture
def agency_a(db):
    return AgencyFactory.create(name="UBND Phường A")


@pytest.fixture
def agency_b(db):
    return AgencyFactory.create(name="UBND Phường B")


@pytest.fixture
def officer_a(agency_a):
    """A counter officer of ward A."""
    return OfficerFactory.create(username="canbo_a", agency=agency_a)


@pytest.fixture
def officer_b(agency_b):
    """A counter officer of ward B."""
    return OfficerFactory.create(username="canbo_b", agency=agency_b)


@pytest.fixture
def citizen(db):
    return CitizenFactory.create(username="congdan")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not shutil.which(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}: run `make system-deps`"
        if os.environ.get("MOTCUA_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser page; `page.goto(live_server.url + path)`. The pages are in
    Vietnamese whatever the browser's language; its locale is Vietnamese for the widgets
    the browser draws itself (date inputs)."""
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login(page, live_server):
    """Sign a user in through the real form: `login(officer_a)`."""

    def sign_in(user) -> None:
        page.goto(live_server.url + "/accounts/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")

    return sign_in


def fits_the_phone(page: Any) -> None:
    """Nothing on the page needs a sideways scroll. Measured once the page has loaded:
    until its stylesheets apply, a long code or hash has no rule to wrap it."""
    page.wait_for_load_state("load")
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    ), page.url


def wait_until(page: Any, expression: str, arg: Any = None, timeout: float = 10_000) -> None:
    """`page.wait_for_function` for pages under the Content-Security-Policy: Playwright's
    polling compiles the expression inside the page, which the policy refuses (no
    'unsafe-eval'); this asks the page from outside until the expression is true."""
    deadline = time.monotonic() + timeout / 1000
    while not page.evaluate(expression, arg):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout / 1000:g} s: {expression}")
        page.wait_for_timeout(50)
