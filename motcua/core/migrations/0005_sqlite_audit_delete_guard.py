"""SQLite refuses to delete an audit event too, unless the connection says it may (only a
test run's flush does: motcua.core.audit_guard). PostgreSQL's trigger already refuses it."""

from django.db import migrations

SQLITE_UP = """
CREATE TRIGGER core_auditevent_no_delete BEFORE DELETE ON core_auditevent
WHEN motcua_audit_delete_allowed() = 0
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only: DELETE refused');
END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS core_auditevent_no_delete;"


def create_trigger(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_UP, params=None)


def drop_trigger(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN, params=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_audit_head_seal")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
