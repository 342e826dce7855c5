import pytest

from motcua.accounts.models import Role
from motcua.workdays import refdata
from tests.factories import OfficerFactory


@pytest.fixture
def official_calendar(db) -> None:
    """The shipped national schedule, loaded as `motcua refdata load` does."""
    refdata.load()


@pytest.fixture
def calendar_admin(db):
    return OfficerFactory.create(
        username="quantri", role=Role.SYSTEM_ADMIN, is_superuser=True, is_staff=True
    )
