"""SQLite's half of the append-only audit log. PostgreSQL refuses UPDATE and DELETE of an
audit event by trigger, and its test flush uses TRUNCATE, which fires none. SQLite's test
flush deletes row by row, so its DELETE trigger asks the connection first: this module
registers the question on every SQLite connection, and only a test run says yes.

A connection without the function (the sqlite3 shell) cannot delete either: the trigger
fails on the unknown function. Dropping the trigger is still possible for whoever holds
the file, which is what the sealed heads and the checkpoints are for (audit_seal)."""

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

FUNCTION = "motcua_audit_delete_allowed"
deletes_allowed = False


def allow_deletes_for_tests() -> None:
    """For a test suite, whose flush empties every table between tests."""
    global deletes_allowed
    deletes_allowed = True


def register(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """`connection_created` receiver."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(FUNCTION, 0, lambda: int(deletes_allowed))
