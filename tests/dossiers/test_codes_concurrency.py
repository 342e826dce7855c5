"""Many counters receiving at the same second, on PostgreSQL (SQLite serialises every
writer, so there is nothing to race there)."""

from dataclasses import replace

import pytest
from django.db import connection, transaction

from motcua.dossiers.models import Dossier
from tests.dossiers.factories import in_parallel, receive
from tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("row-lock races need PostgreSQL: set DATABASE_URL=postgres://…")


class Abandoned(Exception):
    pass


def test_parallel_counters_get_unique_gapless_codes(team_a, steps_procedure):
    counters = [team_a.counter] + [
        OfficerFactory.create(username=f"quay{i}", agency=team_a.agency) for i in range(7)
    ]

    def abandoned_receipt() -> None:
        with transaction.atomic():
            receive(team_a, steps_procedure)
            raise Abandoned

    calls = [
        (lambda officer=officer: receive(replace(team_a, counter=officer), steps_procedure))
        for officer in counters
    ]
    results = in_parallel(*calls, abandoned_receipt, abandoned_receipt)
    assert sum(isinstance(r, Abandoned) for r in results) == 2
    assert all(isinstance(r, Dossier) for r in results[:8]), results
    sequences = sorted(int(code[-4:]) for code in Dossier.objects.values_list("code", flat=True))
    assert sequences == list(range(1, 9))
