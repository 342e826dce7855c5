"""Concurrent kiosks and counters, on PostgreSQL (SQLite runs one writer at a time)."""

import pytest
from django.db import connection

from motcua.hall.models import Ticket
from motcua.hall.services.counters import counter_open
from motcua.hall.services.tickets import ticket_call_next, ticket_issue
from tests.dossiers.factories import in_parallel
from tests.factories import OfficerFactory
from tests.hall.factories import CounterFactory, hall_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks need PostgreSQL: run with DATABASE_URL=postgres://...",
    ),
]


def test_concurrent_kiosks_get_gapless_unique_numbers(agency_a) -> None:
    setup = hall_for(agency_a)
    results = in_parallel(
        *[lambda: ticket_issue(hall=setup.hall, group=setup.civil) for _ in range(12)]
    )
    assert not [r for r in results if isinstance(r, Exception)]
    numbers = sorted(Ticket.objects.values_list("number", flat=True))
    assert numbers == list(range(1, 13))


def test_counters_calling_at_once_never_get_the_same_ticket(agency_a) -> None:
    setup = hall_for(agency_a)
    counters = [
        CounterFactory.create(hall=setup.hall, number=10 + i, groups=[setup.civil])
        for i in range(8)
    ]
    counters = [
        counter_open(actor=OfficerFactory.create(agency=agency_a), counter=c) for c in counters
    ]
    for _ in range(5):
        ticket_issue(hall=setup.hall, group=setup.civil)
    results = in_parallel(
        *[lambda c=c: ticket_call_next(actor=c.officer, counter=c) for c in counters]
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors
    called = [r.pk for r in results if isinstance(r, Ticket)]
    assert len(called) == len(set(called)) == 5
    assert results.count(None) == 3
