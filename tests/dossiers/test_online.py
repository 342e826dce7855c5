"""Online dossiers: the citizen submits (code, state 1, files, idempotent), the counter
accepts (clock per the online rules) or refuses, the citizen answers a supplement
request and asks to stop; every act in scope, audited, and a refusal writes nothing."""

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core.files.base import ContentFile

from motcua.accounts.models import User
from motcua.catalog.models import Procedure
from motcua.core.models import AuditEvent
from motcua.core.tz import VN_TZ
from motcua.dossiers import actions
from motcua.dossiers.actions import DossierError, DossierNotFound, OnlineFile, SupplementItemIn
from motcua.dossiers.models import (
    Attachment,
    Channel,
    Dossier,
    Refusal,
    StopRequest,
    SupplementAnswer,
)
from motcua.dossiers.states import State
from tests.dossiers.factories import APPLICANT, MONDAY_9, Team
from tests.factories import CitizenFactory

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def pdf_file(
    requirement_id: int | None, name: str = "to-khai.pdf", data: bytes = PDF
) -> OnlineFile:
    return OnlineFile(requirement_id=requirement_id, file=ContentFile(data), original_name=name)


def mandatory_files(procedure: Procedure) -> list[OnlineFile]:
    version = procedure.versions.get()
    return [pdf_file(r.pk) for r in version.documents.all() if r.is_mandatory]


def submit(
    citizen: User, procedure: Procedure, team: Team, *, key: str = "k1", **options: Any
) -> Dossier:
    arguments: dict[str, Any] = {
        "actor": citizen,
        "procedure": procedure,
        "agency": team.agency,
        "applicant": APPLICANT,
        "files": mandatory_files(procedure),
        "form_data": {"purpose": "Kết hôn"},
        "idempotency_key": key,
        "at": MONDAY_9 - timedelta(days=3),  # Friday morning
    }
    arguments.update(options)
    return actions.dossier_submit_online(**arguments)


@pytest.fixture
def registered(citizen, steps_procedure, team_a) -> Dossier:
    return submit(citizen, steps_procedure, team_a)


# --- submission ---------------------------------------------------------------------------


def test_submission_is_newly_registered_with_a_code_files_and_form(registered, citizen, media):
    dossier = Dossier.objects.get(pk=registered.pk)
    assert dossier.state == State.REGISTERED
    assert dossier.national_status == 1
    assert dossier.channel == Channel.ONLINE
    assert dossier.owner == citizen
    assert dossier.code.endswith("-250704-0001")
    assert dossier.form_data == {"purpose": "Kết hôn"}
    assert dossier.received_at is None and dossier.due_at is None
    [document] = dossier.documents.all()
    [attachment] = dossier.attachments.all()
    assert attachment.document == document
    assert attachment.original_name == "to-khai.pdf"
    assert (media / attachment.file.name).read_bytes() == PDF
    event = AuditEvent.objects.get(action="dossier.submit_online")
    assert event.to_state == State.REGISTERED


def test_the_same_key_again_returns_the_first_dossier(registered, citizen, steps_procedure, team_a):
    again = submit(citizen, steps_procedure, team_a)
    assert again.pk == registered.pk
    assert Dossier.objects.count() == 1
    assert Attachment.objects.count() == 1


def test_a_missing_mandatory_file_is_named_and_nothing_is_written(citizen, steps_procedure, team_a):
    with pytest.raises(DossierError, match="Tờ khai cấp Giấy xác nhận"):
        submit(citizen, steps_procedure, team_a, files=[])
    assert not Dossier.objects.exists()
    assert not AuditEvent.objects.filter(action="dossier.submit_online").exists()


def test_a_file_that_is_not_a_document_is_refused(citizen, steps_procedure, team_a, media):
    requirement = steps_procedure.versions.get().documents.first()
    bad = pdf_file(requirement.pk, name="virus.pdf", data=b"MZ\x90\x00" * 20)
    with pytest.raises(DossierError, match=r"virus\.pdf"):
        submit(citizen, steps_procedure, team_a, files=[bad])
    assert not Dossier.objects.exists()
    assert not media.exists() or not any(media.rglob("*.*"))


def test_a_file_for_another_procedure_is_refused(citizen, steps_procedure, team_a):
    from tests.dossiers.factories import procedure_with_steps

    other = procedure_with_steps().versions.get().documents.first()
    assert other is not None
    files = [*mandatory_files(steps_procedure), pdf_file(other.pk)]
    with pytest.raises(DossierError, match="không thuộc thành phần"):
        submit(citizen, steps_procedure, team_a, files=files)
    assert not Dossier.objects.exists()


def test_an_officer_cannot_submit_online(officer_a, steps_procedure, team_a):
    with pytest.raises(DossierError, match="công dân"):
        submit(officer_a, steps_procedure, team_a)
    assert not Dossier.objects.exists()


def test_a_bad_applicant_is_refused(citizen, steps_procedure, team_a):
    from motcua.dossiers.actions import Applicant

    with pytest.raises(DossierError):
        submit(citizen, steps_procedure, team_a, applicant=Applicant(name="  "))
    assert not Dossier.objects.exists()


# --- acceptance and refusal -----------------------------------------------------------------


def test_counter_accepts_and_the_clock_starts_at_acceptance(registered, team_a):
    dossier = actions.dossier_accept_online(actor=team_a.counter, dossier=registered, at=MONDAY_9)
    assert dossier.state == State.RECEIVED
    assert dossier.received_by == team_a.counter
    assert dossier.clock_started_at == MONDAY_9
    assert dossier.due_at == datetime(2025, 7, 10, 9, 0, tzinfo=VN_TZ)
    assert dossier.steps.count() == 4
    assert dossier.current_step is not None
    assert dossier.current_step.started_at == MONDAY_9
    event = AuditEvent.objects.get(action="dossier.receive")
    assert (event.from_state, event.to_state) == (State.REGISTERED, State.RECEIVED)


def test_accepted_after_hours_the_clock_starts_next_working_morning(registered, team_a):
    saturday = datetime(2025, 7, 5, 10, 0, tzinfo=VN_TZ)
    dossier = actions.dossier_accept_online(actor=team_a.counter, dossier=registered, at=saturday)
    assert dossier.clock_started_at is not None
    assert dossier.clock_started_at.astimezone(VN_TZ).date() == MONDAY_9.date()
    assert dossier.clock_started_at < MONDAY_9


def test_online_after_three_in_the_afternoon_starts_the_same_day(registered, team_a):
    # The 15:00 cut-off is for paper; online the clock starts at once in working hours.
    four_pm = MONDAY_9.replace(hour=16)
    dossier = actions.dossier_accept_online(actor=team_a.counter, dossier=registered, at=four_pm)
    assert dossier.clock_started_at == four_pm


def test_another_agency_does_not_see_the_online_dossier(registered, team_b):
    with pytest.raises(DossierNotFound):
        actions.dossier_accept_online(actor=team_b.counter, dossier=registered, at=MONDAY_9)
    assert Dossier.objects.get(pk=registered.pk).state == State.REGISTERED


def test_a_specialist_may_not_accept(registered, team_a):
    with pytest.raises(DossierError, match="Vai trò"):
        actions.dossier_accept_online(actor=team_a.specialist, dossier=registered, at=MONDAY_9)


def test_the_citizen_may_not_accept_their_own_dossier(registered, citizen):
    with pytest.raises(DossierError, match="Vai trò"):
        actions.dossier_accept_online(actor=citizen, dossier=registered, at=MONDAY_9)


def test_a_stale_screen_is_refused(registered, team_a):
    with pytest.raises(actions.DossierConflict):
        actions.dossier_accept_online(
            actor=team_a.counter, dossier=registered, expected_version=99, at=MONDAY_9
        )


def test_counter_refuses_with_reasons(registered, team_a):
    dossier = actions.dossier_refuse_online(
        actor=team_a.counter, dossier=registered, reasons=["Ảnh chụp tờ khai không đọc được", ""]
    )
    assert dossier.state == State.NOT_RECEIVED
    assert dossier.national_status == 3
    refusal = Refusal.objects.get(dossier=dossier)
    assert refusal.reasons == ["Ảnh chụp tờ khai không đọc được"]


def test_refusing_without_a_reason_writes_nothing(registered, team_a):
    with pytest.raises(DossierError, match="lý do"):
        actions.dossier_refuse_online(actor=team_a.counter, dossier=registered, reasons=[" "])
    assert not Refusal.objects.exists()


# --- supplement answered online, stop request ------------------------------------------------


@pytest.fixture
def awaiting_supplement(registered, team_a) -> Dossier:
    actions.dossier_accept_online(actor=team_a.counter, dossier=registered, at=MONDAY_9)
    actions.dossier_supplement_request(
        actor=team_a.counter,
        dossier=registered.pk,
        items=[SupplementItemIn(name="Tờ khai", reason="Thiếu chữ ký")],
        at=MONDAY_9 + timedelta(hours=1),
    )
    return Dossier.objects.get(pk=registered.pk)


def test_citizen_answers_the_supplement_and_the_officer_records_it(
    awaiting_supplement, citizen, team_a, steps_procedure
):
    requirement = steps_procedure.versions.get().documents.first()
    dossier = actions.dossier_supplement_submit_online(
        actor=citizen,
        dossier=awaiting_supplement,
        files=[pdf_file(requirement.pk, name="to-khai-co-chu-ky.pdf")],
        note="Đã ký",
        at=MONDAY_9 + timedelta(hours=2),
    )
    assert dossier.state == State.SUPPLEMENT_REQUESTED
    answer = SupplementAnswer.objects.get(dossier=dossier)
    assert answer.note == "Đã ký"
    assert [a.original_name for a in answer.attachments.all()] == ["to-khai-co-chu-ky.pdf"]
    actions.dossier_supplement_receive(
        actor=team_a.counter, dossier=dossier.pk, at=MONDAY_9 + timedelta(hours=3)
    )
    assert Dossier.objects.get(pk=dossier.pk).state == State.IN_PROGRESS


def test_a_supplement_without_files_is_refused(awaiting_supplement, citizen):
    with pytest.raises(DossierError, match="ít nhất một tệp"):
        actions.dossier_supplement_submit_online(
            actor=citizen, dossier=awaiting_supplement, files=[]
        )
    assert not SupplementAnswer.objects.exists()


def test_another_citizen_gets_404(awaiting_supplement):
    stranger = CitizenFactory.create()
    with pytest.raises(DossierNotFound):
        actions.dossier_supplement_submit_online(
            actor=stranger, dossier=awaiting_supplement, files=[pdf_file(None)]
        )
    with pytest.raises(DossierNotFound):
        actions.dossier_stop_request(actor=stranger, dossier=awaiting_supplement, reason="x")
    assert not StopRequest.objects.exists()


def test_no_supplement_answer_before_a_request(registered, citizen, team_a):
    actions.dossier_accept_online(actor=team_a.counter, dossier=registered, at=MONDAY_9)
    with pytest.raises(DossierError):
        actions.dossier_supplement_submit_online(
            actor=citizen, dossier=registered, files=[pdf_file(None)]
        )


def test_citizen_asks_to_stop_and_the_centre_stops(registered, citizen, team_a):
    actions.dossier_accept_online(actor=team_a.counter, dossier=registered, at=MONDAY_9)
    dossier = actions.dossier_stop_request(
        actor=citizen, dossier=registered, reason="Không còn nhu cầu", at=MONDAY_9
    )
    assert dossier.state == State.RECEIVED
    assert StopRequest.objects.get(dossier=dossier).reason == "Không còn nhu cầu"
    with pytest.raises(DossierError, match="đã đề nghị"):
        actions.dossier_stop_request(actor=citizen, dossier=registered, reason="Lần nữa")
    actions.dossier_stop(
        actor=team_a.manager, dossier=dossier.pk, reason="Theo đề nghị", at_citizen_request=True
    )
    assert Dossier.objects.get(pk=dossier.pk).state == State.STOPPED


def test_a_stop_request_needs_a_reason(registered, citizen, team_a):
    actions.dossier_accept_online(actor=team_a.counter, dossier=registered, at=MONDAY_9)
    with pytest.raises(DossierError, match="lý do"):
        actions.dossier_stop_request(actor=citizen, dossier=registered, reason=" ")
    assert not StopRequest.objects.exists()


# --- the fee gate (motcua.payments) -----------------------------------------------------------


def test_a_dossier_with_an_unpaid_fee_is_not_received_until_settled(
    citizen, steps_procedure, team_a
):
    from motcua.catalog.models import Fee
    from motcua.payments.services.assessment import fee_assessment_allow_counter

    Fee.objects.create(version=steps_procedure.versions.get(), label="Lệ phí", amount=8_000)
    dossier = submit(citizen, steps_procedure, team_a)
    with pytest.raises(DossierError, match="chưa nộp phí"):
        actions.dossier_accept_online(actor=team_a.counter, dossier=dossier, at=MONDAY_9)
    assert Dossier.objects.get(pk=dossier.pk).state == State.REGISTERED
    fee_assessment_allow_counter(actor=team_a.counter, dossier=dossier)
    accepted = actions.dossier_accept_online(actor=team_a.counter, dossier=dossier, at=MONDAY_9)
    assert accepted.state == State.RECEIVED


def test_received_and_asked_to_supplement_at_once(registered, team_a):
    request = actions.dossier_accept_online_with_supplement(
        actor=team_a.counter,
        dossier=registered,
        items=[SupplementItemIn(name="Tờ khai", reason="Ảnh chụp bị mờ")],
        at=MONDAY_9,
    )
    dossier = Dossier.objects.get(pk=registered.pk)
    assert dossier.state == State.SUPPLEMENT_REQUESTED
    assert dossier.clock_started_at == MONDAY_9 and dossier.paused_at == MONDAY_9
    assert [item.reason for item in request.items.all()] == ["Ảnh chụp bị mờ"]


def test_received_and_supplement_without_items_writes_nothing(registered, team_a):
    with pytest.raises(DossierError):
        actions.dossier_accept_online_with_supplement(
            actor=team_a.counter, dossier=registered, items=[], at=MONDAY_9
        )
    assert Dossier.objects.get(pk=registered.pk).state == State.REGISTERED
