"""Two officers acting on one dossier at the same moment, on PostgreSQL."""

from dataclasses import replace

import pytest
from django.db import connection

from motcua.accounts.models import Role
from motcua.core.audit import audit_events_for
from motcua.dossiers import actions
from motcua.dossiers.actions import DossierError
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from tests.dossiers.factories import APPLICANT, in_parallel, receive, succeeded
from tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("row-lock races need PostgreSQL: set DATABASE_URL=postgres://…")


def test_two_leaders_approving_at_once_one_wins(make_dossier, team_a):
    dossier = make_dossier(State.IN_PROGRESS)
    actions.dossier_transfer(actor=team_a.specialist, dossier=dossier)
    deputy = OfficerFactory.create(username="pho_chu_tich", agency=team_a.agency, role=Role.LEADER)
    results = in_parallel(
        lambda: actions.dossier_approve(actor=team_a.leader, dossier=dossier.pk),
        lambda: actions.dossier_approve(actor=deputy, dossier=dossier.pk),
    )
    assert sorted(type(r).__name__ for r in results) == ["Dossier", "DossierError"]
    assert Dossier.objects.get(pk=dossier.pk).state == State.APPROVED
    recorded = list(audit_events_for(target=dossier).values_list("action", flat=True))
    assert recorded.count("dossier.approve") == 1


def test_the_same_form_submitted_twice_at_once_creates_one_dossier(team_a, steps_procedure):
    second_counter = OfficerFactory.create(username="quay2", agency=team_a.agency)
    results = in_parallel(
        lambda: receive(team_a, steps_procedure, idempotency_key="dup-1"),
        lambda: receive(
            replace(team_a, counter=second_counter), steps_procedure, idempotency_key="dup-1"
        ),
    )
    assert succeeded(results), results
    assert results[0].pk == results[1].pk
    assert Dossier.objects.count() == 1


def test_the_same_refusal_submitted_twice_at_once_is_recorded_once(team_a, steps_procedure):
    second_counter = OfficerFactory.create(username="quay2", agency=team_a.agency)

    def refuse(counter):
        return actions.dossier_refuse_at_reception(
            actor=counter,
            procedure=steps_procedure,
            applicant=APPLICANT,
            reasons=["Không thuộc thẩm quyền"],
            idempotency_key="tu-choi-1",
        )

    results = in_parallel(lambda: refuse(team_a.counter), lambda: refuse(second_counter))
    assert succeeded(results), results
    assert results[0].pk == results[1].pk
    assert Dossier.objects.get().code.endswith("-0001")


def test_stop_and_approve_at_once_never_both_apply(make_dossier, team_a):
    dossier = make_dossier(State.IN_PROGRESS)
    actions.dossier_transfer(actor=team_a.specialist, dossier=dossier)
    results = in_parallel(
        lambda: actions.dossier_approve(actor=team_a.leader, dossier=dossier.pk),
        lambda: actions.dossier_stop(actor=team_a.counter, dossier=dossier.pk, reason="Dừng"),
    )
    assert sum(isinstance(r, DossierError) for r in results) == 1
    assert Dossier.objects.get(pk=dossier.pk).state in {State.APPROVED, State.STOPPED}
