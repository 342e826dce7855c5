"""The speed work on receipt and tracking changed what is read, not what is answered:
the receive answer lists the same steps and documents as the dossier's page in the API,
a retried receipt gives its number back, and the number of queries stays pinned."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import receipt_data
from motcua.dossiers.states import State
from tests.dossiers.factories import APPLICANT
from tests.dossiers.test_api import BASE, receive_body

pytestmark = pytest.mark.django_db

# Receive through the API and read the receipt's data, as the counter does: session,
# procedure, agency, version with documents and steps, number, idempotency check, rule,
# calendar, dossier, documents, steps, first step, audit chain, notification, task,
# receipt (27 on PostgreSQL when measured; a margin for SQLite's savepoints).
RECEIVE_QUERIES = 30
# Tracking a dossier without supplements or apologies: the caller's try counted (shared by
# every process), the dossier, its steps, financial obligations and refusals.
TRACKING_QUERIES = 5


def _receive(client, procedure, key: str):
    response = client.post(
        BASE, receive_body(procedure), content_type="application/json",
        headers={"Idempotency-Key": key},
    )  # fmt: skip
    assert response.status_code == 201, response.content
    return response.json()


def test_receive_answer_lists_the_steps_and_documents_the_dossier_page_shows(
    client, officer_a, steps_procedure
):
    client.force_login(officer_a)
    received = _receive(client, steps_procedure, "a1")
    detail = client.get(f"{BASE}{received['code']}").json()
    assert received["steps"] == detail["steps"]
    assert received["documents"] == detail["documents"]
    assert received["steps"][0]["started_at"] and not received["steps"][1]["started_at"]


def test_a_retried_receipt_gives_its_number_back_and_codes_stay_gapless(
    client, officer_a, steps_procedure
):
    client.force_login(officer_a)
    first = _receive(client, steps_procedure, "same")
    again = _receive(client, steps_procedure, "same")
    following = _receive(client, steps_procedure, "other")
    assert again["code"] == first["code"]
    numbers = [int(body["code"].rsplit("-", 1)[1]) for body in (first, following)]
    assert numbers[1] == numbers[0] + 1
    assert Dossier.objects.count() == 2


def test_receive_and_receipt_stay_within_their_queries(client, officer_a, steps_procedure):
    client.force_login(officer_a)
    _receive(client, steps_procedure, "warm-up")  # first-use reads (content types, caches)
    with CaptureQueriesContext(connection) as queries:
        body = _receive(client, steps_procedure, "counted")
        receipt_data(user=officer_a, code=body["code"])
    assert len(queries) <= RECEIVE_QUERIES, "\n".join(q["sql"][:120] for q in queries)


def test_tracking_reads_the_timeline_in_five_queries_without_supplements(
    client, make_dossier, settings
):
    settings.TRACKING_RATE_LIMIT = 100
    dossier = make_dossier(State.IN_PROGRESS)
    url = f"/api/v1/tracking/{dossier.code}"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"phone4": APPLICANT.phone[-4:]})
    assert response.status_code == 200
    assert len(queries) == TRACKING_QUERIES, "\n".join(q["sql"][:120] for q in queries)
    labels = [entry["label"] for entry in response.json()["timeline"]]
    assert labels[0].startswith("Tiếp nhận hồ sơ") and len(labels) >= 3


def test_tracking_still_shows_supplements_and_apologies(client, make_dossier, settings):
    settings.TRACKING_RATE_LIMIT = 100
    dossier = make_dossier(State.SUPPLEMENT_REQUESTED)
    response = client.get(f"/api/v1/tracking/{dossier.code}", {"phone4": APPLICANT.phone[-4:]})
    labels = [entry["label"] for entry in response.json()["timeline"]]
    assert "Yêu cầu bổ sung, hoàn thiện hồ sơ" in labels
