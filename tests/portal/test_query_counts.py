"""The citizen's busiest requests stay cheap: the SQL queries each one makes are pinned
here, so that a repeated read of the procedure version (its documents, fees, exemptions
and steps, read once per request and passed down) or a per-file query cannot creep back.

Measured on SQLite with a signed-in citizen (session and user: 2 queries of every
request), the catalogue's cache empty (warm, it reads none of the catalogue). Before this
work: e-form 12, save 22, one upload 43, several uploads 58, submit 70, dossier page 16."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.models import Dossier
from motcua.payments.models import FeeAssessment
from motcua.portal import services
from tests.portal.conftest import BIRTH, pdf
from tests.portal.test_services import _values

FORM = reverse("portal:form", args=[BIRTH])


def _queries(request: Callable[[], Any]) -> tuple[Any, list[str]]:
    """The request's queries with nothing of the catalogue cached (its worst case)."""
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = request()
    return response, [query["sql"] for query in context.captured_queries]


def _reads_of(table: str, queries: list[str]) -> int:
    return sum(query.startswith("SELECT") and f'FROM "{table}"' in query for query in queries)


@pytest.fixture
def values(client, citizen_p, birth, agency_a) -> dict[str, Any]:
    """What the citizen's browser posts: the form filled in, the ward, the page's key."""
    client.force_login(citizen_p)
    page = client.get(FORM).content.decode()
    key = page.split('name="key" value="', 1)[1].split('"', 1)[0]
    return {**_values(citizen_p), "agency": agency_a.pk, "key": key, "action": "save"}


def _mandatory(birth) -> list[Any]:
    return [d for d in birth.versions.get().documents.all() if d.is_mandatory]


def test_the_e_form_reads_the_version_once(client, values) -> None:
    response, queries = _queries(lambda: client.get(FORM))
    assert response.status_code == 200
    assert _reads_of("catalog_procedureversion", queries) == 1
    assert len(queries) <= 12


def test_with_the_catalogue_cached_the_e_form_reads_none_of_it(client, values) -> None:
    with CaptureQueriesContext(connection) as context:
        assert client.get(FORM).status_code == 200
    assert not [q for q in context.captured_queries if 'FROM "catalog_' in q["sql"]]


def test_saving_a_draft_reads_the_version_once(client, values) -> None:
    client.post(FORM, values)  # the first save creates the draft
    response, queries = _queries(lambda: client.post(FORM, values))
    assert response.status_code == 302
    assert _reads_of("catalog_procedureversion", queries) == 1
    assert _reads_of("catalog_fee", queries) == 1
    assert len(queries) <= 15


def test_more_files_in_one_post_cost_no_more_queries(client, values, birth) -> None:
    documents = _mandatory(birth)
    client.post(FORM, values)
    _, one = _queries(lambda: client.post(FORM, {**values, f"file_{documents[0].pk}": pdf()}))
    files = {f"file_{d.pk}": pdf(body=str(n).encode()) for n, d in enumerate(documents, 1)}
    response, several = _queries(lambda: client.post(FORM, {**values, **files}))
    assert response.status_code == 302 and len(documents) > 1
    for queries in (one, several):
        assert _reads_of("catalog_procedureversion", queries) == 1
        assert _reads_of("catalog_documentrequirement", queries) == 1
        assert _reads_of("catalog_procedure", queries) == 1
    assert len(one) <= 28
    # The files of one post are added together: one lock, one look for the same files,
    # one count, one insert of the rows, one audit event, whatever their number.
    assert len(several) <= len(one)


def test_submitting_reads_the_version_and_its_fees_once(client, values, birth) -> None:
    files = {f"file_{d.pk}": pdf(body=str(n).encode()) for n, d in enumerate(_mandatory(birth))}
    client.post(FORM, {**values, **files})
    response, queries = _queries(lambda: client.post(FORM, {**values, "action": "submit"}))
    dossier = Dossier.objects.get()
    assert response.status_code == 302 and FeeAssessment.objects.get(dossier=dossier).total > 0
    for table in (
        "catalog_procedureversion",
        "catalog_documentrequirement",
        "catalog_processingstep",
        "catalog_fee",
        "catalog_feeexemption",
    ):
        assert _reads_of(table, queries) == 1, table
    assert len(queries) <= 49


def test_the_dossier_page_does_not_read_the_catalogue_fees_once_assessed(
    client, values, birth
) -> None:
    files = {f"file_{d.pk}": pdf(body=str(n).encode()) for n, d in enumerate(_mandatory(birth))}
    client.post(FORM, {**values, **files, "action": "submit"})
    dossier = Dossier.objects.get()
    response, queries = _queries(lambda: client.get(reverse("portal:dossier", args=[dossier.pk])))
    assert response.status_code == 200 and "Phí, lệ phí" in response.content.decode()
    assert _reads_of("catalog_fee", queries) == 0
    assert len(queries) <= 15  # the dossier's agencies are one query of their own


def test_a_version_passed_down_that_is_not_the_procedures_is_not_used(
    citizen_p, birth, catalogue
) -> None:
    other = ProcedureVersion.objects.exclude(procedure=birth).first()
    draft = services.draft_open(actor=citizen_p, procedure=birth, version=other)
    saved = services.draft_save(
        actor=citizen_p, draft=draft, values={"child_name": "An"}, agency=None, version=other
    )
    assert saved.values["child_name"] == "An"  # kept by birth registration's own e-form
