"""The counter, the work queue and the dossier page in a real browser (headless Chromium)."""

import re
import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from motcua.dossiers import actions
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from tests.conftest import fits_the_phone
from tests.dossiers.factories import APPLICANT, Team, receive

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_counter_receives_a_dossier_with_the_keyboard_only(
    page, live_server, login, team_a: Team, steps_procedure
):
    # The applicant came once before: typing the ID number brings back their details.
    receive(team_a, steps_procedure, at=timezone.now())
    login(team_a.counter)
    page.goto(live_server.url + "/dossiers/receive/")
    page.keyboard.type("tinh trang hon nhan")
    expect(page.get_by_test_id("procedure-results")).to_contain_text(steps_procedure.name)
    page.keyboard.press("Tab")  # to the first match
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("chosen-procedure")).to_have_text(steps_procedure.name)

    # The ID number box has the focus; Tab leaves it and the known details come in.
    page.keyboard.type(APPLICANT.personal_id)
    page.keyboard.press("Tab")
    expect(page.get_by_test_id("applicant-reused")).to_be_visible()
    expect(page.locator("#id_applicant_name")).to_have_value(APPLICANT.name)
    expect(page.locator("#id_applicant_name")).to_be_focused()

    # Nothing is ticked yet: Tab down to the declaration, tick it, its one original is
    # counted; Enter in the count box receives (the first button).
    given = page.get_by_role("checkbox", name="Tờ khai cấp Giấy xác nhận tình trạng hôn nhân")
    expect(given).not_to_be_checked()
    for _tab in range(12):
        if given.evaluate("box => box === document.activeElement"):
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(given).to_be_checked()
    row = page.get_by_test_id("checklist").locator("tr[data-checklist-row]").first
    expect(row.locator("input[name^=originals_]")).to_have_value("1")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    expect(page.get_by_test_id("dossier-state")).to_have_text("Đã tiếp nhận")
    expect(page.get_by_test_id("receipt-link")).to_be_visible()
    code = page.get_by_test_id("dossier-code").inner_text()
    assert Dossier.objects.filter(code=code, received_by=team_a.counter).exists()
    expect(page.get_by_test_id("due-at")).to_have_text(re.compile(r"^\d\d:\d\d \d\d/\d\d/\d{4}$"))

    # It is in the queue, with the legend explaining the colours.
    page.locator("#mc-nav").get_by_role("link", name="Hồ sơ", exact=True).click()
    expect(page.get_by_test_id("queue")).to_contain_text(code)
    expect(page.get_by_test_id("legend")).to_contain_text("Quá hạn")


def test_what_the_officer_types_while_the_applicant_lookup_runs_is_kept(
    page, live_server, login, team_a: Team, steps_procedure
):
    receive(team_a, steps_procedure, at=timezone.now())  # the applicant came once before
    login(team_a.counter)

    def slow_lookup(route) -> None:
        time.sleep(0.8)  # the officer types on meanwhile
        route.continue_()

    page.route("**/dossiers/receive/applicant/**", slow_lookup)
    page.goto(f"{live_server.url}/dossiers/receive/?procedure={steps_procedure.slug}")
    page.fill("#id_applicant_personal_id", APPLICANT.personal_id)
    page.keyboard.press("Tab")
    page.keyboard.type("Nguyễn Văn Khải")
    expect(page.get_by_test_id("applicant-reused")).to_be_visible()
    expect(page.locator("#id_applicant_name")).to_have_value("Nguyễn Văn Khải")
    expect(page.locator("#id_applicant_name")).to_be_focused()
    page.keyboard.type(" Em")  # the caret stayed at the end
    expect(page.locator("#id_applicant_name")).to_have_value("Nguyễn Văn Khải Em")
    # The boxes left empty are filled from the last dossier.
    expect(page.locator("#id_applicant_phone")).to_have_value(APPLICANT.phone)


def test_counter_sees_the_service_refusal_and_keeps_what_was_typed(
    page, live_server, login, team_a: Team, steps_procedure
):
    login(team_a.counter)
    page.goto(f"{live_server.url}/dossiers/receive/?procedure={steps_procedure.slug}")
    page.fill("#id_applicant_name", "Trần Thị Bình")
    expect(page.locator("input[name^=doc_]:checked")).to_have_count(0)  # nothing ticked
    page.get_by_test_id("receive-button").click()
    expect(page.get_by_test_id("form-error")).to_contain_text("còn thiếu giấy tờ bắt buộc")
    expect(page.locator("#id_applicant_name")).to_have_value("Trần Thị Bình")
    assert not Dossier.objects.exists()


def test_double_click_on_receive_makes_one_dossier(
    page, live_server, login, team_a: Team, steps_procedure
):
    login(team_a.counter)
    page.goto(f"{live_server.url}/dossiers/receive/?procedure={steps_procedure.slug}")
    page.fill("#id_applicant_name", "Trần Thị Bình")
    page.locator("input[name^=doc_]").first.check()
    page.get_by_test_id("receive-button").dblclick()
    expect(page.get_by_test_id("dossier-state")).to_have_text("Đã tiếp nhận")
    assert Dossier.objects.count() == 1


def test_queue_filters_as_the_officer_types(page, live_server, login, team_a: Team, make_dossier):
    first = make_dossier(State.RECEIVED, at=timezone.now())
    second = make_dossier(State.RECEIVED, at=timezone.now())
    login(team_a.counter)
    page.goto(live_server.url + "/dossiers/")
    expect(page.get_by_test_id("queue")).to_contain_text(first.code)
    page.get_by_label("Tìm kiếm").fill(second.code[-4:])
    expect(page.get_by_test_id("queue")).not_to_contain_text(first.code)
    expect(page.get_by_test_id("queue")).to_contain_text(second.code)


def test_leader_approves_from_the_dossier_page(
    page, live_server, login, team_a: Team, make_dossier
):
    dossier = make_dossier(State.IN_PROGRESS, at=timezone.now())
    actions.dossier_transfer(actor=team_a.specialist, dossier=dossier)
    login(team_a.leader)
    page.goto(f"{live_server.url}/dossiers/{dossier.code}/")
    expect(page.locator("[aria-current=step]")).to_contain_text("Lãnh đạo ký duyệt")
    page.get_by_role("button", name="Phê duyệt").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã thực hiện: Phê duyệt")
    expect(page.get_by_test_id("dossier-state")).to_have_text("Đã phê duyệt")
    expect(page.get_by_test_id("timeline")).to_contain_text("Phê duyệt")
    dossier.refresh_from_db()
    assert dossier.state == State.APPROVED


def test_the_leader_is_told_whom_the_dossier_waits_for_not_given_a_button_that_fails(
    page, live_server, login, team_a: Team, make_dossier
):
    dossier = make_dossier(State.IN_PROGRESS, at=timezone.now())  # at the specialist's step
    login(team_a.leader)
    page.goto(f"{live_server.url}/dossiers/{dossier.code}/")
    expect(page.get_by_test_id("waiting-for")).to_contain_text("Chuyên viên")
    expect(page.get_by_test_id("waiting-for")).to_contain_text("Thẩm định hồ sơ")
    expect(page.get_by_role("button", name="Phê duyệt")).to_have_count(0)
    expect(page.get_by_test_id("dossier-state")).to_have_text("Đang xử lý")


def test_specialist_hands_the_dossier_to_a_named_leader(
    page, live_server, login, team_a: Team, make_dossier
):
    dossier = make_dossier(State.IN_PROGRESS, at=timezone.now())  # at the specialist's step
    login(team_a.specialist)
    page.goto(f"{live_server.url}/dossiers/{dossier.code}/")
    form = page.locator("form[data-action=transfer]")
    chooser = form.get_by_label("Người xử lý bước tiếp theo")
    leader = f"{team_a.leader.get_full_name()} (Lãnh đạo phê duyệt)"
    expect(chooser.locator("option")).to_contain_text(["— Để đơn vị tự phân công —", leader])
    chooser.select_option(label=leader)
    form.get_by_label("Ghi chú").fill("Hồ sơ đủ điều kiện")
    form.get_by_role("button", name="Chuyển bước tiếp theo").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã thực hiện: Chuyển bước tiếp theo")
    expect(page.locator("[aria-current=step]")).to_contain_text("Leader")
    dossier.refresh_from_db()
    assert dossier.current_step.handler == team_a.leader


def test_counter_asks_for_the_paper_the_applicant_forgot(
    page, live_server, login, team_a: Team, steps_procedure
):
    login(team_a.counter)
    page.goto(f"{live_server.url}/dossiers/receive/?procedure={steps_procedure.slug}")
    page.fill("#id_applicant_name", "Trần Thị Bình")
    checklist = page.get_by_test_id("checklist")
    # The mandatory paper is missing: left unticked, with the reason.
    checklist.locator("textarea, input[name^=reason_]").first.fill("Chưa mang theo bản chính")
    page.get_by_test_id("supplement-button").click()
    expect(page.get_by_test_id("dossier-state")).to_have_text("Yêu cầu bổ sung")
    dossier = Dossier.objects.get()
    assert [i.reason for i in dossier.supplements.get().items.all()] == ["Chưa mang theo bản chính"]


def test_the_counter_ticks_what_is_handed_in_and_the_counts_follow(
    page, live_server, login, team_a: Team, steps_procedure
):
    login(team_a.counter)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/dossiers/receive/?procedure={steps_procedure.slug}")
        checklist = page.get_by_test_id("checklist")
        expect(checklist.locator("input[type=checkbox]:checked")).to_have_count(0)
        for count in checklist.locator("input.mc-count").all():
            expect(count).to_have_value("")
        expect(checklist.get_by_test_id("mandatory")).to_have_count(1)
        fits_the_phone(page)
    # The optional certified copy: ticking it counts one certified copy, unticking
    # empties it, typing a count ticks it again.
    row = page.get_by_test_id("checklist").locator("tr[data-checklist-row]").nth(1)
    row.locator("input[type=checkbox]").check()
    expect(row.locator("input[name^=certified_]")).to_have_value("1")
    expect(row.locator("input[name^=originals_]")).to_have_value("")
    row.locator("input[type=checkbox]").uncheck()
    expect(row.locator("input[name^=certified_]")).to_have_value("")
    row.locator("input[name^=copies_]").fill("2")
    row.locator("input[name^=copies_]").dispatch_event("change")
    expect(row.locator("input[type=checkbox]")).to_be_checked()


def test_receive_and_print_opens_the_receipt_in_a_print_frame(
    page, live_server, login, team_a: Team, steps_procedure
):
    login(team_a.counter)
    page.goto(f"{live_server.url}/dossiers/receive/?procedure={steps_procedure.slug}")
    page.fill("#id_applicant_name", "Trần Thị Bình")
    page.locator("input[name^=doc_]").first.check()
    page.get_by_role("button", name="Tiếp nhận và in giấy hẹn").click()
    expect(page.get_by_test_id("dossier-state")).to_have_text("Đã tiếp nhận")
    code = page.get_by_test_id("dossier-code").inner_text()
    receipt = f"/dossiers/{code}/forms/receipt.pdf"
    frame = page.locator("iframe[data-print-frame]")
    expect(frame).to_have_attribute("src", receipt)
    expect(page.get_by_test_id("print-receipt-link")).to_have_attribute("href", receipt)
    # A reload does not print again: the address no longer asks for it.
    assert "print=" not in page.url
    response = page.request.get(live_server.url + receipt)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["x-frame-options"] == "SAMEORIGIN"
