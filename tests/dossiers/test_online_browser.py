"""The online queue, receiving an online dossier, and the public verification page in a
real browser (headless Chromium)."""

import pytest
from playwright.sync_api import expect

from motcua.dossiers.actions import result_document_attach
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from tests.dossiers.test_online import media, registered  # noqa: F401 (fixtures)
from tests.dossiers.test_results import RESULT, result_upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_counter_receives_an_online_dossier_from_the_online_queue(
    page,
    live_server,
    login,
    team_a,
    registered,  # noqa: F811
):
    login(team_a.counter)
    page.goto(live_server.url + "/dossiers/")
    page.get_by_test_id("online-queue-link").click()
    expect(page.get_by_test_id("registered-count")).to_have_text("1")
    row = page.get_by_test_id("online-registered").locator(f"tr[data-code='{registered.code}']")
    expect(row).to_contain_text("to-khai.pdf")
    row.get_by_role("link", name=registered.code).click()
    expect(page.get_by_test_id("dossier-state")).to_have_text("Mới đăng ký")
    expect(page.get_by_test_id("fee-status")).to_contain_text("không thu")
    page.locator("form[data-action=receive] button[type=submit]").click()
    expect(page.get_by_test_id("dossier-state")).to_have_text("Đã tiếp nhận")
    expect(page.get_by_test_id("receipt-link")).to_be_visible()
    assert Dossier.objects.get(pk=registered.pk).state == State.RECEIVED


def test_anyone_verifies_a_result_by_code_and_by_file(
    page, live_server, tmp_path, officer_a, make_dossier
):
    issued = result_document_attach(
        actor=officer_a, dossier=make_dossier(State.PROCESSED), upload=result_upload()
    )
    page.goto(live_server.url + "/verify/")
    page.get_by_label("Mã xác thực").fill(issued.code.lower())
    page.get_by_role("button", name="Xác thực").click()
    expect(page.get_by_test_id("verify-status")).to_contain_text("Văn bản hợp lệ")
    expect(page.get_by_test_id("verify-agency")).to_have_text(officer_a.agency.name)

    received = tmp_path / "ket-qua-nhan-duoc.pdf"
    received.write_bytes(RESULT)
    page.get_by_label("hoặc tệp PDF kết quả").set_input_files(str(received))
    page.get_by_role("button", name="Xác thực").click()
    expect(page.get_by_test_id("verify-code-value")).to_have_text(issued.code)

    received.write_bytes(RESULT + b"% sua doi\n")
    page.get_by_label("hoặc tệp PDF kết quả").set_input_files(str(received))
    page.get_by_role("button", name="Xác thực").click()
    expect(page.get_by_test_id("verify-error")).to_contain_text("Không tìm thấy kết quả")
