"""English as the second language: pages in English, and a catalogue that stays complete."""

import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from playwright.sync_api import expect

from motcua.catalog import refdata
from motcua.catalog.models import FeeExemption
from motcua.core.models import AuditEvent

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
PO = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
# What `makemessages` scans: the code and templates, not tests, benches or vendored files.
SOURCES = ("motcua", "templates", "config")


def read_catalogue(path: Path) -> Catalog:
    with path.open("rb") as po:
        return read_po(po)


def untranslated(catalogue: Catalog) -> list[str]:
    """msgids without an English text, or with a fuzzy (guessed, unchecked) one."""
    problems = []
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            problems.append(str(message.id))
    return problems


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def catalogue_seed(db) -> None:
    refdata.load()


def test_compiled_catalogue_is_not_older_than_its_source():
    assert MO.exists() and MO.stat().st_mtime >= PO.stat().st_mtime, (
        "locale/en/LC_MESSAGES/django.mo is missing or stale: run `make install`"
    )


def test_catalogue_has_no_untranslated_or_fuzzy_entry():
    catalogue = read_catalogue(PO)
    assert not catalogue.fuzzy, "the header is marked fuzzy"
    assert untranslated(catalogue) == []


def test_catalogue_placeholders_match_the_vietnamese_text():
    # Babel checks that %(name)s placeholders agree; a mismatch breaks the page at run time.
    errors = {str(message.id): errors for message, errors in read_catalogue(PO).check()}
    assert errors == {}


def test_every_marked_string_of_the_code_is_translated(tmp_path, monkeypatch, settings):
    """Extract the strings again from a copy of the sources: a string someone marked
    after the last `makemessages` shows up here as untranslated."""
    if not shutil.which("xgettext"):
        pytest.skip("gettext is not installed: run `make system-deps`")
    root = Path(settings.BASE_DIR)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in SOURCES:
        shutil.copytree(root / name, tmp_path / name, ignore=ignore)
    shutil.copytree(LOCALE_DIR, tmp_path / "locale", ignore=shutil.ignore_patterns("*.mo"))
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["en"], verbosity=0)

    missing = untranslated(read_catalogue(tmp_path / PO.relative_to(root)))
    assert missing == [], (
        f"{len(missing)} strings lack English, e.g. {missing[:5]}: run `DEBUG=1 motcua "
        "makemessages -l en --ignore=.venv --ignore=var --ignore=static --ignore=tests "
        "--ignore=bench` and translate locale/en/LC_MESSAGES/django.po"
    )


def test_vietnamese_is_the_default_language(client, db):
    body = client.get("/").content.decode()
    assert '<html lang="vi">' in body
    assert "Bộ phận Một cửa" in body


def test_home_page_in_english(english, db):
    body = english.get("/").content.decode()
    assert '<html lang="en">' in body
    assert "One-Stop Service Desk" in body
    assert "Track a dossier" in body
    assert "Verify a result" in body
    assert "Morning 08:00–12:00, afternoon 13:00–17:00, Monday to Friday" in body
    assert "Bộ phận Một cửa" not in body


def test_catalogue_list_in_english_counts_procedures_in_the_plural(english, catalogue_seed):
    body = english.get("/procedures/").content.decode()
    assert '<html lang="en">' in body
    assert "Administrative procedures" in body
    assert "23 procedures" in body
    assert "Procedure name or code" in body


def test_catalogue_search_in_english_counts_one_procedure_in_the_singular(english, catalogue_seed):
    body = english.get("/procedures/", {"q": "di chuc"}).content.decode()
    assert "1 procedure —" in body
    assert "search for “di chuc”" in body
    # Names of procedures are data: they stay in Vietnamese.
    assert "Chứng thực di chúc" in body


def test_procedure_page_in_english(english, catalogue_seed):
    body = english.get("/procedures/dang-ky-khai-sinh/").content.decode()
    assert '<html lang="en">' in body
    assert "Required documents" in body
    assert "Original · 1 copy ·" in body
    assert "VND/copy" in body
    assert "Fully online" in body


def test_login_page_in_english(english, db):
    body = english.get("/accounts/login/").content.decode()
    assert '<html lang="en">' in body
    assert "Officer sign-in" in body
    assert "Username" in body
    assert "Password" in body
    assert ">Sign in</button>" in body


def test_login_error_in_english(english, officer_a):
    response = english.post(
        "/accounts/login/", {"username": officer_a.username, "password": "sai-mat-khau"}
    )
    assert "The username or password is incorrect" in response.content.decode()


def test_set_language_view_switches_to_english_and_back(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/procedures/"})
    assert response.status_code == 302
    assert response["Location"] == "/procedures/"
    assert "Find an administrative procedure" in client.get("/procedures/").content.decode()

    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert "Tra cứu thủ tục hành chính" in client.get("/procedures/").content.decode()


@pytest.mark.browser
def test_header_button_switches_language_and_the_choice_follows_the_user(
    page, live_server, catalogue_seed
):
    page.goto(live_server.url + "/procedures/")
    expect(page.locator("h1")).to_have_text("Tra cứu thủ tục hành chính")

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Find an administrative procedure")
    assert page.url == live_server.url + "/procedures/"  # stays on the same page

    page.get_by_role("link", name="Working calendar").click()
    expect(page.get_by_test_id("calendar-entries")).to_contain_text("Day off")

    page.get_by_role("button", name="Tiếng Việt").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_test_id("calendar-entries")).to_contain_text("Ngày nghỉ")


def test_one_vietnamese_word_two_meanings_two_english_words():
    # "đối tượng" is the people a fee exemption is for, and the object an audit event is about.
    with translation.override("en"):
        assert str(FeeExemption._meta.get_field("category").verbose_name) == "eligible group"
        assert str(AuditEvent._meta.get_field("target_label").verbose_name) == "target"
