"""The dossier ledger (form 06) page: a period, a friendly message when it is missing or
wrong, the PDF of a good one."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from motcua.catalog.selectors import today
from motcua.dossiers.states import State
from tests.conftest import fits_the_phone

pytestmark = pytest.mark.django_db


def test_the_ledger_is_in_the_officers_menu(client, officer_a):
    client.force_login(officer_a)
    page = client.get(reverse("dossiers:queue")).content.decode()
    assert f'href="{reverse("dossiers:ledger")}"' in page


def test_the_ledger_page_starts_on_this_month(client, officer_a):
    client.force_login(officer_a)
    response = client.get(reverse("dossiers:ledger"))
    assert response.status_code == 200
    first = today().replace(day=1)
    page = response.content.decode()
    assert f'value="{first:%Y-%m-%d}"' in page and f'value="{today():%Y-%m-%d}"' in page
    assert f"Từ ngày {first:%d/%m/%Y} đến ngày {today():%d/%m/%Y}: 0 hồ sơ." in page
    assert f"from={first:%Y-%m-%d}&amp;to={today():%Y-%m-%d}" in page


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ({"from": "", "to": ""}, "Hãy chọn cả ngày đầu và ngày cuối"),
        ({"from": "2025-07-01"}, "Hãy chọn cả ngày đầu và ngày cuối"),
        ({"from": "2025-07-31", "to": "2025-07-01"}, "Ngày đầu phải trước hoặc trùng ngày cuối"),
        ({"from": "2025-01-01", "to": "2025-12-31"}, "Mỗi lần in sổ tối đa 92 ngày"),
        ({"from": "31/02/2025", "to": "2025-07-01"}, "Từ ngày: Ngày không hợp lệ"),
        ({"from": "1999-12-31", "to": "2000-01-02"}, "Hãy chọn các ngày từ 01/01/2000"),
        ({"from": "9999-12-30", "to": "9999-12-31"}, "Hãy chọn các ngày từ 01/01/2000"),
        ({"from": "2025-07-01", "to": "x" * 5000}, "Ngày không hợp lệ"),
        # Refused before the view, like every NUL of every form (core.middleware).
        ({"from": "2025-07-01\x00", "to": "2025-07-02"}, "ký tự điều khiển (U+0000)"),
    ],
)
def test_a_missing_reversed_or_too_long_period_gets_a_message_not_a_file(
    client, officer_a, period, message
):
    client.force_login(officer_a)
    for name in ("dossiers:ledger", "dossiers:ledger_pdf"):
        response = client.get(reverse(name), period)
        assert response.status_code == 400
        assert response["Content-Type"].startswith("text/html")
        assert message in response.content.decode()


def test_a_period_within_the_cap_counts_its_dossiers_and_downloads_them(
    client, officer_a, make_dossier
):
    make_dossier(State.RECEIVED)  # received on 7/7/2025
    client.force_login(officer_a)
    period = {"from": "01/07/2025", "to": "2025-07-31"}
    page = client.get(reverse("dossiers:ledger"), period).content.decode()
    assert "Từ ngày 01/07/2025 đến ngày 31/07/2025: 1 hồ sơ." in page
    response = client.get(
        reverse("dossiers:ledger_pdf"), {"from": "2025-07-01", "to": "2025-07-31"}
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_longest_period_allowed_is_a_quarter(client, officer_a):
    client.force_login(officer_a)
    first = date(2025, 4, 1)
    ok = {"from": f"{first:%Y-%m-%d}", "to": f"{first + timedelta(days=91):%Y-%m-%d}"}
    assert client.get(reverse("dossiers:ledger"), ok).status_code == 200
    over = {"from": f"{first:%Y-%m-%d}", "to": f"{first + timedelta(days=92):%Y-%m-%d}"}
    assert client.get(reverse("dossiers:ledger"), over).status_code == 400


def test_the_ledger_of_another_ward_does_not_exist(client, officer_a, officer_b):
    client.force_login(officer_a)
    other = {"agency": officer_b.agency_id}
    assert client.get(reverse("dossiers:ledger"), other).status_code == 404
    assert client.get(reverse("dossiers:ledger"), {"agency": "x"}).status_code == 404


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_officer_opens_the_ledger_from_the_menu_and_fixes_a_reversed_period(
    page, live_server, login, officer_a, make_dossier
):
    make_dossier(State.RECEIVED)  # received on 7/7/2025
    login(officer_a)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + "/dossiers/")
        if width < 1200:
            page.get_by_role("button", name="Mở menu").click()
        page.get_by_role("button", name="Khác").click()
        page.get_by_role("link", name="Sổ theo dõi hồ sơ (Mẫu 06)").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Sổ theo dõi hồ sơ")
        expect(page.get_by_test_id("ledger-result")).to_contain_text("0 hồ sơ")
        fits_the_phone(page)
    page.get_by_label("Từ ngày").fill("2025-07-31")
    page.get_by_label("Đến ngày").fill("2025-07-01")
    page.get_by_role("button", name="Xem sổ").click()
    expect(page.get_by_test_id("ledger-error")).to_contain_text("Ngày đầu phải trước")
    fits_the_phone(page)
    page.get_by_label("Từ ngày").fill("2025-07-01")
    page.get_by_label("Đến ngày").fill("2025-07-31")
    page.get_by_role("button", name="Xem sổ").click()
    expect(page.get_by_test_id("ledger-result")).to_contain_text(
        "Từ ngày 01/07/2025 đến ngày 31/07/2025: 1 hồ sơ."
    )
    href = page.get_by_test_id("ledger-pdf").get_attribute("href")
    response = page.request.get(live_server.url + href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
