"""Text entering the API: one normalisation (NFC, zero-width removed, control and bidi
characters refused with a 4xx naming the field), found by every spelling; the
Idempotency-Key bound to the body it first came with."""

import unicodedata

import pytest
from django.test import Client

from motcua.core.models import AuditEvent
from motcua.dossiers.models import Dossier
from tests.dossiers.factories import Team
from tests.dossiers.test_api import BASE, bearer, call, receive_body

pytestmark = pytest.mark.django_db

NAME = "Nguyễn Thị Hường"


def _receive(
    client: Client,
    team: Team,
    procedure,
    name: str,
    auth: dict[str, str] | None = None,
    key: str = "",
):
    body = receive_body(procedure)
    body["applicant"] = {**body["applicant"], "name": name}  # type: ignore[dict-item]
    headers = {"Idempotency-Key": key} if key else {}
    return call(client, "post", BASE, body, **(auth or bearer(team.counter)), **headers)


@pytest.mark.parametrize(
    ("refused", "said"),
    [("\x00", "U+0000"), ("\x07", "U+0007"), ("\u202e", "U+202E"), ("\u2066", "U+2066")],
)
def test_a_name_with_nul_bel_or_a_bidi_override_is_a_422_naming_the_field_and_character(
    client: Client, team_a: Team, steps_procedure, refused: str, said: str
):
    response = _receive(client, team_a, steps_procedure, f"Nguyễn{refused} An")
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["field"] == "applicant.name"
    assert said in error["message"] and "không được phép" in error["message"]
    assert not Dossier.objects.exists()


def test_a_name_with_a_zero_width_space_is_stored_without_it(
    client: Client, team_a: Team, steps_procedure
):
    response = _receive(client, team_a, steps_procedure, "Ngu\u200byễn Thị Hường")
    assert response.status_code == 201, response.json()
    assert Dossier.objects.get().applicant_name == NAME


@pytest.mark.parametrize(
    "spelling",
    [NAME, unicodedata.normalize("NFD", NAME), "Nguyen Thi Huong", "nguyen thi huong", "HƯỜNG"],
)
def test_a_name_sent_decomposed_is_stored_composed_and_found_by_every_spelling(
    client: Client, team_a: Team, steps_procedure, spelling: str
):
    sent = _receive(client, team_a, steps_procedure, unicodedata.normalize("NFD", NAME))
    assert sent.status_code == 201, sent.json()
    assert Dossier.objects.get().applicant_name == NAME
    found = client.get(BASE, {"applicant": spelling}, headers=bearer(team_a.counter))
    assert found.status_code == 200
    assert [item["applicant_name"] for item in found.json()["items"]] == [NAME]


@pytest.mark.parametrize(
    "path",
    [
        "{base}%00",
        "{base}{code}%00/transfer-options",
        "{base}{code}%00/forms/receipt",
        "{base}{code}/forms/receipt%00",
        "/api/v1/tracking/{code}%00?phone4=5678",
        "/api/v1/tracking/{code}?phone4=56%0078",
        "{base}?state=%00",
        "{base}?code=%E2%80%AE",
    ],
)
def test_a_nul_or_bidi_override_in_a_path_or_query_is_a_422_not_a_500(
    client: Client, officer_a, received, path: str
):
    url = path.format(base=BASE, code=received.code)
    response = client.get(url, headers=bearer(officer_a))
    assert response.status_code == 422, response.content
    assert response.json()["errors"]


def test_a_transition_name_with_nul_is_a_422(client: Client, team_a: Team, received):
    url = f"{BASE}{received.code}/transitions/transfer%00"
    response = call(client, "post", url, {"version": 1}, **bearer(team_a.counter))
    assert response.status_code == 422


# --- idempotency -------------------------------------------------------------------------


def test_the_same_key_with_the_same_body_returns_the_first_dossier(
    client: Client, team_a: Team, steps_procedure
):
    first = _receive(client, team_a, steps_procedure, NAME, key="k-1")
    again = _receive(client, team_a, steps_procedure, NAME, key="k-1")
    assert first.status_code == again.status_code == 201
    assert first.json()["code"] == again.json()["code"]
    assert Dossier.objects.count() == 1


def test_the_same_key_with_another_body_is_a_422_and_writes_nothing(
    client: Client, team_a: Team, steps_procedure
):
    # One token for both calls: issuing a token is itself an audit event.
    auth = bearer(team_a.counter)
    first = _receive(client, team_a, steps_procedure, NAME, auth, key="k-2")
    assert first.status_code == 201
    events = AuditEvent.objects.count()
    other = _receive(client, team_a, steps_procedure, "Trần Văn Bình", auth, key="k-2")
    assert other.status_code == 422
    body = other.json()
    assert first.json()["code"] in body["detail"]
    assert body["errors"] == [{"field": "Idempotency-Key", "message": body["detail"]}]
    assert Dossier.objects.count() == 1
    assert Dossier.objects.get().applicant_name == NAME
    assert AuditEvent.objects.count() == events


def test_another_key_with_another_body_makes_another_dossier(
    client: Client, team_a: Team, steps_procedure
):
    _receive(client, team_a, steps_procedure, NAME, key="k-3")
    other = _receive(client, team_a, steps_procedure, "Trần Văn Bình", key="k-4")
    assert other.status_code == 201
    assert Dossier.objects.count() == 2


# --- the schema says so ------------------------------------------------------------------


def test_every_route_taking_input_documents_its_422_with_the_fields_in_error(client: Client):
    schema = client.get("/api/v1/openapi.json").json()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if not operation.get("parameters") and "requestBody" not in operation:
                continue
            answer = operation["responses"].get("422")
            assert answer, f"{method} {path}"
            ref = answer["content"]["application/json"]["schema"]["$ref"]
            shape = schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]
            assert set(shape["required"]) == {"detail", "errors"}, f"{method} {path}"


def test_a_dossier_stored_before_the_rules_with_a_bidi_override_is_shown_not_a_500(
    client: Client, officer_a, received
):
    Dossier.objects.filter(pk=received.pk).update(applicant_name="An\u202eH")
    response = client.get(f"{BASE}{received.code}", headers=bearer(officer_a))
    assert response.status_code == 200
    assert response.json()["applicant"]["name"] == "An\u202eH"
