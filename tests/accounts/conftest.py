"""Personas beyond the shared ones, and a clock the tests control."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from motcua.accounts.models import Role
from motcua.accounts.services.officers import role_apply
from motcua.units.models import AgencyKind
from tests.factories import AgencyFactory, OfficerFactory


@pytest.fixture
def centre_a(agency_a):
    """The service centre of ward A (same administrative unit as agency_a)."""
    return AgencyFactory.create(
        name="Trung tâm phục vụ hành chính công phường A",
        kind=AgencyKind.SERVICE_CENTRE,
        unit=agency_a.unit,
    )


def _officer(username, role, agency):
    officer = OfficerFactory.create(username=username, role=role, agency=agency)
    role_apply(user=officer)
    return officer


@pytest.fixture
def manager_a(centre_a):
    return _officer("quanly_a", Role.CENTRE_MANAGER, centre_a)


@pytest.fixture
def counter_at_centre_a(centre_a):
    return _officer("motcua_a", Role.COUNTER_OFFICER, centre_a)


@pytest.fixture
def sysadmin(agency_a):
    return _officer("quantri", Role.SYSTEM_ADMIN, agency_a)


@dataclass
class Clock:
    now: datetime = field(default_factory=lambda: datetime(2026, 3, 2, 2, 0, tzinfo=UTC))

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    """Freeze `timezone.now()` at a moment the test moves by hand (no sleeping)."""
    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock
