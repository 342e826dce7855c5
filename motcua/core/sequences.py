"""Gapless number sequences (dossier codes, slip numbers, hall tickets), one row each.

Call inside the transaction that uses the number: the row stays locked until it ends,
and a rollback takes the number back, so numbers have no gaps and no twins even when
two counters take one at the same moment.
"""

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from django.db import connection
from django.db.models import Model

from motcua.core.models import NumberSequence


def sequence_next(*, key: str) -> int:
    """The next number of the sequence `key` (1 for a new one)."""
    return _add(key, 1)


def sequence_lock(*, key: str) -> int:
    """Lock the sequence `key` until the transaction ends, without taking a number, and
    return its last number: writers of the same sequence wait behind this one."""
    return _add(key, 0)


def _add(key: str, step: int) -> int:
    return row_add(NumberSequence, key=key, column="last", step=step)


def row_add(
    model: type[Model],
    *,
    key: str,
    column: str,
    step: int,
    insert: Mapping[str, Any] = MappingProxyType({}),
) -> int:
    """Add `step` to `column` of `model`'s row with this unique `key`, creating the row
    (with `column` = `step` and the `insert` values) when new; return the new value.

    One statement: parallel first writers of a new key queue on the row like any later
    writer, and every process of the site counts on the same row."""
    quote = connection.ops.quote_name
    table, key_column, target = quote(model._meta.db_table), quote("key"), quote(column)
    extra = [quote(name) for name in insert]
    columns = ", ".join([key_column, target, *extra])
    values = ", ".join(["%s"] * (2 + len(extra)))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({values}) "  # noqa: S608 (placeholders only)
            f"ON CONFLICT ({key_column}) DO UPDATE SET {target} = {table}.{target} + %s "
            f"RETURNING {target}",
            [key, step, *insert.values(), step],
        )
        return int(cursor.fetchone()[0])
