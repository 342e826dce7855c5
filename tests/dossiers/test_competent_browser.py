"""The counter chooses which office decides, in a real browser, on the demo ward."""

import pytest
from playwright.sync_api import expect

from motcua.accounts.demo import DEMO_PASSWORD
from motcua.dossiers.models import Dossier
from motcua.units.models import Agency, AgencyKind
from tests.conftest import fits_the_phone
from tests.dossiers.factories import APPLICANT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_counter_picks_the_second_office_of_the_ward_for_a_household_business(
    page, live_server, demo_ward
) -> None:
    office = Agency.objects.get(kind=AgencyKind.DEPARTMENT)
    second = Agency.objects.create(
        name="Phòng Văn hóa - Xã hội phường Từ Liêm",
        kind=AgencyKind.DEPARTMENT,
        unit=office.unit,
        parent=office.parent,
        eid_code="000.04.92.H26",
    )
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=username]", "tuliem.motcua")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.goto(live_server.url + "/dossiers/receive/?procedure=dang-ky-thanh-lap-ho-kinh-doanh")
    chooser = page.get_by_label("Cơ quan giải quyết")
    expect(chooser).to_have_value(str(office.pk))  # the catalogue's default, preselected
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        fits_the_phone(page)
    chooser.select_option(label=second.name)
    page.fill("#id_applicant_personal_id", APPLICANT.personal_id)
    page.keyboard.press("Tab")  # the applicant's boxes come back, filled if known
    page.wait_for_load_state("networkidle")
    page.fill("#id_applicant_name", APPLICANT.name)
    page.get_by_label("Giấy đề nghị đăng ký hộ kinh doanh (theo mẫu)", exact=True).check()
    page.get_by_test_id("receive-button").click()
    expect(page.get_by_test_id("dossier-state")).to_have_text("Đã tiếp nhận")
    assert Dossier.objects.get().agency == second
