"""Feedback fixtures: a citizen's own dossier (received for their account) in any state,
the shipped 2024–2026 holiday schedule, and signing a user into the browser."""

from collections.abc import Callable

import pytest
from django.test import Client

from motcua.catalog.models import Procedure
from motcua.dossiers import actions
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
def own_dossier(team_a: Team, steps_procedure: Procedure, citizen) -> Callable[..., Dossier]:  # noqa: F811
    """`own_dossier(State.PROCESSED)`: a dossier of ward A owned by `citizen`, received on
    Monday 7/7/2025 09:00 and taken the same day to RECEIVED, PROCESSED or RETURNED
    (the default)."""
    counter, specialist, leader = team_a.counter, team_a.specialist, team_a.leader
    # The acts, one hour apart, that take a received dossier to its result and return.
    acts = [
        lambda d, at: actions.dossier_transfer(actor=counter, dossier=d, at=at),
        lambda d, at: actions.dossier_transfer(actor=specialist, dossier=d, at=at),
        lambda d, at: actions.dossier_approve(actor=leader, dossier=d, at=at),
        lambda d, at: actions.dossier_mark_processed(actor=counter, dossier=d, at=at),
        lambda d, at: actions.dossier_return_result(actor=counter, dossier=d, at=at),
    ]
    reached = {State.RECEIVED: 0, State.PROCESSED: 4, State.RETURNED: 5}

    def make(state: State = State.RETURNED) -> Dossier:
        dossier = receive(team_a, steps_procedure, owner=citizen)
        for n, act in enumerate(acts[: reached[state]], start=1):
            act(dossier, MONDAY_9 + n * HOUR)
        dossier.refresh_from_db()
        assert dossier.state == state
        return dossier

    return make


@pytest.fixture
def official_calendar(db) -> None:
    """The shipped national schedule (Tết, make-up Saturdays), as `motcua refdata load`."""
    refdata.load()


@pytest.fixture
def sign_in(page, live_server):
    """Put a user's session cookie into the browser (citizens and officers alike, whatever
    sign-in page they would use)."""

    def sign(user) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies["sessionid"]
        page.context.clear_cookies()
        page.context.add_cookies(
            [{"name": "sessionid", "value": cookie.value, "url": live_server.url}]
        )

    return sign
