"""The work queue in a real browser: searching as one types, filtering, on a counter's
1280 px screen and on a 390 px phone."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from motcua.dossiers.actions import Applicant
from tests.conftest import fits_the_phone
from tests.dossiers.factories import Team, receive

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_NAME = Applicant(
    name="Tôn Nữ Thị Hoàng Phương Thảo Nguyên", personal_id="046190001234", phone="0987654321"
)


@pytest.mark.parametrize("width", [1280, 390])
def test_officer_searches_and_filters_the_queue_at_1280_and_390(
    page, live_server, login, team_a: Team, steps_procedure, width
):
    now = timezone.now()
    an = receive(team_a, steps_procedure, at=now)
    thao = receive(team_a, steps_procedure, at=now, applicant=LONG_NAME)
    page.set_viewport_size({"width": width, "height": 900})
    login(team_a.counter)
    page.goto(live_server.url + "/dossiers/")
    queue = page.get_by_test_id("queue")
    expect(queue).to_contain_text(an.code)

    page.get_by_label("Tìm kiếm").fill("ton nu thi hoang")  # typed without diacritics
    expect(queue).not_to_contain_text(an.code)
    expect(queue).to_contain_text(thao.code)
    expect(queue).to_contain_text("Tôn Nữ Thị Hoàng Phương Thảo Nguyên")
    assert "q=ton%20nu%20thi%20hoang" in page.url  # the address keeps the search

    page.get_by_label("Tìm kiếm").fill("0912 345 678")
    expect(queue).to_contain_text(an.code)
    expect(queue).not_to_contain_text(thao.code)

    page.get_by_label("Trạng thái").select_option(label="Đang xử lý")
    expect(page.get_by_test_id("queue-count")).to_contain_text("0 hồ sơ")
    page.get_by_label("Trạng thái").select_option(label="Đã tiếp nhận")
    expect(queue).to_contain_text(an.code)
    fits_the_phone(page)

    # A date typed out of range is named, and the page still fits.
    page.goto(live_server.url + "/dossiers/?received_from=31/02/2025&q=0912345678")
    expect(page.get_by_test_id("filter-errors")).to_contain_text("Ngày không hợp lệ")
    expect(page.get_by_test_id("queue")).to_contain_text(an.code)
    expect(page.get_by_test_id("export")).to_be_visible()
    expect(page.get_by_test_id("print")).to_be_visible()
    fits_the_phone(page)


def test_the_printed_queue_is_the_list_alone(
    page, live_server, login, team_a: Team, steps_procedure
):
    dossier = receive(team_a, steps_procedure, at=timezone.now())
    login(team_a.counter)
    page.goto(live_server.url + "/dossiers/?q=nguyen+van+an")
    page.get_by_test_id("print").click()
    expect(page.get_by_test_id("printing")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.get_by_test_id("queue")).to_contain_text(dossier.code)
    expect(page.get_by_test_id("print-heading")).to_contain_text("Tìm “nguyen van an”")
    for furniture in (".mc-header", "form[role=search]", "[data-testid=printing]", ".btn"):
        expect(page.locator(furniture).first).to_be_hidden()
