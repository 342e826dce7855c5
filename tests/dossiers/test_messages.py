"""Every change a citizen cares about tells them, in Vietnamese, with the code, the
appointment and the tracking link; internal moves say nothing."""

from dataclasses import replace
from datetime import datetime

import pytest
from django.db import transaction
from django.utils import translation

from motcua.core.tz import VN_TZ
from motcua.dossiers import actions
from motcua.dossiers.actions import SupplementItemIn
from motcua.dossiers.messages import dossier_notify
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from motcua.dossiers.tracking import tracking_url
from motcua.notifications.models import Channel, Notification
from tests.dossiers.factories import (
    APPLICANT,
    HOUR,
    MONDAY_9,
    Team,
    mandatory_documents,
    receive,
)

pytestmark = pytest.mark.django_db


def _sent(dossier: Dossier, kind: str) -> dict[str, Notification]:
    rows = Notification.objects.filter(dossier=dossier, kind=f"dossier.{kind}")
    return {row.channel: row for row in rows}


def test_receipt_tells_the_applicant_by_sms_and_email_with_the_appointment(
    received: Dossier,
) -> None:
    sent = _sent(received, "receive")
    assert set(sent) == {Channel.SMS, Channel.EMAIL}  # no account: no in-app message
    assert sent[Channel.SMS].recipient == APPLICANT.phone
    assert sent[Channel.EMAIL].recipient == APPLICANT.email
    body = sent[Channel.SMS].body
    assert f"Hồ sơ {received.code} đã được tiếp nhận." in body
    assert "Hẹn trả kết quả: 09:00 10/07/2025." in body
    assert tracking_url(received.code) in body
    assert sent[Channel.EMAIL].subject == f"Hồ sơ {received.code} đã được tiếp nhận."


def test_an_officer_working_in_english_still_tells_the_citizen_in_vietnamese(
    team_a: Team, steps_procedure
) -> None:
    with translation.override("en"):  # the counter officer's interface language
        dossier = receive(team_a, steps_procedure)
    body = _sent(dossier, "receive")[Channel.SMS].body
    assert f"Hồ sơ {dossier.code} đã được tiếp nhận." in body


def test_the_owner_citizen_gets_an_in_app_message_too(
    team_a: Team, steps_procedure, citizen
) -> None:
    citizen.phone, citizen.email = "0987654321", ""
    citizen.save()
    dossier = receive(team_a, steps_procedure, owner=citizen)
    sent = _sent(dossier, "receive")
    assert sent[Channel.IN_APP].user == citizen
    assert sent[Channel.SMS].recipient == "0987654321"  # the account's number first
    assert sent[Channel.EMAIL].recipient == APPLICANT.email  # else the one on the dossier


def test_a_supplement_request_lists_every_item_and_reason(received: Dossier, team_a: Team) -> None:
    actions.dossier_supplement_request(
        actor=team_a.counter,
        dossier=received,
        items=[
            SupplementItemIn(name="Tờ khai", reason="Thiếu chữ ký"),
            SupplementItemIn(name="Bản án ly hôn", reason="Bản chụp không rõ"),
        ],
        at=MONDAY_9 + HOUR,
    )
    body = _sent(received, "supplement_request")[Channel.SMS].body
    assert "- Tờ khai: Thiếu chữ ký" in body
    assert "- Bản án ly hôn: Bản chụp không rõ" in body


def test_an_apology_gives_the_new_date(received: Dossier, team_a: Team) -> None:
    new_due = datetime(2025, 7, 14, 16, 30, tzinfo=VN_TZ)
    actions.dossier_apologise(
        actor=team_a.leader,
        dossier=received,
        reason="Cần xác minh thêm",
        new_due_at=new_due,
        at=MONDAY_9 + HOUR,
    )
    body = _sent(received, "apologise")[Channel.SMS].body
    assert "xin lỗi" in body and "Cần xác minh thêm" in body
    assert "Hẹn trả kết quả mới: 16:30 14/07/2025." in body


@pytest.mark.parametrize(
    ("state", "kind", "words"),
    [
        (State.PROCESSED, "mark_processed", "đã có kết quả, mời ông/bà nhận kết quả"),
        (State.REFUSED, "refuse_after_appraisal", "không cư trú trên địa bàn"),
        (State.RETURNED, "return_result", "đã được trả kết quả"),
        (State.FINANCIAL_OBLIGATION, "financial_obligation_request", "Nộp lệ phí"),
        (State.WITHDRAWN, "withdraw", "đã được rút"),
        (State.STOPPED, "stop", "Lý do: Đề nghị dừng"),
    ],
)
def test_each_change_the_citizen_cares_about_is_announced(make_dossier, state, kind, words) -> None:
    dossier = make_dossier(state)
    assert words in _sent(dossier, kind)[Channel.SMS].body


def test_moves_between_desks_say_nothing(make_dossier) -> None:
    dossier = make_dossier(State.APPROVED)  # transferred twice, then approved
    kinds = set(Notification.objects.filter(dossier=dossier).values_list("kind", flat=True))
    assert kinds == {"dossier.receive"}


def test_a_refusal_at_reception_gives_the_reasons(team_a: Team, steps_procedure) -> None:
    dossier = actions.dossier_refuse_at_reception(
        actor=team_a.counter,
        procedure=steps_procedure,
        applicant=APPLICANT,
        reasons=["Không thuộc thẩm quyền", "Thiếu tờ khai"],
        at=MONDAY_9,
    )
    body = _sent(dossier, "refuse_at_reception")[Channel.SMS].body
    assert "không được tiếp nhận" in body and "Không thuộc thẩm quyền; Thiếu tờ khai" in body


def test_no_phone_no_email_no_account_writes_nothing(team_a: Team, steps_procedure) -> None:
    actions.dossier_receive(
        actor=team_a.counter,
        procedure=steps_procedure,
        applicant=replace(APPLICANT, phone="", email=""),
        documents=mandatory_documents(steps_procedure),
        at=MONDAY_9,
    )
    assert not Notification.objects.exists()


def test_a_transition_rolled_back_sends_nothing(received: Dossier, team_a: Team) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.dossier_stop(actor=team_a.counter, dossier=received, reason="Thử", at=MONDAY_9)
        raise RuntimeError("something later in the same request failed")
    assert not Notification.objects.filter(kind="dossier.stop").exists()


def _notify(dossier: Dossier, action: str, from_state: str) -> None:
    dossier_notify(dossier=dossier, action=action, from_state=from_state, to_state=dossier.state)


def test_an_unknown_action_is_announced_by_the_state_it_leads_to(received: Dossier) -> None:
    _notify(received, "accept_online", State.REGISTERED)
    body = _sent(received, "accept_online")[Channel.SMS].body
    assert "đã được tiếp nhận" in body and "Hẹn trả kết quả: 09:00 10/07/2025." in body
    received.state = State.IN_PROGRESS
    _notify(received, "some_new_action", State.RECEIVED)
    assert "chuyển sang trạng thái: Đang xử lý" in _sent(received, "some_new_action")["sms"].body


def test_an_unknown_action_that_changes_nothing_says_nothing(received: Dossier) -> None:
    _notify(received, "internal_note", State.RECEIVED)
    assert not Notification.objects.filter(kind="dossier.internal_note").exists()


@pytest.mark.parametrize(
    ("action", "words"),
    [
        ("supplement_submit_online", "Đã nhận giấy tờ bổ sung trực tuyến"),
        ("stop_request", "Đã nhận đề nghị dừng xử lý"),
    ],
)
def test_the_citizens_own_online_acts_are_acknowledged(received: Dossier, action, words) -> None:
    _notify(received, action, received.state)  # recorded only: the state does not change
    assert words in _sent(received, action)[Channel.SMS].body
