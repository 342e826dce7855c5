"""A double click or a retried request racing the first, on PostgreSQL (SQLite serialises
every writer, so there is nothing to race there)."""

import pytest
from django.db import connection

from motcua.dossiers.models import Attachment, Dossier
from tests.dossiers.factories import in_parallel, succeeded
from tests.dossiers.test_online import media, submit  # noqa: F401 (the media fixture)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("row-lock races need PostgreSQL: set DATABASE_URL=postgres://…")


def test_the_same_submission_six_times_at_once_makes_one_dossier(citizen, steps_procedure, team_a):
    calls = [lambda: submit(citizen, steps_procedure, team_a, key="double-click")] * 6
    results = in_parallel(*calls)
    assert succeeded(results), results
    assert len({r.pk for r in results}) == 1
    assert Dossier.objects.count() == 1
    assert Attachment.objects.count() == 1


def test_different_submissions_at_once_get_consecutive_codes(citizen, steps_procedure, team_a):
    calls = [
        (lambda key=key: submit(citizen, steps_procedure, team_a, key=key))
        for key in ("a", "b", "c", "d")
    ]
    results = in_parallel(*calls)
    assert all(isinstance(r, Dossier) for r in results), results
    sequences = sorted(int(code[-4:]) for code in Dossier.objects.values_list("code", flat=True))
    assert sequences == [1, 2, 3, 4]
