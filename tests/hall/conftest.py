"""Hall fixtures: a hall of ward A (`hall_a`) with counter 1 opened by officer_a, and
browsers enrolled as its kiosk, its board and the rating device of counter 1."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.test import Client

from motcua.hall import selectors
from motcua.hall.models import DeviceKind
from motcua.hall.services.counters import counter_open
from tests.hall.factories import HallSetup, device_client, hall_for


@pytest.fixture(autouse=True)
def hall_at_work(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Most hall tests take numbers at the wall clock's now, which may be a night or a
    Sunday: for them the centre is at work. Tests marked `opening_hours` keep the working
    calendar (tests/hall/test_opening_hours.py, at fixed moments)."""
    if request.node.get_closest_marker("opening_hours") is None:
        monkeypatch.setattr(selectors, "hall_closure", lambda **_: None)


@pytest.fixture
def hall_a(agency_a) -> HallSetup:
    return hall_for(agency_a)


@pytest.fixture
def open_counter(hall_a: HallSetup, officer_a):
    """Counter 1 (group A), opened by officer_a."""
    return counter_open(actor=officer_a, counter=hall_a.counters[0])


@pytest.fixture
def processing_rules(db) -> None:
    """The dossier rules the data migration seeds, for tests that receive a dossier
    (a transactional test flushes them away)."""
    seed = importlib.import_module("motcua.dossiers.migrations.0002_seed_processing_rules")
    seed.seed(django_apps, None)


@pytest.fixture
def kiosk(hall_a: HallSetup) -> Client:
    """A browser enrolled as the kiosk of hall A."""
    return device_client(hall_a.hall, DeviceKind.KIOSK)


@pytest.fixture
def board(hall_a: HallSetup) -> Client:
    """A browser enrolled as the display board of hall A."""
    return device_client(hall_a.hall, DeviceKind.BOARD)


@pytest.fixture
def rating_device(hall_a: HallSetup) -> Client:
    """A browser enrolled as the rating device of counter 1 of hall A."""
    return device_client(hall_a.hall, DeviceKind.RATING, hall_a.counters[0])
