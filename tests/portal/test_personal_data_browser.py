"""The demo citizen, on the data `make run` loads, downloads their own data from their
profile in a real Chromium: a ZIP whose data.json holds their online dossiers."""

import json
import zipfile

import pytest
from playwright.sync_api import expect

from motcua.accounts import demo as accounts_demo
from motcua.dossiers.models import Dossier
from motcua.portal import demo as portal_demo
from tests.conftest import fits_the_phone
from tests.dossiers.conftest import processing_rules  # noqa: F401 (autouse fixture)
from tests.portal.conftest import load_procedures

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_citizen(db) -> list[str]:
    """The demo ward with the demo citizen's two online birth registrations; their codes."""
    load_procedures("dang-ky-khai-sinh")
    accounts_demo.load()
    portal_demo.load()
    owned = Dossier.objects.filter(owner__username=accounts_demo.CITIZEN_USERNAME)
    return sorted(owned.values_list("code", flat=True))


def test_demo_citizen_downloads_their_data_from_the_profile(
    page, live_server, demo_citizen, tmp_path
):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=username]", accounts_demo.CITIZEN_USERNAME)
    page.fill("input[name=password]", accounts_demo.DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.get_by_role("button", name="Mở menu").click()  # the header folds on a phone
    page.get_by_test_id("signed-in-user").click()
    expect(page.get_by_role("heading", name="Dữ liệu của tôi")).to_be_visible()
    fits_the_phone(page)

    with page.expect_download() as info:
        page.get_by_role("button", name="Tải dữ liệu của tôi").click()
    download = info.value
    assert download.suggested_filename.startswith("du-lieu-ca-nhan-")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    with zipfile.ZipFile(target) as archive:
        data = json.loads(archive.read("data.json"))
        assert "README.txt" in archive.namelist()
        assert sorted(d["Mã hồ sơ"] for d in data["Hồ sơ"]) == demo_citizen
        assert any(name.startswith("tep/ho-so/") for name in archive.namelist())
    assert len(demo_citizen) == 2
