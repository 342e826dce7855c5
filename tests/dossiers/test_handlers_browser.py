"""Taking over a colleague's step from the dossier page, in a real browser, on the demo
ward's officers."""

import os

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD, fits_the_phone
from tests.dossiers.factories import birth_registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 390])
def test_a_specialist_takes_over_his_colleagues_step_from_the_dossier_page(
    page, live_server, login, tuliem, width
) -> None:
    dossier = birth_registration(tuliem, handler="tuphap")
    colleague = tuliem["vanhoa"]
    colleague.set_password(PASSWORD)
    colleague.save()
    page.set_viewport_size({"width": width, "height": 900})
    login(colleague)
    page.goto(f"{live_server.url}/dossiers/{dossier.code}/")

    expect(page.get_by_test_id("current-handler")).to_have_text("Đỗ Thị Hoa")
    expect(page.get_by_test_id("waiting-for")).to_contain_text("Đang chờ Đỗ Thị Hoa")
    expect(page.locator('form[data-action="transfer"]')).to_have_count(0)
    fits_the_phone(page)
    take_over = page.locator('form[data-action="take_over"]')
    take_over.get_by_label("Lý do (không bắt buộc)").fill("Chị Hoa nghỉ phép")
    take_over.get_by_role("button", name="Nhận xử lý").click()

    expect(page.get_by_test_id("current-handler")).to_have_text("Đinh Văn Khoa")
    expect(page.get_by_test_id("waiting-for")).to_have_count(0)
    expect(page.locator('form[data-action="transfer"]')).to_be_visible()
    expect(page.get_by_test_id("timeline")).to_contain_text("Đỗ Thị Hoa → Đinh Văn Khoa")
    fits_the_phone(page)
    shots = os.environ.get("HANDLERS_SHOTS")
    if shots:
        page.screenshot(path=f"{shots}/take-over-{width}.png", full_page=True)
    dossier.refresh_from_db()
    assert dossier.current_step is not None and dossier.current_step.handler == colleague
