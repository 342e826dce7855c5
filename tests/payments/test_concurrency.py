"""Callbacks and officers racing on one payment, on PostgreSQL (row locks)."""

import pytest
from django.db import connection

from motcua.core.models import AuditEvent
from motcua.payments.models import Payment, PaymentState
from motcua.payments.services.cashier import payment_record_cash
from motcua.payments.services.online import payment_ipn_handle
from tests.dossiers.factories import in_parallel, succeeded
from tests.payments.test_ipn import callback, start

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("row-lock races need PostgreSQL: set DATABASE_URL=postgres://…")


def test_the_same_ipn_arriving_twice_at_once_counts_once(owned) -> None:
    payment = start(owned).payment
    params = callback(payment)
    results = in_parallel(*[lambda: payment_ipn_handle(gateway="vnpay", params=params)] * 3)
    assert succeeded(results), results
    assert sorted(r.code for r in results) == ["00", "02", "02"]
    assert Payment.objects.get().state == PaymentState.PAID
    assert AuditEvent.objects.filter(action="payment.paid").count() == 1


def test_two_officers_taking_cash_at_once_take_it_once(owned, team_a) -> None:
    results = in_parallel(
        lambda: payment_record_cash(actor=team_a.counter, dossier=owned),
        lambda: payment_record_cash(actor=team_a.manager, dossier=owned),
    )
    assert sorted(type(r).__name__ for r in results) == ["Payment", "PaymentError"]
    assert Payment.objects.filter(state=PaymentState.PAID).count() == 1
