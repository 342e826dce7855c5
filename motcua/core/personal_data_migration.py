"""The data step of the migrations that seal a personal ID column in place: raw SQL in
batches (no model, so no field class in between), on SQLite and PostgreSQL alike."""

from typing import Any

from motcua.core.personal_data import personal_id_hash, personal_id_seal, personal_id_unseal
from motcua.core.sealed_text import is_sealed

BATCH = 2000


def _rewrite(schema_editor: Any, table: str, column: str, hash_column: str, *, seal: bool) -> None:
    quote = schema_editor.connection.ops.quote_name
    table, column, hash_column = quote(table), quote(column), quote(hash_column)
    select = (
        f"SELECT id, {column} FROM {table} WHERE id > %s AND {column} <> '' "  # noqa: S608 (names quoted)
        "ORDER BY id LIMIT %s"
    )
    update = f"UPDATE {table} SET {column} = %s, {hash_column} = %s WHERE id = %s"  # noqa: S608
    last = 0
    with schema_editor.connection.cursor() as cursor:
        while True:
            cursor.execute(select, [last, BATCH])
            rows = cursor.fetchall()
            if not rows:
                return
            if seal:
                changed = [
                    (personal_id_seal(value), personal_id_hash(value), pk)
                    for pk, value in rows
                    if not is_sealed(value)
                ]
            else:
                changed = [(personal_id_unseal(value), "", pk) for pk, value in rows]
            cursor.executemany(update, changed)
            last = rows[-1][0]


def seal_column(table: str, column: str, hash_column: str) -> Any:
    """A RunPython pair: seal `column` and fill `hash_column`; backwards, unseal it."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        _rewrite(schema_editor, table, column, hash_column, seal=True)

    def backwards(apps: Any, schema_editor: Any) -> None:
        _rewrite(schema_editor, table, column, hash_column, seal=False)

    return forwards, backwards
