"""Transitions of a dossier through the services, as the officers live them."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from motcua.core.audit import audit_events_for
from motcua.core.models import AuditEvent, NumberSequence
from motcua.core.tz import VN_TZ
from motcua.dossiers import actions
from motcua.dossiers.actions import (
    Applicant,
    DocumentIn,
    DossierConflict,
    DossierError,
    DossierNotFound,
    SupplementItemIn,
)
from motcua.dossiers.models import (
    Channel,
    Dossier,
    ProcessingRule,
    StopNotice,
    SupplementPolicy,
    Timing,
)
from motcua.dossiers.signals import dossier_transitioned
from motcua.dossiers.states import TRANSITIONS, Action, State
from motcua.units.models import AgencyKind
from tests.dossiers.factories import (
    APPLICANT,
    HOUR,
    MONDAY_9,
    RECEIVED_STATES,
    mandatory_documents,
    procedure_with_steps,
    receive,
    team_for,
)
from tests.factories import AgencyFactory, CitizenFactory, ProvinceFactory, WardFactory


def vn(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, us: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, us, tzinfo=VN_TZ)


def events(dossier: Dossier) -> list[str]:
    return list(audit_events_for(target=dossier).values_list("action", flat=True))


ITEM = SupplementItemIn(name="Tờ khai", reason="Thiếu chữ ký của người yêu cầu")


# --- receipt ------------------------------------------------------------------------------


def test_receipt_gives_code_clock_steps_checklist_and_one_event(received, team_a):
    assert received.state == State.RECEIVED
    assert received.national_status == 2
    assert received.code == f"{team_a.agency.eid_code}-250707-0001"
    assert received.clock_started_at == MONDAY_9
    assert received.due_at == received.original_due_at == vn(2025, 7, 10, 9)
    assert received.version == 1
    steps = list(received.steps.all())
    assert [s.role for s in steps] == ["counter", "specialist", "leader", "counter"]
    assert [s.due_at for s in steps] == [
        vn(2025, 7, 7, 14),
        vn(2025, 7, 9, 9),
        vn(2025, 7, 9, 14),
        vn(2025, 7, 10, 9),
    ]
    assert received.current_step == steps[0]
    assert steps[0].started_at == MONDAY_9 and steps[0].handler == team_a.counter
    assert [d.name for d in received.documents.all()] == [
        "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân"
    ]
    assert events(received) == ["dossier.receive"]


def test_paper_dossier_after_three_pm_counts_from_the_next_morning(team_a, steps_procedure):
    dossier = receive(team_a, steps_procedure, at=vn(2025, 7, 7, 15, 30))
    assert dossier.clock_started_at == vn(2025, 7, 8, 8)
    assert dossier.due_at == vn(2025, 7, 11, 8)


def test_online_dossier_after_three_pm_counts_at_once(team_a, steps_procedure):
    dossier = receive(team_a, steps_procedure, at=vn(2025, 7, 7, 15, 30), channel=Channel.ONLINE)
    assert dossier.due_at == vn(2025, 7, 10, 15, 30)


def test_double_submit_with_the_same_key_creates_one_dossier(team_a, steps_procedure):
    first = receive(team_a, steps_procedure, idempotency_key="form-123")
    again = receive(team_a, steps_procedure, idempotency_key="form-123")
    assert again.pk == first.pk
    assert Dossier.objects.count() == 1
    assert NumberSequence.objects.get(key__startswith=f"agency:{team_a.agency.pk}:code:").last == 1
    assert events(first) == ["dossier.receive"]


def test_missing_mandatory_document_is_refused_and_nothing_is_written(team_a, steps_procedure):
    event_count = AuditEvent.objects.count()
    with pytest.raises(DossierError, match="thiếu giấy tờ bắt buộc: Tờ khai"):
        actions.dossier_receive(
            actor=team_a.counter,
            procedure=steps_procedure,
            applicant=APPLICANT,
            documents=[],
            at=MONDAY_9,
        )
    assert not Dossier.objects.exists()
    assert AuditEvent.objects.count() == event_count


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": " "}, "họ và tên"),
        ({"personal_id": "12345"}, "12 chữ số"),
        ({"email": "khong-phai-email"}, "thư điện tử"),
        ({"phone": "09ab"}, "điện thoại"),
    ],
)
def test_bad_applicant_details_are_refused_with_a_message(team_a, steps_procedure, change, message):
    applicant = Applicant(**{**APPLICANT.__dict__, **change})
    with pytest.raises(DossierError, match=message):
        actions.dossier_receive(
            actor=team_a.counter,
            procedure=steps_procedure,
            applicant=applicant,
            documents=mandatory_documents(steps_procedure),
        )
    assert not Dossier.objects.exists()


def test_a_document_of_another_procedure_is_refused(team_a, steps_procedure):
    other = procedure_with_steps()
    with pytest.raises(DossierError, match="không thuộc thành phần hồ sơ"):
        actions.dossier_receive(
            actor=team_a.counter,
            procedure=steps_procedure,
            applicant=APPLICANT,
            documents=[*mandatory_documents(steps_procedure), *mandatory_documents(other)],
        )


def test_only_counter_officers_receive(team_a, steps_procedure):
    with pytest.raises(DossierError, match="Vai trò"):
        actions.dossier_receive(
            actor=team_a.specialist,
            procedure=steps_procedure,
            applicant=APPLICANT,
            documents=mandatory_documents(steps_procedure),
        )


def test_a_ward_does_not_receive_for_another_ward(team_a, agency_b, steps_procedure):
    with pytest.raises(DossierError, match="không tiếp nhận hồ sơ thuộc thẩm quyền"):
        receive(team_a, steps_procedure, agency=agency_b)


def test_a_service_centre_receives_for_any_agency_of_its_province(agency_b, steps_procedure):
    centre = AgencyFactory.create(
        name="Trung tâm Phục vụ hành chính công", kind=AgencyKind.SERVICE_CENTRE
    )
    team = team_for(centre)
    dossier = receive(team, steps_procedure, agency=agency_b)
    assert dossier.receiving_agency == centre and dossier.agency == agency_b
    assert dossier.code.startswith(centre.eid_code)
    # The hand-in step is at the centre, the decision with the competent ward.
    assert [s.agency for s in dossier.steps.all()] == [centre, agency_b, agency_b, centre]


def test_refusal_at_reception_is_recorded_with_its_reasons(team_a, steps_procedure):
    dossier = actions.dossier_refuse_at_reception(
        actor=team_a.counter,
        procedure=steps_procedure,
        applicant=APPLICANT,
        reasons=["Không thuộc thẩm quyền giải quyết của phường", " "],
        at=MONDAY_9,
    )
    assert dossier.state == State.NOT_RECEIVED and dossier.national_status == 3
    assert dossier.refusals.get().reasons == ["Không thuộc thẩm quyền giải quyết của phường"]
    assert events(dossier) == ["dossier.refuse_at_reception"]


def test_refusal_needs_a_reason(team_a, steps_procedure):
    with pytest.raises(DossierError, match="lý do"):
        actions.dossier_refuse_at_reception(
            actor=team_a.counter, procedure=steps_procedure, applicant=APPLICANT, reasons=[""]
        )
    assert not Dossier.objects.exists()


# --- the whole way ------------------------------------------------------------------------


def test_the_usual_path_ends_early_and_each_step_is_timed(received, team_a):
    actions.dossier_transfer(
        actor=team_a.counter, dossier=received, handler=team_a.specialist, at=vn(2025, 7, 7, 10)
    )
    actions.dossier_transfer(actor=team_a.specialist, dossier=received, at=vn(2025, 7, 8, 10))
    actions.dossier_approve(actor=team_a.leader, dossier=received, at=vn(2025, 7, 8, 11))
    actions.dossier_mark_processed(actor=team_a.counter, dossier=received, at=vn(2025, 7, 8, 14))
    dossier = actions.dossier_return_result(
        actor=team_a.counter, dossier=received, at=vn(2025, 7, 9, 9)
    )
    assert dossier.state == State.RETURNED and dossier.national_status == 10
    assert dossier.timing == Timing.EARLY
    assert dossier.finished_at == vn(2025, 7, 8, 14)
    assert dossier.decision == "approved"
    steps = list(dossier.steps.all())
    assert steps[1].handler == team_a.specialist
    assert [s.timing for s in steps] == [Timing.ON_TIME, Timing.EARLY, Timing.EARLY, Timing.EARLY]
    assert events(dossier) == [
        "dossier.receive",
        "dossier.transfer",
        "dossier.transfer",
        "dossier.approve",
        "dossier.mark_processed",
        "dossier.return_result",
    ]


def test_finishing_after_the_appointment_is_late(received, team_a):
    actions.dossier_transfer(actor=team_a.counter, dossier=received, at=vn(2025, 7, 7, 10))
    actions.dossier_transfer(actor=team_a.specialist, dossier=received, at=vn(2025, 7, 9, 10))
    actions.dossier_approve(actor=team_a.leader, dossier=received, at=vn(2025, 7, 10, 10))
    actions.dossier_mark_processed(actor=team_a.counter, dossier=received, at=vn(2025, 7, 10, 11))
    dossier = actions.dossier_return_result(
        actor=team_a.counter, dossier=received, at=vn(2025, 7, 10, 14)
    )
    assert dossier.timing == Timing.LATE


def test_refused_after_appraisal_goes_to_the_counter_to_hand_over(make_dossier, team_a):
    dossier = make_dossier(State.REFUSED)
    assert dossier.national_status == 9 and dossier.decision == "refused"
    assert dossier.current_step.role == "counter" and dossier.current_step.position == 3
    returned = actions.dossier_return_result(actor=team_a.counter, dossier=dossier)
    assert returned.state == State.RETURNED


def test_joint_processing_with_another_agency_and_back(received, team_a, team_b):
    actions.dossier_transfer(actor=team_a.counter, dossier=received, at=vn(2025, 7, 7, 10))
    actions.dossier_transfer(
        actor=team_a.specialist,
        dossier=received,
        to_agency=team_b.agency,
        handler=team_b.specialist,
        note="Xác minh nơi cư trú trước đây",
        at=vn(2025, 7, 7, 11),
    )
    received.refresh_from_db()
    assert received.current_agency == team_b.agency
    assert received.current_step.handler == team_b.specialist
    # Ward B now sees it and hands it on; ward A's specialist no longer holds it.
    with pytest.raises(DossierError, match="Bước"):
        actions.dossier_transfer(actor=team_a.specialist, dossier=received)
    dossier = actions.dossier_transfer(
        actor=team_b.specialist, dossier=received, at=vn(2025, 7, 8, 9)
    )
    assert dossier.current_step is not None
    assert dossier.current_step.role == "leader"
    assert dossier.current_agency == team_a.agency


def test_receipt_with_a_supplement_request_may_lack_only_the_papers_it_asks_for(
    team_a, steps_procedure
):
    missing, *handed_in = mandatory_documents(steps_procedure)
    asked = SupplementItemIn(requirement_id=missing.requirement_id, reason="Chưa mang theo")
    dossier = actions.dossier_receive(
        actor=team_a.counter,
        procedure=steps_procedure,
        applicant=APPLICANT,
        documents=handed_in,
        supplement=[asked],
        at=MONDAY_9,
    ).dossier
    assert dossier.state == State.SUPPLEMENT_REQUESTED and dossier.is_paused
    # Not asked for, or asked for without a reason: nothing is received.
    for supplement in ([ITEM], [SupplementItemIn(requirement_id=asked.requirement_id, reason="")]):
        with pytest.raises(DossierError):
            actions.dossier_receive(
                actor=team_a.counter,
                procedure=steps_procedure,
                applicant=APPLICANT,
                documents=handed_in,
                supplement=supplement,
                at=MONDAY_9,
            )
    assert Dossier.objects.count() == 1


def test_joint_processing_stays_within_the_province(received, team_a):
    far = AgencyFactory.create(
        unit=WardFactory.create(parent=ProvinceFactory.create(code="79", name="TP Hồ Chí Minh"))
    )
    actions.dossier_transfer(actor=team_a.counter, dossier=received)
    received.refresh_from_db()
    with pytest.raises(DossierError, match="cùng tỉnh"):
        actions.dossier_transfer(actor=team_a.specialist, dossier=received, to_agency=far)
    received.refresh_from_db()
    assert received.current_agency == team_a.agency
    assert received.current_step.name == "Thẩm định hồ sơ"


def test_handler_must_belong_to_the_next_step(received, team_a, team_b):
    with pytest.raises(DossierError, match="không phải cán bộ"):
        actions.dossier_transfer(actor=team_a.counter, dossier=received, handler=team_b.specialist)
    with pytest.raises(DossierError, match="không có vai trò"):
        actions.dossier_transfer(actor=team_a.counter, dossier=received, handler=team_a.leader)


# --- refusals that change nothing ---------------------------------------------------------

ACTS = {
    Action.TRANSFER: lambda actor, d: actions.dossier_transfer(actor=actor, dossier=d),
    Action.APPROVE: lambda actor, d: actions.dossier_approve(actor=actor, dossier=d),
    Action.MARK_PROCESSED: lambda actor, d: actions.dossier_mark_processed(actor=actor, dossier=d),
    Action.RETURN_RESULT: lambda actor, d: actions.dossier_return_result(actor=actor, dossier=d),
    Action.SUPPLEMENT_RECEIVE: lambda actor, d: actions.dossier_supplement_receive(
        actor=actor, dossier=d
    ),
    Action.SUPPLEMENT_REQUEST: lambda actor, d: actions.dossier_supplement_request(
        actor=actor, dossier=d, items=[ITEM]
    ),
    Action.WITHDRAW: lambda actor, d: actions.dossier_withdraw(actor=actor, dossier=d),
    Action.STOP: lambda actor, d: actions.dossier_stop(actor=actor, dossier=d, reason="Dừng"),
    Action.REFUSE_AFTER_APPRAISAL: lambda actor, d: actions.dossier_refuse_after_appraisal(
        actor=actor, dossier=d, reasons=["Không đủ điều kiện"]
    ),
}
FORBIDDEN = [
    (state, action)
    for state in RECEIVED_STATES
    for action in ACTS
    if state not in TRANSITIONS[action].sources
]


@pytest.mark.parametrize(("state", "action"), FORBIDDEN)
def test_forbidden_transition_changes_nothing_and_records_nothing(
    make_dossier, team_a, state, action
):
    dossier = make_dossier(state)
    before = Dossier.objects.filter(pk=dossier.pk).values().get()
    event_count = AuditEvent.objects.count()
    # The manager has the widest role: a refusal here is the state's, not the role's.
    actor = team_a.leader if action == Action.APPROVE else team_a.manager
    with pytest.raises(DossierError, match="không thể thực hiện"):
        ACTS[action](actor, dossier)
    assert Dossier.objects.filter(pk=dossier.pk).values().get() == before
    assert AuditEvent.objects.count() == event_count


@pytest.mark.parametrize(
    ("state", "action", "who"),
    [
        (State.IN_PROGRESS, Action.APPROVE, "specialist"),
        (State.IN_PROGRESS, Action.APPROVE, "counter"),
        (State.APPROVED, Action.RETURN_RESULT, "specialist"),
        (State.PROCESSED, Action.RETURN_RESULT, "leader"),
        (State.RECEIVED, Action.STOP, "specialist"),
    ],
)
def test_wrong_role_changes_nothing_and_records_nothing(make_dossier, team_a, state, action, who):
    dossier = make_dossier(state)
    if action == Action.RETURN_RESULT and state == State.APPROVED:
        actions.dossier_mark_processed(actor=team_a.counter, dossier=dossier)
        dossier.refresh_from_db()
    event_count = AuditEvent.objects.count()
    with pytest.raises(DossierError, match="Vai trò"):
        ACTS[action](getattr(team_a, who), dossier)
    dossier_after = Dossier.objects.get(pk=dossier.pk)
    assert dossier_after.version == dossier.version and dossier_after.state == dossier.state
    assert AuditEvent.objects.count() == event_count


def test_a_leader_approves_only_at_the_leader_step(make_dossier, team_a):
    dossier = make_dossier(State.IN_PROGRESS)  # at the specialist's step
    with pytest.raises(DossierError, match="Thẩm định hồ sơ"):
        actions.dossier_approve(actor=team_a.leader, dossier=dossier)


def test_officer_of_another_ward_gets_not_found(received, team_b):
    with pytest.raises(DossierNotFound):
        actions.dossier_transfer(actor=team_b.counter, dossier=received)
    with pytest.raises(DossierNotFound):
        actions.dossier_stop(actor=team_b.manager, dossier=received, reason="Thử")
    assert events(received) == ["dossier.receive"]


def test_a_stale_screen_is_refused(received, team_a):
    actions.dossier_transfer(actor=team_a.counter, dossier=received, expected_version=1)
    with pytest.raises(DossierConflict, match="vừa được người khác cập nhật"):
        actions.dossier_stop(
            actor=team_a.counter, dossier=received, reason="Dừng", expected_version=1
        )


# --- supplements, obligations, apologies --------------------------------------------------


def test_supplement_request_lists_every_item_and_pauses_the_clock(received, team_a):
    request = actions.dossier_supplement_request(
        actor=team_a.counter,
        dossier=received,
        items=[
            ITEM,
            SupplementItemIn(
                requirement_id=received.documents.get().requirement_id,
                reason="Bản chụp không rõ chữ",
                originals=1,
            ),
        ],
        at=vn(2025, 7, 8, 9),
    )
    dossier = Dossier.objects.get(pk=received.pk)
    assert dossier.state == State.SUPPLEMENT_REQUESTED and dossier.national_status == 5
    assert [(i.name, i.reason) for i in request.items.all()] == [
        ("Tờ khai", "Thiếu chữ ký của người yêu cầu"),
        ("Tờ khai cấp Giấy xác nhận tình trạng hôn nhân", "Bản chụp không rõ chữ"),
    ]
    assert dossier.paused_at == vn(2025, 7, 8, 9)
    assert dossier.clock_consumed == timedelta(hours=8)


def test_every_item_needs_a_reason(received, team_a):
    with pytest.raises(DossierError, match="lý do"):
        actions.dossier_supplement_request(
            actor=team_a.counter,
            dossier=received,
            items=[ITEM, SupplementItemIn(name="Giấy khai sinh", reason=" ")],
        )
    assert Dossier.objects.get(pk=received.pk).state == State.RECEIVED


def test_supplement_request_after_three_working_days_is_refused(received, team_a):
    with pytest.raises(DossierError, match="quá hạn yêu cầu bổ sung"):
        actions.dossier_supplement_request(
            actor=team_a.counter, dossier=received, items=[ITEM], at=vn(2025, 7, 10, 9, 1)
        )


def test_complete_supplement_restarts_the_clock_from_zero(received, team_a):
    actions.dossier_supplement_request(
        actor=team_a.counter, dossier=received, items=[ITEM], at=vn(2025, 7, 8, 9)
    )
    dossier = actions.dossier_supplement_receive(
        actor=team_a.counter,
        dossier=received,
        documents=[DocumentIn(name="Tờ khai (bản bổ sung)", originals=1)],
        at=vn(2025, 7, 14, 10),
    )
    assert dossier.state == State.IN_PROGRESS
    assert dossier.due_at == vn(2025, 7, 17, 10)
    assert dossier.original_due_at == vn(2025, 7, 10, 9)
    assert dossier.paused_total == timedelta(hours=33)  # 8.1 09:00 → 14.7 10:00
    assert dossier.documents.count() == 2
    assert dossier.supplements.get().received_at == vn(2025, 7, 14, 10)


def test_resume_policy_continues_with_the_time_left(received, team_a):
    ProcessingRule.objects.update(supplement_policy=SupplementPolicy.RESUME)
    received.rule.refresh_from_db()
    actions.dossier_supplement_request(
        actor=team_a.counter, dossier=received, items=[ITEM], at=vn(2025, 7, 8, 9)
    )
    dossier = actions.dossier_supplement_receive(
        actor=team_a.counter, dossier=received, at=vn(2025, 7, 14, 10)
    )
    assert dossier.due_at == vn(2025, 7, 16, 10)


def test_a_second_supplement_request_makes_the_dossier_late_for_the_index(received, team_a):
    for request_at, back_at in [(vn(2025, 7, 7, 10), vn(2025, 7, 7, 11))] * 2:
        actions.dossier_supplement_request(
            actor=team_a.counter, dossier=received, items=[ITEM], at=request_at
        )
        actions.dossier_supplement_receive(actor=team_a.counter, dossier=received, at=back_at)
    dossier = Dossier.objects.get(pk=received.pk)
    actions.dossier_transfer(actor=team_a.counter, dossier=dossier, at=vn(2025, 7, 7, 13))
    actions.dossier_transfer(actor=team_a.specialist, dossier=dossier, at=vn(2025, 7, 7, 14))
    actions.dossier_approve(actor=team_a.leader, dossier=dossier, at=vn(2025, 7, 7, 15))
    done = actions.dossier_mark_processed(
        actor=team_a.counter, dossier=dossier, at=vn(2025, 7, 7, 16)
    )
    assert done.supplement_count == 2 and done.timing == Timing.LATE


def test_financial_obligation_pauses_and_payment_resumes(make_dossier, team_a):
    dossier = make_dossier(State.FINANCIAL_OBLIGATION)  # asked at 11:00, 2 h used
    assert dossier.national_status == 6
    paid = actions.dossier_financial_obligation_fulfil(
        actor=team_a.counter, dossier=dossier, at=vn(2025, 7, 9, 8)
    )
    assert paid.state == State.IN_PROGRESS
    assert paid.due_at == vn(2025, 7, 11, 15)  # 22 working hours left from Wed 08:00
    assert paid.obligations.get().fulfilled_at == vn(2025, 7, 9, 8)


def test_apology_sets_one_new_appointment(received, team_a):
    apology = actions.dossier_apologise(
        actor=team_a.leader,
        dossier=received,
        reason="Cần xác minh thêm thông tin cư trú",
        new_due_at=vn(2025, 7, 14, 9),
        at=vn(2025, 7, 8, 16),
    )
    assert apology.number == 1 and apology.previous_due_at == vn(2025, 7, 10, 9)
    dossier = Dossier.objects.get(pk=received.pk)
    assert dossier.due_at == dossier.apology_due_at == vn(2025, 7, 14, 9)
    with pytest.raises(DossierError, match="chỉ cho hẹn lại 1 lần"):
        actions.dossier_apologise(
            actor=team_a.leader,
            dossier=received,
            reason="Lần nữa",
            new_due_at=vn(2025, 7, 16, 9),
            at=vn(2025, 7, 9, 8),
        )


def test_apology_on_the_last_day_is_refused(received, team_a):
    with pytest.raises(DossierError, match="ít nhất 1 ngày làm việc"):
        actions.dossier_apologise(
            actor=team_a.leader,
            dossier=received,
            reason="Chậm",
            new_due_at=vn(2025, 7, 14, 9),
            at=vn(2025, 7, 9, 10),
        )


# --- withdrawal, stop, early return -------------------------------------------------------


def test_the_owner_withdraws_their_online_dossier(team_a, steps_procedure):
    owner, stranger = CitizenFactory.create(), CitizenFactory.create()
    dossier = receive(team_a, steps_procedure, channel=Channel.ONLINE, owner=owner)
    with pytest.raises(DossierNotFound):
        actions.dossier_withdraw(actor=stranger, dossier=dossier)
    actions.dossier_withdraw(actor=owner, dossier=dossier, reason="Nộp nhầm thủ tục")
    dossier.refresh_from_db()
    assert dossier.state == State.WITHDRAWN and dossier.national_status == 7
    assert dossier.current_step is None
    assert dossier.withdrawal.reason == "Nộp nhầm thủ tục"


def test_stop_notices_are_numbered_per_agency_and_year(make_dossier):
    make_dossier(State.STOPPED)
    make_dossier(State.STOPPED)
    assert sorted(StopNotice.objects.values_list("number", flat=True)) == [1, 2]


def test_early_return_notice_before_the_appointment(make_dossier, team_a):
    dossier = make_dossier(State.PROCESSED)  # ready on Monday afternoon, due Thursday
    notice = actions.dossier_return_early(
        actor=team_a.counter,
        dossier=dossier,
        available_from=vn(2025, 7, 8, 8),
        message="Mời ông/bà đến nhận kết quả sớm",
        at=vn(2025, 7, 7, 16),
    )
    assert notice.available_from == vn(2025, 7, 8, 8)
    with pytest.raises(DossierError, match="trước ngày hẹn trả"):
        actions.dossier_return_early(
            actor=team_a.counter,
            dossier=dossier,
            available_from=vn(2025, 7, 10, 10),
            at=vn(2025, 7, 7, 16),
        )


def test_notifications_go_out_only_after_commit(
    received, team_a, django_capture_on_commit_callbacks
):
    sent = []

    def listener(**kwargs):
        sent.append((kwargs["action"], kwargs["from_state"], kwargs["to_state"]))

    dossier_transitioned.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            actions.dossier_transfer(actor=team_a.counter, dossier=received)
        assert sent == []
        for callback in callbacks:
            callback()
    finally:
        dossier_transitioned.disconnect(listener)
    assert sent == [(Action.TRANSFER, "received", "in_progress")]


def test_procedure_without_a_version_on_the_day_is_refused(team_a):
    future = procedure_with_steps(valid_from=date(2030, 1, 1))
    with pytest.raises(DossierError, match="không có phiên bản còn hiệu lực"):
        receive(team_a, future)


def test_working_hours_procedure_is_due_after_its_hours(team_a):
    hours = procedure_with_steps(
        amount="12",
        unit="working_hours",
        steps=(("Tiếp nhận", "counter", "4"), ("Xử lý", "specialist", "8")),
    )
    dossier = receive(team_a, hours, at=vn(2025, 7, 7, 10))
    assert dossier.due_at == vn(2025, 7, 8, 15)
    first_step = dossier.steps.first()
    assert first_step is not None
    assert first_step.due_at == vn(2025, 7, 7, 15)
    assert Decimal(dossier.time_amount) == 12 and HOUR
