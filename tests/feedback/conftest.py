"""Feedback fixtures: a citizen's own dossier (received for their account) in any state,
the shipped 2024–2026 holiday schedule, and signing a user into the browser."""

from collections.abc import Callable

import pytest
from django.test import Client

from motcua.catalog.models import Procedure
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from motcua.workdays import refdata
from tests.dossiers.conftest import (  # noqa: F401 (fixtures used here)
    make_dossier,
    processing_rules,
    steps_procedure,
    team_a,
)
from tests.dossiers.factories import HOUR, MONDAY_9, Team, receive


@pytest.fixture
def own_dossier(team_a: Team, steps_procedure: Procedure, citizen) -> Callable[..., Dossier]:  # type: ignore[no-untyped-def]  # noqa: F811
    """`own_dossier(returned=True)`: a dossier of ward A owned by `citizen`, received on
    Monday 7/7/2025 09:00 and, when `returned`, processed and returned the same day."""

    def make(*, returned: bool = True, owner=citizen) -> Dossier:  # type: ignore[no-untyped-def]
        dossier = receive(team_a, steps_procedure, owner=owner)
        if returned:
            at = MONDAY_9 + HOUR
            services.dossier_transfer(actor=team_a.counter, dossier=dossier, at=at)
            services.dossier_transfer(actor=team_a.specialist, dossier=dossier, at=at + HOUR)
            services.dossier_approve(actor=team_a.leader, dossier=dossier, at=at + 2 * HOUR)
            services.dossier_mark_processed(actor=team_a.counter, dossier=dossier, at=at + 3 * HOUR)
            services.dossier_return_result(actor=team_a.counter, dossier=dossier, at=at + 4 * HOUR)
        dossier.refresh_from_db()
        assert dossier.state == (State.RETURNED if returned else State.RECEIVED)
        return dossier

    return make


@pytest.fixture
def official_calendar(db) -> None:  # type: ignore[no-untyped-def]
    """The shipped national schedule (Tết, make-up Saturdays), as `motcua refdata load`."""
    refdata.load()


@pytest.fixture
def sign_in(page, live_server):  # type: ignore[no-untyped-def]
    """Put a user's session cookie into the browser (citizens and officers alike, whatever
    sign-in page they would use)."""

    def sign(user) -> None:  # type: ignore[no-untyped-def]
        client = Client()
        client.force_login(user)
        cookie = client.cookies["sessionid"]
        page.context.clear_cookies()
        page.context.add_cookies(
            [{"name": "sessionid", "value": cookie.value, "url": live_server.url}]
        )

    return sign
