"""A double click on PostgreSQL: the same submission or upload at the same moment."""

import pytest
from django.db import connection

from motcua.dossiers.models import Dossier
from motcua.portal import services
from motcua.portal.models import DraftFile
from tests.dossiers.factories import in_parallel, succeeded
from tests.portal.conftest import pdf
from tests.portal.test_services import _ready_draft, _values

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("row-lock races need PostgreSQL: set DATABASE_URL=postgres://…")


def test_the_same_submission_twice_at_once_creates_one_dossier(citizen_p, birth, agency_a):
    draft = _ready_draft(citizen_p, birth, agency_a)

    def submit() -> services.Submission:
        return services.draft_submit(
            actor=citizen_p, key=draft.key, values=_values(citizen_p), agency=agency_a
        )

    results = in_parallel(submit, submit)
    assert succeeded(results), results
    assert results[0].dossier.pk == results[1].dossier.pk
    assert sorted(r.created for r in results) == [False, True]
    assert Dossier.objects.count() == 1


def test_the_same_upload_twice_at_once_is_one_file(citizen_p, birth):
    draft = services.draft_open(actor=citizen_p, procedure=birth)
    document = birth.versions.get().documents.first()

    def upload() -> object:
        return services.draft_file_add(
            actor=citizen_p, draft=draft, requirement_id=document.pk, upload=pdf()
        )

    results = in_parallel(upload, upload)
    assert all(isinstance(r, DraftFile) for r in results), results
    assert DraftFile.objects.count() == 1
