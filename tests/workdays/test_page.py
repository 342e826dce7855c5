"""The public calendar page /workdays/."""

from datetime import date

import pytest

from motcua.workdays.services import calendar_override_set
from tests.conftest import wait_until


def test_year_page_lists_days_off_make_up_days_and_marks_unconfirmed(client, official_calendar):
    body = client.get("/workdays/?year=2026").content.decode()
    assert "Ngày nghỉ và ngày làm bù năm 2026" in body
    assert "Thứ Bảy làm bù cho ngày nghỉ thứ Sáu 02/01/2026" in body
    assert "Ngày Văn hóa Việt Nam (chưa xác nhận là ngày nghỉ)" in body
    assert "Chưa áp dụng vì chưa xác nhận" in body
    assert "Điều 112 Bộ luật Lao động 2019" in body


def test_calculator_answers_in_vietnamese_format(client, official_calendar):
    body = client.get(
        "/workdays/", {"start": "2026-02-12T10:00", "amount": "3", "unit": "days"}
    ).content.decode()
    assert "10:00 24/02/2026" in body
    assert "Thứ Ba, ngày 24 tháng 2 năm 2026" in body


def test_calculator_refuses_fractional_days_and_negative_amounts(client, db):
    body = client.get(
        "/workdays/", {"start": "2026-02-12T10:00", "amount": "1.5", "unit": "days"}
    ).content.decode()
    assert "Số ngày làm việc phải là số nguyên." in body
    response = client.get("/workdays/", {"start": "2026-02-12T10:00", "amount": "-1"})
    assert 'data-testid="due"' not in response.content.decode()


def test_calculator_result_beyond_the_calendar_is_a_message_not_an_error(client, db):
    response = client.get(
        "/workdays/", {"start": "2036-12-30T10:00", "amount": "2000", "unit": "days"}
    )
    assert response.status_code == 200
    assert "nằm ngoài phạm vi" in response.content.decode()


@pytest.mark.parametrize("year", ["1999", "abc", "2100"])
def test_unknown_year_is_404(client, db, year):
    assert client.get("/workdays/", {"year": year}).status_code == 404


def test_an_administrators_change_shows_at_once(client, official_calendar, calendar_admin):
    calendar_override_set(
        actor=calendar_admin,
        day=date(2026, 11, 24),
        kind="work",
        reason="Ngày Văn hóa Việt Nam không phải ngày nghỉ",
        legal_reference="Văn bản đã đối chiếu",
        confirmed=True,
    )
    body = client.get("/workdays/?year=2026").content.decode()
    assert "Ngày Văn hóa Việt Nam không phải ngày nghỉ" in body


@pytest.mark.browser
def test_citizen_picks_a_year_and_computes_a_due_date_in_the_browser(
    page, live_server, official_calendar
):
    page.goto(live_server.url + "/workdays/?year=2025")
    assert page.locator("h1").inner_text() == "Ngày nghỉ và ngày làm bù năm 2025"
    page.select_option("#year", "2026")
    page.wait_for_url("**year=2026")
    make_up = page.locator("tr[data-day='2026-01-10']")
    assert "Ngày làm việc" in make_up.inner_text()
    assert "Chưa xác nhận" in page.locator("tr[data-day='2026-11-24']").inner_text()
    assert page.locator("tr[data-day='2026-08-22'] [data-testid=pending]").is_visible()

    page.fill("#id_start", "2026-02-12T10:00")
    page.fill("#id_amount", "3")
    page.select_option("#id_unit", "days")
    page.click("[data-testid=due-form] button")
    due = page.locator("[data-testid=due]")
    due.wait_for()
    assert "10:00 24/02/2026" in due.inner_text()
    assert "ngày 24 tháng 2 năm 2026" in due.inner_text()

    page.fill("#id_amount", "4")
    page.select_option("#id_unit", "hours")
    page.click("[data-testid=due-form] button")
    wait_until(
        page, "document.querySelector('[data-testid=due]').innerText.includes('15:00 12/02/2026')"
    )
