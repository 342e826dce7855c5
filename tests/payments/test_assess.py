"""Assessing a dossier's fees and whether it may be received."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.catalog.models import Fee
from motcua.catalog.selectors import procedure_version_on
from motcua.core.models import AuditEvent
from motcua.payments.models import AssessmentState, FeeAssessment
from motcua.payments.selectors import dossier_fee_summary, dossier_fees_settled
from motcua.payments.services.assessment import dossier_fee_assess, fee_assessment_allow_counter
from motcua.payments.services.common import PaymentError, PaymentNotFound
from tests.payments.conftest import EXEMPT, FILING, PER_COPY

pytestmark = pytest.mark.django_db


def test_a_dossier_of_a_paid_procedure_is_not_settled_until_assessed_and_paid(owned) -> None:
    assert not dossier_fees_settled(dossier=owned)
    assessment = dossier_fee_assess(actor=owned.owner, dossier=owned)
    assert assessment.total == FILING + PER_COPY
    assert assessment.state == AssessmentState.UNPAID
    assert not dossier_fees_settled(dossier=owned)


def test_a_procedure_without_fees_is_settled_without_any_assessment(received) -> None:
    assert dossier_fees_settled(dossier=received)
    assert not FeeAssessment.objects.exists()


def test_assessing_twice_with_the_same_figures_returns_the_same_row(owned, team_a) -> None:
    first = dossier_fee_assess(actor=team_a.counter, dossier=owned, copies=2)
    events = AuditEvent.objects.count()
    again = dossier_fee_assess(actor=team_a.counter, dossier=owned, copies=2)
    assert again.pk == first.pk
    assert AuditEvent.objects.count() == events


def test_reassessing_recomputes_while_unpaid(owned, team_a) -> None:
    dossier_fee_assess(actor=team_a.counter, dossier=owned)
    assessment = dossier_fee_assess(actor=team_a.counter, dossier=owned, copies=3, exemption=EXEMPT)
    assert assessment.total == 3 * PER_COPY
    assert FeeAssessment.objects.count() == 1
    assert AuditEvent.objects.filter(action="fee.reassess").count() == 1


def test_an_exemption_of_every_fee_waives_the_dossier(owned, team_a, fee_procedure) -> None:
    Fee.objects.filter(basis="copy").delete()
    assessment = dossier_fee_assess(actor=team_a.counter, dossier=owned, exemption=EXEMPT)
    assert assessment.state == AssessmentState.WAIVED
    assert dossier_fees_settled(dossier=owned)


def test_a_citizen_cannot_claim_an_exemption_alone(owned) -> None:
    with pytest.raises(PaymentError):
        dossier_fee_assess(actor=owned.owner, dossier=owned, exemption=EXEMPT)
    assert not FeeAssessment.objects.exists()


@pytest.mark.parametrize("copies,exemption", [(-1, ""), (101, ""), (1, "Không có")])
def test_bad_figures_are_refused_and_nothing_is_written(owned, team_a, copies, exemption) -> None:
    with pytest.raises(PaymentError) as refused:
        dossier_fee_assess(actor=team_a.counter, dossier=owned, copies=copies, exemption=exemption)
    assert refused.value.message
    assert not FeeAssessment.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="fee").exists()


def test_another_agency_or_citizen_cannot_assess(owned, team_b, django_user_model) -> None:
    from tests.factories import CitizenFactory

    for actor in (team_b.counter, CitizenFactory.create(username="khac")):
        with pytest.raises(PaymentNotFound):
            dossier_fee_assess(actor=actor, dossier=owned)
    assert not FeeAssessment.objects.exists()


def test_marking_payable_at_the_counter_settles_the_dossier(owned, team_a) -> None:
    fee_assessment_allow_counter(actor=team_a.counter, dossier=owned)
    assert dossier_fees_settled(dossier=owned)
    summary = dossier_fee_summary(dossier=owned)
    assert summary.assessment is not None
    assert summary.assessment.state == AssessmentState.PAYABLE_AT_COUNTER


def test_the_version_already_read_gives_the_same_figures_without_reading_them_again(
    owned, team_a
) -> None:
    version = procedure_version_on(
        procedure=owned.procedure, on_date=owned.procedure_version.valid_from
    )
    assert version is not None and version.pk == owned.procedure_version_id
    with CaptureQueriesContext(connection) as context:
        assessment = dossier_fee_assess(
            actor=team_a.counter, dossier=owned, copies=2, exemption=EXEMPT, version=version
        )
    assert not any('FROM "catalog_fee' in query["sql"] for query in context.captured_queries)
    FeeAssessment.objects.all().delete()
    again = dossier_fee_assess(actor=team_a.counter, dossier=owned, copies=2, exemption=EXEMPT)
    assert (again.lines, again.total) == (assessment.lines, assessment.total)


def test_a_version_of_another_dossier_is_not_used_for_the_fees(owned, team_a, received) -> None:
    other = received.procedure_version  # a procedure without fees
    assessment = dossier_fee_assess(actor=team_a.counter, dossier=owned, version=other)
    assert assessment.total == FILING + PER_COPY


def test_once_assessed_the_summary_shows_the_assessment_alone(owned, team_a) -> None:
    dossier_fee_assess(actor=team_a.counter, dossier=owned, copies=3)
    Fee.objects.all().delete()  # the catalogue changed since: the assessment stands
    summary = dossier_fee_summary(dossier=owned)
    assert summary.total == FILING + 3 * PER_COPY and not summary.settled
    assert summary.lines == summary.assessment.lines  # type: ignore[union-attr]
