"""The public pages in a real headless Chromium."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import fits_the_phone

pytestmark = pytest.mark.browser


def test_search_as_you_type_then_open_the_procedure(page, live_server, seeded):
    page.goto(live_server.url + "/procedures/")
    # A marker that a full page load would wipe: the results must arrive without one.
    page.evaluate("window.stillSamePage = true")
    page.fill("#mc-q", "dang ky ket hon")
    results = page.locator("[data-testid=results]")
    expect(results).not_to_contain_text("Đăng ký khai tử")  # waits for the swap
    expect(results).to_contain_text("Đăng ký kết hôn")
    assert page.evaluate("window.stillSamePage") is True
    assert "q=dang%20ky%20ket%20hon" in page.url  # the search is in the address, to share

    results.get_by_role("link", name="Đăng ký kết hôn", exact=True).click()
    page.wait_for_url(re.compile(r"/procedures/dang-ky-ket-hon/$"))
    assert page.locator("h1").inner_text() == "Đăng ký kết hôn"
    assert "Trong ngày làm việc" in page.get_by_test_id("processing-time").inner_text()
    assert "Tờ khai đăng ký kết hôn" in page.get_by_test_id("documents").inner_text()
    assert "miễn thu" in page.get_by_test_id("fee").first.inner_text()


def test_search_works_without_javascript(browser, live_server, seeded):
    context = browser.new_context(java_script_enabled=False, locale="vi-VN")
    try:
        page = context.new_page()
        page.goto(live_server.url + "/procedures/")
        page.fill("#mc-q", "khai sinh")
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r"q=khai\+sinh"))
        first = page.locator("[data-testid=results] a").first
        assert first.inner_text() == "Đăng ký khai sinh"
    finally:
        context.close()


def test_browse_a_field_on_a_phone_and_read_the_fees(page, live_server, seeded):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(live_server.url + "/procedures/")
    page.get_by_test_id("fields").get_by_role("link", name=re.compile("Chứng thực")).click()
    page.wait_for_url(re.compile(r"/procedures/field/chung-thuc/$"))
    assert "Đăng ký khai sinh" not in page.get_by_test_id("results").inner_text()

    page.get_by_role("link", name=re.compile("^Chứng thực chữ ký")).click()
    page.wait_for_url(re.compile(r"/procedures/chung-thuc-chu-ky/$"))
    assert "10.000 đồng/trường hợp" in page.get_by_test_id("fee").inner_text()
    assert page.get_by_test_id("online-level").inner_text() == "Chưa cung cấp trực tuyến"
    # Mobile-friendly: nothing wider than the phone's screen.
    fits_the_phone(page)


def test_procedure_page_shows_each_fact_with_its_source(page, live_server, seeded):
    """Issue 15: the "Căn cứ" section names the text, its article, the page it was checked
    on and the day; a fact with no source is badged "chưa xác minh", and only those."""
    page.goto(live_server.url + "/procedures/dang-ky-ket-hon/")
    documents = page.get_by_test_id("documents")
    certificate = documents.locator("li").filter(has_text=re.compile("^Giấy xác nhận tình trạng"))
    expect(documents.locator("li")).to_have_count(2)  # the declaration, the identity papers
    expect(certificate).to_have_count(0)
    expect(documents.get_by_test_id("fact-source").first).to_contain_text("481/BTP-HTQTCT")
    sources = page.get_by_test_id("sources")
    expect(sources.get_by_role("heading", name="Căn cứ", exact=True)).to_be_visible()
    letter = sources.get_by_test_id("source").filter(has_text="481/BTP-HTQTCT")
    expect(letter).to_contain_text("đối chiếu ngày 06/12/2026")
    link = letter.get_by_role("link", name="Trang đã đối chiếu")
    assert link.get_attribute("href").startswith("https://lawnet.vn/")
    expect(page.locator(".mc-badge-unconfirmed")).to_have_count(0)

    page.goto(live_server.url + "/procedures/lien-thong-khai-sinh-thuong-tru-bhyt-tre-duoi-6-tuoi/")
    expect(page.get_by_test_id("processing-time")).to_have_text("3 ngày làm việc")
    expect(page.get_by_test_id("sources")).to_contain_text("Nghị định số 63/2024/NĐ-CP")
    # Its documents were not re-checked: each is badged, the time is not.
    expect(page.get_by_test_id("processing-time").locator(".mc-badge-unconfirmed")).to_have_count(0)
    expect(page.get_by_test_id("documents").locator(".mc-badge-unconfirmed")).to_have_count(3)
    page.set_viewport_size({"width": 375, "height": 740})
    fits_the_phone(page)  # the long citations wrap


def test_the_centre_manager_opens_the_source_audit_from_the_catalogue_admin(
    page, live_server, login, seeded
):
    from django.contrib.auth.models import Permission

    from tests.factories import OfficerFactory

    manager = OfficerFactory.create(username="quanly.ra.soat", role="manager", is_staff=True)
    manager.user_permissions.set(Permission.objects.filter(content_type__app_label="catalog"))
    login(manager)
    page.goto(live_server.url + "/admin/catalog/procedure/")
    page.get_by_role("link", name="Rà soát nguồn").click()
    page.wait_for_url(re.compile(r"/admin/catalog/procedure/audit/$"))
    audit = page.get_by_test_id("catalog-audit")
    expect(audit.get_by_role("heading", name=re.compile("^Chưa có nguồn"))).to_be_visible()
    expect(audit).to_contain_text("Đăng ký lại kết hôn: thời hạn: 5 ngày làm việc")
    expect(audit).not_to_contain_text("Căn cứ đã bị thay thế")


def test_the_centre_manager_previews_an_annex_then_confirms_it(
    page, live_server, login, seeded, tmp_path, settings
):
    from django.contrib.auth.models import Permission

    from motcua.catalog.models import Procedure
    from tests.catalog.test_annex import annex_file
    from tests.factories import OfficerFactory

    settings.MEDIA_ROOT = tmp_path / "media"
    manager = OfficerFactory.create(username="quanly.phu.luc", role="manager", is_staff=True)
    manager.user_permissions.set(Permission.objects.filter(content_type__app_label="catalog"))
    login(manager)
    page.goto(live_server.url + "/admin/catalog/procedure/")
    page.get_by_role("link", name="Nhập phụ lục quyết định công bố").click()
    page.set_input_files("input[name=file]", annex_file(tmp_path))
    page.fill("input[name=on_date]", "2027-01-01")
    page.fill("input[name=decision]", "Quyết định số 9/QĐ-UBND")
    page.get_by_role("button", name="Xem trước thay đổi").click()
    changes = page.get_by_test_id("annex-changes")
    expect(changes).to_contain_text("1.004222 Đăng ký thường trú")
    expect(changes).to_contain_text("thời hạn: 7 ngày làm việc → 5 ngày làm việc")
    expect(page.get_by_test_id("annex-notes")).to_contain_text("9.999999")
    residence = Procedure.objects.get(code="1.004222")
    assert residence.versions.count() == 1  # a preview saves nothing

    page.get_by_role("button", name="Xác nhận, tạo phiên bản mới").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "Đã tạo 1 phiên bản mới, áp dụng từ 01/01/2027"
    )
    new = residence.versions.get(valid_from="2027-01-01")
    assert new.edited_locally  # a manager's import: `refdata load` leaves it alone
    assert new.time_source_specs[0].document == "Quyết định số 9/QĐ-UBND"
    assert not list((tmp_path / "media" / "catalog-annex").iterdir())  # the upload is gone
