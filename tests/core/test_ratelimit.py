"""Rate limits counted in the database: every process of the site sees the same tries."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from motcua.core.models import RateCounter
from motcua.core.ratelimit import rate_allowed, rate_counters_prune


def test_tries_beyond_the_limit_are_refused_per_client(db) -> None:
    answers = [rate_allowed(scope="t", who="1.2.3.4", limit=3, per_seconds=60) for _ in range(5)]
    assert answers == [True, True, True, False, False]
    assert rate_allowed(scope="t", who="5.6.7.8", limit=3, per_seconds=60)


def test_ended_windows_are_pruned(db) -> None:
    rate_allowed(scope="t", who="1.2.3.4", limit=3, per_seconds=60)
    assert rate_counters_prune(now=timezone.now()) == 0
    assert rate_counters_prune(now=timezone.now() + timedelta(minutes=2)) == 1
    assert not RateCounter.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_second_process_counts_the_tries_of_the_first() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs a database two processes share: run with DATABASE_URL=postgres://…")
    for _ in range(3):
        assert rate_allowed(scope="shared", who="1.2.3.4", limit=4, per_seconds=3600)
    settings = connection.settings_dict
    url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    code = (
        "from motcua.core.ratelimit import rate_allowed\n"
        "print([rate_allowed(scope='shared', who='1.2.3.4', limit=4, per_seconds=3600)"
        " for _ in range(2)])"
    )
    other = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "motcua.cli", "shell", "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "DATABASE_URL": url, "SECRET_KEY": "test-only"},
        check=True,
    )
    assert other.stdout.strip().splitlines()[-1] == "[True, False]"
