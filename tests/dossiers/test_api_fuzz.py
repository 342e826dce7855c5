"""The JSON API against its own OpenAPI description (schemathesis), as an officer who holds
a valid token: whatever is sent, no answer is a server error, and every status, content
type and body is one the description lists. Each operation alone with a bounded number of
generated requests, then sequences of calls that feed one answer into the next request
(stateful). Runs in both database runs of CI (SQLite and PostgreSQL)."""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from motcua.dossiers.models import Dossier
from tests.dossiers.factories import Team

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# A method the operation does not have (GET on a POST route) is refused with 405 and Allow.
OTHER_METHOD_CHECKS = [not_a_server_error, unsupported_method]


def checks_for(case: Any) -> list[Any]:
    same = case.method.upper() == case.operation.method.upper()
    return CHECKS if same else OTHER_METHOD_CHECKS


# Few requests per operation: the suite stays quick, and a failure found is kept minimal.
BOUNDED = settings(
    max_examples=15,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def officer_token(team_a: Team) -> str:
    """Officer A's token, asked for as a client would: signed in, `POST …/dossiers/token`."""
    client = Client()
    client.force_login(team_a.counter)
    response = client.post("/api/v1/dossiers/token")
    assert response.status_code == 200, response.content
    return response.json()["token"]


@pytest.fixture
def officer_headers(officer_token: str, received: Dossier) -> Iterator[dict[str, str]]:
    """The officer's requests, ward A holding one received dossier for them to find.
    As Django's test client does (after it is done: it connects
    them again), the application keeps the database connection at the end of a request,
    which would otherwise end the test's transaction with it."""
    REAL_CODE["code"] = received.code
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield {"Authorization": f"Bearer {officer_token}"}
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


# The description as the site serves it, asked of the application in this process.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
# The code of ward A's dossier, for the requests that name a dossier.
REAL_CODE: dict[str, str] = {}


@schema.hook
def map_path_parameters(context: Any, path_parameters: dict[str, Any] | None) -> Any:
    """About half the requests that name a dossier name the real one, so that its
    transitions, transfer options and forms are tried too, not only codes that do not exist."""
    code = (path_parameters or {}).get("code")
    if path_parameters and isinstance(code, str) and len(code) % 2 == 0 and "code" in REAL_CODE:
        return {**path_parameters, "code": REAL_CODE["code"]}
    return path_parameters


@schema.parametrize()
@BOUNDED
def test_no_request_gets_a_server_error_or_an_undocumented_status(
    case: Any, officer_headers: dict[str, str]
) -> None:
    case.call_and_validate(headers=officer_headers, checks=checks_for(case))


def test_no_sequence_of_requests_gets_a_server_error_or_an_undocumented_status(
    officer_headers: dict[str, str],
) -> None:
    workflow = schema.as_state_machine()

    class OfficerWorkflow(workflow):  # type: ignore[misc,valid-type]
        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            case.validate_response(response, checks=checks_for(case))

        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"headers": officer_headers}

    OfficerWorkflow.run(
        settings=settings(
            max_examples=10,
            stateful_step_count=5,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    )
