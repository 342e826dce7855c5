"""The public pages: resolve an address on a date, and browse a unit."""

from datetime import date

import pytest
from django.urls import reverse

from motcua.units.selectors import today

RESOLVE = reverse("units:resolve")


def test_empty_form_defaults_to_today(client, db):
    body = client.get(RESOLVE).content.decode()
    assert f'value="{today():%Y-%m-%d}"' in body
    assert "Tra cứu đơn vị hành chính theo ngày" in body


def test_split_ward_is_shown_as_ambiguous_with_every_candidate(client, small_city):
    response = client.get(RESOLVE, {"address": "Trung Thử, Nam Thử", "on": "2024-05-01"})
    body = response.content.decode()
    assert "Chưa xác định được một đơn vị duy nhất" in body
    assert "Phường Đại Thử" in body and "Phường Xuân Thử" in body
    assert "Kết quả vào ngày 1 tháng 5 năm 2024" in body


def test_merged_ward_shows_one_successor_and_no_warning(client, small_city):
    body = client.get(RESOLVE, {"address": "cau thu", "on": "01/05/2024"}).content.decode()
    assert "Phường Từ Thử" in body
    assert "Chưa xác định" not in body


def test_unknown_place_is_a_form_error(client, small_city):
    body = client.get(RESOLVE, {"address": "Atlantis", "on": "2024-05-01"}).content.decode()
    assert "Không tìm thấy địa danh" in body
    assert 'data-testid="resolution"' not in body


def test_bad_date_is_a_form_error(client, small_city):
    body = client.get(RESOLVE, {"address": "Trung Thử", "on": "31/02/2024"}).content.decode()
    assert "Ngày không hợp lệ" in body


def test_unit_page_lists_children_on_the_date_and_successions(client, small_city):
    url = reverse("units:detail", args=[small_city.district.pk])
    body = client.get(url, {"on": "2024-05-01"}).content.decode()
    assert "Phường Trung Thử" in body and "Phường Cầu Thử" in body
    assert "Phường Đại Thử" in body  # successor
    assert "Nghị quyết số 1656/NQ-UBTVQH15" in body


def test_unit_page_of_an_ended_unit_shows_its_last_day_by_default(client, small_city):
    body = client.get(reverse("units:detail", args=[small_city.district.pk])).content.decode()
    assert "Đơn vị trực thuộc ngày 30/06/2025" in body


def test_new_unit_page_lists_what_it_was_formed_from(client, small_city):
    url = reverse("units:detail", args=[small_city.reused_code_ward.pk])
    body = client.get(url).content.decode()
    assert 'data-testid="predecessors"' in body
    assert "Phường Trung Thử" in body


def test_unknown_unit_is_404(client, db):
    assert client.get(reverse("units:detail", args=[999999])).status_code == 404


def test_admin_lists_and_searches_units(admin_client, small_city):
    url = reverse("admin:units_administrativeunit_changelist")
    response = admin_client.get(url, {"q": "trung thu", "validity": "ended"})
    assert response.status_code == 200
    assert "Phường Trung Thử" in response.content.decode()


@pytest.mark.browser
def test_citizen_resolves_an_old_address_with_the_keyboard(page, live_server, small_city):
    page.goto(live_server.url + RESOLVE)
    page.keyboard.type("P. Trung Thử, Q. Nam Thử, Thử Nghiệm")  # the field has focus
    page.fill("input[name=on]", date(2024, 5, 1).isoformat())
    page.press("input[name=on]", "Enter")
    page.wait_for_selector("[data-testid=resolution]")
    assert page.locator("[data-testid=ambiguous]").is_visible()
    successors = page.locator("[data-testid=successors] li").all_inner_texts()
    assert any("Phường Đại Thử" in text for text in successors)
    assert any("Phường Xuân Thử" in text for text in successors)
    page.click("[data-testid=match] h3 a")
    page.wait_for_selector("[data-testid=children]")
    assert "Phường Trung Thử" in page.locator("h1").inner_text()
    assert "Một phần" in page.locator("[data-testid=successors]").inner_text()
