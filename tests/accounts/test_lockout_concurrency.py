"""Wrong passwords arriving at the same instant must all count (row lock in the service)."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.utils import timezone

from motcua.accounts.services.sign_in import sign_in_failure_record
from tests.factories import OfficerFactory


@pytest.mark.django_db(transaction=True)
def test_simultaneous_failures_are_all_counted(settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent connections: run with DATABASE_URL=postgres://...")
    settings.LOGIN_MAX_FAILURES = 100
    officer = OfficerFactory.create(username="dong_thoi")
    now = timezone.now()

    def fail(_: int) -> None:
        try:
            sign_in_failure_record(user=officer, now=now)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(fail, range(40)))
    officer.refresh_from_db()
    assert officer.failed_logins == 40
