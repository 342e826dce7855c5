"""The counter, the work queue and the dossier page in a real browser (headless Chromium)."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from motcua.dossiers import actions
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
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
    page.keyboard.press("Enter")  # the first button: receive

    expect(page.get_by_test_id("dossier-state")).to_have_text("Đã tiếp nhận")
    expect(page.get_by_test_id("receipt-link")).to_be_visible()
    code = page.get_by_test_id("dossier-code").inner_text()
    assert Dossier.objects.filter(code=code, received_by=team_a.counter).exists()
    expect(page.get_by_test_id("due-at")).to_have_text(re.compile(r"^\d\d:\d\d \d\d/\d\d/\d{4}$"))

    # It is in the queue, with the legend explaining the colours.
    page.locator("#mc-nav").get_by_role("link", name="Hồ sơ", exact=True).click()
    expect(page.get_by_test_id("queue")).to_contain_text(code)
    expect(page.get_by_test_id("legend")).to_contain_text("Quá hạn")


def test_counter_sees_the_service_refusal_and_keeps_what_was_typed(
    page, live_server, login, team_a: Team, steps_procedure
):
    login(team_a.counter)
    page.goto(f"{live_server.url}/dossiers/receive/?procedure={steps_procedure.slug}")
    page.fill("#id_applicant_name", "Trần Thị Bình")
    page.locator("input[name^=doc_]").first.uncheck()  # the mandatory form is missing
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
    checklist.locator("input[name^=doc_]").first.uncheck()  # a mandatory paper is missing
    checklist.locator("textarea, input[name^=reason_]").first.fill("Chưa mang theo bản chính")
    page.get_by_test_id("supplement-button").click()
    expect(page.get_by_test_id("dossier-state")).to_have_text("Yêu cầu bổ sung")
    dossier = Dossier.objects.get()
    assert [i.reason for i in dossier.supplements.get().items.all()] == ["Chưa mang theo bản chính"]
