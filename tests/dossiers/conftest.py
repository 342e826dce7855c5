"""Dossier fixtures: a procedure with four steps, a team of officers per ward, and a
dossier factory for any state (see tests/dossiers/factories.py)."""

import importlib
from collections.abc import Callable

import pytest
from django.apps import apps as django_apps

from motcua.accounts import demo as accounts_demo
from motcua.accounts.models import User
from motcua.catalog import refdata
from motcua.catalog.models import Procedure
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from tests.dossiers.factories import Team, dossier_in, procedure_with_steps, receive, team_for


@pytest.fixture(autouse=True)
def processing_rules(request) -> None:
    """The rules the data migration seeds: a transactional test flushes them away."""
    if "db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
        seed = importlib.import_module("motcua.dossiers.migrations.0002_seed_processing_rules")
        seed.seed(django_apps, None)


@pytest.fixture
def steps_procedure(db) -> Procedure:
    """3 working days: reception 0.5, appraisal 1.5, signature 0.5, hand-over 0.5."""
    return procedure_with_steps()


@pytest.fixture
def team_a(officer_a) -> Team:
    """officer_a at the counter of ward A, with a specialist, a leader and a manager."""
    return team_for(officer_a.agency, counter=officer_a)


@pytest.fixture
def team_b(officer_b) -> Team:
    return team_for(officer_b.agency, counter=officer_b)


@pytest.fixture
def received(team_a: Team, steps_procedure: Procedure) -> Dossier:
    """Received by officer_a on Monday 7/7/2025 at 09:00, due Thursday 10/7 at 09:00."""
    return receive(team_a, steps_procedure)


@pytest.fixture
def make_dossier(team_a: Team, steps_procedure: Procedure) -> Callable[..., Dossier]:
    """`make_dossier(State.PROCESSED)`: a dossier of ward A in that state."""

    def make(state: State, **options: object) -> Dossier:
        return dossier_in(state, team_a, steps_procedure, **options)  # type: ignore[arg-type]

    return make


@pytest.fixture
def tuliem(db) -> dict[str, User]:
    """The shipped catalogue and the demo ward's officers (`motcua demo load`), by their
    username without "tuliem.": tuliem["tuphap"] is the civil-status officer."""
    refdata.load()
    accounts_demo.load()
    return {
        user.username.removeprefix("tuliem."): user
        for user in User.objects.filter(username__startswith="tuliem.")
    }
