"""A newer procedure version takes effect (issue 15): a dossier received before keeps the
checklist and the deadline it was received under; one received after gets the new ones."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from motcua.catalog.selectors import version_content
from motcua.catalog.services import procedure_version_create
from motcua.catalog.specs import DocumentSpec, StepSpec
from motcua.dossiers import actions
from motcua.dossiers.actions import DocumentIn
from motcua.dossiers.models import Channel
from tests.dossiers.factories import APPLICANT, MONDAY_9, receive


def test_a_dossier_keeps_its_checklist_and_deadline_when_a_newer_version_takes_effect(
    team_a, steps_procedure
):
    before = receive(team_a, steps_procedure)  # Monday 7/7/2025 09:00, 3 working days
    old = steps_procedure.versions.get()
    content = version_content(version=old)
    procedure_version_create(
        actor=None,
        procedure=steps_procedure,
        valid_from=date(2025, 7, 8),
        content=replace(
            content,
            time_amount=Decimal(1),
            documents=(DocumentSpec(name="Tờ khai theo mẫu mới", form="original"),),
            steps=(
                StepSpec(name="Tiếp nhận", role="counter", budget=Decimal("0.5")),
                StepSpec(name="Ký duyệt", role="leader", budget=Decimal("0.5")),
            ),
        ),
    )
    before.refresh_from_db()
    assert before.procedure_version_id == old.pk
    assert [d.name for d in before.documents.all()] == [
        "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân"
    ]
    assert (before.time_amount, before.due_at) == (Decimal(3), before.original_due_at)
    assert before.due_at is not None and before.received_at is not None
    assert before.due_at - before.received_at == timedelta(days=3)  # Thursday 09:00

    new = steps_procedure.versions.get(valid_from=date(2025, 7, 8))
    after = actions.dossier_receive(
        actor=team_a.counter,
        procedure=steps_procedure,
        applicant=APPLICANT,
        documents=[DocumentIn(requirement_id=new.documents.get().pk, originals=1)],
        channel=Channel.IN_PERSON,
        at=MONDAY_9 + timedelta(days=1),
        agency=team_a.agency,
    ).dossier
    assert after.procedure_version_id != old.pk
    assert [d.name for d in after.documents.all()] == ["Tờ khai theo mẫu mới"]
    assert after.time_amount == Decimal(1)
