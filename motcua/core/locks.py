"""Named locks held until the end of the current transaction."""

from django.db import connection


def transaction_lock(name: str) -> None:
    """Serialise the transactions that take the same `name` (a rate limit's count and
    the row that counts, say). PostgreSQL: an advisory lock released at commit or
    rollback. SQLite lets one transaction write at a time, so there is nothing to add."""
    if not connection.in_atomic_block:
        raise RuntimeError("transaction_lock() must run inside transaction.atomic()")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [name])
