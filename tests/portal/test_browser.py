"""The citizen's journey on a phone, in a real headless Chromium: find the procedure,
fill the birth registration e-form, upload a PDF per item, watch "còn thiếu" empty,
submit, land on the dossier."""

import re

import pytest
from playwright.sync_api import expect

from motcua.dossiers.models import Dossier
from tests.conftest import fits_the_phone
from tests.portal.conftest import BIRTH_VALUES

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 740}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def test_birth_registration_from_a_phone(page, live_server, login, citizen_p, birth, agency_a):
    page.set_viewport_size(PHONE)
    login(citizen_p)
    page.goto(live_server.url + "/portal/?q=khai+sinh")
    row = page.get_by_test_id("online-procedures").locator("li", has_text="Đăng ký khai sinh").first
    expect(row.get_by_test_id("level")).to_have_text("Toàn trình")
    row.get_by_role("link", name="Nộp hồ sơ").click()
    page.wait_for_url(re.compile(r"/portal/apply/1\.001193/$"))

    # Once-only: the applicant section comes from the profile.
    expect(page.get_by_label("Số định danh cá nhân", exact=False).first).to_have_value(
        "001203012345"
    )
    missing = page.get_by_test_id("missing")
    expect(missing).to_contain_text("Họ, chữ đệm và tên của trẻ")
    for key, value in BIRTH_VALUES.items():
        field = page.locator(f"#f-{key}")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)

    mandatory = [d for d in birth.versions.get().documents.all() if d.is_mandatory]
    for n, document in enumerate(mandatory):
        expect(missing).to_contain_text(document.name)
        item = page.get_by_test_id(f"doc-{document.pk}")
        item.locator("input[type=file]").set_input_files(
            {"name": f"giay-to-{n}.pdf", "mimeType": "application/pdf", "buffer": PDF + bytes([n])}
        )
        item.get_by_role("button", name="Tải lên").click()
        expect(page.get_by_test_id(f"doc-{document.pk}").get_by_test_id("file")).to_have_count(1)
        expect(page.get_by_test_id("missing")).not_to_contain_text(document.name)
    # Leave and resume from "my dossiers": what was typed before uploading was kept.
    page.get_by_role("link", name="Hồ sơ của tôi").first.click()
    page.get_by_test_id("drafts").get_by_role("link", name="Đăng ký khai sinh").click()
    page.wait_for_url(re.compile(r"/portal/apply/1\.001193/$"))
    expect(page.locator("#f-child_name")).to_have_value(BIRTH_VALUES["child_name"])
    expect(page.get_by_test_id("missing")).to_contain_text("Đã đủ thông tin")
    fits_the_phone(page)

    page.get_by_test_id("submit").click()
    page.wait_for_url(re.compile(r"/portal/dossiers/\d+/$"))
    expect(page.get_by_test_id("state")).to_have_text("Mới đăng ký")
    dossier = Dossier.objects.get()
    expect(page.get_by_test_id("code")).to_have_text(dossier.code)
    assert dossier.attachments.count() == len(mandatory)
    page.get_by_role("link", name="Hồ sơ của tôi").first.click()
    expect(page.get_by_test_id("dossiers")).to_contain_text(dossier.code)
    expect(page.get_by_test_id("dossiers")).to_contain_text("Mới đăng ký")
    expect(page.get_by_test_id("drafts")).to_have_count(0)  # the draft was consumed


def test_an_incomplete_form_points_at_each_problem(page, live_server, login, citizen_p, birth):
    page.set_viewport_size(PHONE)
    login(citizen_p)
    page.goto(live_server.url + "/portal/apply/1.001193/")
    page.locator("#f-mother_birth_year").fill("1800")
    page.get_by_test_id("submit").click()
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Họ, chữ đệm và tên của trẻ")
    expect(page.get_by_test_id("error-mother_birth_year")).to_have_text("Nhỏ nhất là 1900.")
    expect(page.locator("#f-mother_birth_year")).to_have_attribute("aria-invalid", "true")
    summary.get_by_role("link", name="Họ, chữ đệm và tên của trẻ").click()
    expect(page.locator("#f-child_name")).to_be_focused()
    assert not Dossier.objects.exists()
