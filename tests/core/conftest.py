"""Audit log test helpers: tampering on purpose, and a log emptied for one test."""

import pytest
from django.db import connection


def drop_append_only_trigger() -> None:
    """Let raw SQL change or delete audit rows, for this test's transaction only: both
    databases roll the DDL back with the test. Never in a transactional test."""
    if not connection.in_atomic_block:
        raise RuntimeError("only inside a test's transaction, or the trigger stays dropped")
    suffix = " ON core_auditevent" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        for trigger in ("core_auditevent_append_only", "core_auditevent_no_delete"):
            cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}{suffix}")


@pytest.fixture
def empty_log(db) -> None:
    """Start from an empty log. Module-scoped fixtures of other apps (the catalogue seed)
    commit events outside any test; they are removed inside this test's transaction and
    come back after it."""
    drop_append_only_trigger()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent")
        cursor.execute("DELETE FROM core_auditchainhead")
