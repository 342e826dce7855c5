"""A working day at the demo ward: every procedure of the shipped catalogue, received at
the centre's counter, is carried through every step by the demo's own officers (those
`motcua demo load` creates) to the result handed back. A procedure whose step nobody in
the demo ward could do fails here, not on a citizen's stuck dossier."""

import pytest
from django.utils import timezone

from motcua.accounts.models import User
from motcua.catalog.models import ProcedureVersion, in_force_q
from motcua.catalog.routing import competent_for, routing_gaps
from motcua.dossiers import actions
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from motcua.units.models import Agency, AgencyKind
from tests.dossiers.factories import APPLICANT, mandatory_documents


@pytest.fixture
def ward(demo_ward) -> list[ProcedureVersion]:
    """The versions in force of the demo ward's catalogue."""
    versions = ProcedureVersion.objects.filter(in_force_q(timezone.localdate()))
    return list(versions.select_related("procedure").prefetch_related("steps"))


def _officer_for(dossier: Dossier) -> User:
    step = dossier.current_step
    assert step is not None, dossier.code
    # The demo officer of the step's agency and role — never the centre manager standing in.
    return User.objects.filter(
        username__startswith="tuliem.", agency=step.agency, role=step.role, is_active=True
    ).first() or pytest.fail(f"{dossier.procedure.name}: nobody for “{step.name}”")


def test_every_catalogue_procedure_is_finished_by_the_demo_officers(ward) -> None:
    counter = User.objects.get(username="tuliem.motcua")
    assert len({v.procedure_id for v in ward}) == 23
    for version in ward:
        dossier = actions.dossier_receive(
            actor=counter,
            procedure=version.procedure,
            applicant=APPLICANT,
            documents=mandatory_documents(version.procedure),
        ).dossier
        # Up to the hand-over step, whatever follows the signature (an interlinked
        # procedure goes on to other steps once signed).
        while dossier.state != State.APPROVED or _officer_for(dossier).role != "counter":
            officer = _officer_for(dossier)
            if officer.role == "leader":
                actions.dossier_approve(actor=officer, dossier=dossier)
            else:
                actions.dossier_transfer(actor=officer, dossier=dossier)
            dossier = Dossier.objects.get(pk=dossier.pk)
        actions.dossier_mark_processed(actor=counter, dossier=dossier)
        returned = actions.dossier_return_result(actor=_officer_for(dossier), dossier=dossier)
        assert returned.state == State.RETURNED, version.procedure.name


def test_residence_is_decided_by_the_ward_police_and_civil_status_by_the_committee(
    ward,
) -> None:
    centre = User.objects.get(username="tuliem.motcua").agency
    assert centre is not None
    decided = {v.procedure.slug: competent_for(centre, v).kind for v in ward}
    assert decided["dang-ky-thuong-tru"] == AgencyKind.POLICE
    assert decided["dang-ky-khai-sinh"] == AgencyKind.PEOPLES_COMMITTEE


def test_a_step_nobody_can_do_is_named_before_any_dossier_is_received(ward) -> None:
    centre = User.objects.get(username="tuliem.motcua").agency
    assert centre is not None
    assert routing_gaps(receiving=centre, versions=ward) == []
    User.objects.filter(username="tuliem.truongcongan").update(is_active=False)
    gaps = routing_gaps(receiving=centre, versions=ward)
    assert len(gaps) == 2 and all("Công an phường Từ Liêm" in gap for gap in gaps), gaps
    Agency.objects.filter(kind=AgencyKind.POLICE).update(is_active=False)
    assert any("chưa có Công an" in gap for gap in routing_gaps(receiving=centre, versions=ward))
