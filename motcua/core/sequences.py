"""Gapless number sequences (dossier codes, slip numbers, hall tickets), one row each.

Call inside the transaction that uses the number: the row stays locked until it ends,
and a rollback takes the number back, so numbers have no gaps and no twins even when
two counters take one at the same moment.
"""

from django.db import connection

from motcua.core.models import NumberSequence


def sequence_next(*, key: str) -> int:
    """The next number of the sequence `key` (1 for a new one)."""
    return _add(key, 1)


def sequence_lock(*, key: str) -> int:
    """Lock the sequence `key` until the transaction ends, without taking a number, and
    return its last number: writers of the same sequence wait behind this one."""
    return _add(key, 0)


def _add(key: str, step: int) -> int:
    # One statement creates the row at 0 when new and adds `step`: parallel first writers
    # of a new sequence queue on the row like any later writer.
    table = connection.ops.quote_name(NumberSequence._meta.db_table)
    column = connection.ops.quote_name("key")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({column}, last) VALUES (%s, %s) "  # noqa: S608 (placeholders only)
            f"ON CONFLICT ({column}) DO UPDATE SET last = {table}.last + %s "
            "RETURNING last",
            [key, step, step],
        )
        return int(cursor.fetchone()[0])
