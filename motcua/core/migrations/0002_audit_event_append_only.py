"""The database itself refuses to change or delete an audit event.

PostgreSQL: a trigger raises on UPDATE and DELETE (TRUNCATE, used by the test suite's
flush, fires no row trigger). SQLite: a trigger refuses UPDATE only, because Django's
test flush empties tables with DELETE on SQLite; `motcua audit verify` detects a deleted
row either way. To simulate tampering in a test, drop the trigger inside the test's
transaction (both databases roll DDL back): see tests/core/test_audit_verify.py.
"""

from django.db import migrations

POSTGRESQL_UP = """
CREATE FUNCTION core_auditevent_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only: % refused', TG_OP;
END
$$;
CREATE TRIGGER core_auditevent_append_only BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION core_auditevent_refuse_change();
"""
POSTGRESQL_DOWN = """
DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent;
DROP FUNCTION IF EXISTS core_auditevent_refuse_change();
"""
SQLITE_UP = """
CREATE TRIGGER core_auditevent_append_only BEFORE UPDATE ON core_auditevent
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only: UPDATE refused');
END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS core_auditevent_append_only;"

SQL = {"postgresql": (POSTGRESQL_UP, POSTGRESQL_DOWN), "sqlite": (SQLITE_UP, SQLITE_DOWN)}


def _run(schema_editor, index: int) -> None:
    statements = SQL.get(schema_editor.connection.vendor)
    if statements:
        schema_editor.execute(statements[index], params=None)


def create_trigger(apps, schema_editor) -> None:
    _run(schema_editor, 0)


def drop_trigger(apps, schema_editor) -> None:
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
