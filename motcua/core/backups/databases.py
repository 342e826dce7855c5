"""The database half of a backup: a consistent copy while the site writes, and its
restoration. SQLite: the online backup API copies the file in one step under a read
lock, which in WAL mode never stops a writer. PostgreSQL: `pg_dump --format=custom` from a
snapshot exported by a repeatable-read transaction, in which the rows are also counted,
so the counts in the manifest are those of the dump. Restoring across engines is not
supported."""

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Mapping
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from django.db import connection, connections

from motcua.core.backups.archive import BackupError

SQLITE_MEMBER = "database.sqlite3"
POSTGRESQL_MEMBER = "database.pgdump"
MEMBERS = {"sqlite": SQLITE_MEMBER, "postgresql": POSTGRESQL_MEMBER}

# Connection parameters as libpq reads them from the environment: the password never
# appears on a command line.
LIBPQ_ENV = {
    "host": "PGHOST",
    "port": "PGPORT",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "dbname": "PGDATABASE",
    "service": "PGSERVICE",
    "passfile": "PGPASSFILE",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


class Cursor(Protocol):
    def execute(self, sql: str, /) -> Any: ...
    def fetchall(self) -> list[Any]: ...


@dataclass(frozen=True)
class Snapshot:
    engine: str  # "sqlite" | "postgresql"
    path: Path  # the copy or the dump, to be archived
    counts: dict[str, int]  # rows per table, as dumped
    migrations: dict[str, list[str]]  # app -> applied migrations, as dumped
    server: str  # the database's own version


def engine() -> str:
    if connection.vendor not in MEMBERS:
        raise BackupError(
            f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {connection.vendor} (chỉ SQLite và "
            "PostgreSQL) / backups support SQLite and PostgreSQL only."
        )
    return connection.vendor


def _tables(cursor: Cursor, vendor: str) -> list[str]:
    if vendor == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    else:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        )
    return [str(row[0]) for row in cursor.fetchall()]


def table_counts(cursor: Cursor, vendor: str) -> dict[str, int]:
    """Rows in every table of the database (its own schema on PostgreSQL)."""
    counts = {}
    for table in _tables(cursor, vendor):
        quoted = '"' + table.replace('"', '""') + '"'
        cursor.execute(f"SELECT count(*) FROM {quoted}")  # noqa: S608  # a table name it listed
        counts[table] = int(cursor.fetchall()[0][0])
    return counts


def applied_migrations(cursor: Cursor) -> dict[str, list[str]]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
    applied: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        applied.setdefault(str(app), []).append(str(name))
    return applied


def snapshot(*, into: Path) -> Snapshot:
    """A consistent copy of the database in the folder `into`, taken while others write."""
    if engine() == "sqlite":
        return _sqlite_snapshot(into / SQLITE_MEMBER)
    return _postgresql_snapshot(into / POSTGRESQL_MEMBER)


def _sqlite_path() -> str:
    return str(connection.settings_dict["NAME"])


def _sqlite_snapshot(copy: Path) -> Snapshot:
    with (
        closing(sqlite3.connect(_sqlite_path(), timeout=20)) as source,
        closing(sqlite3.connect(copy)) as target,
    ):
        source.backup(target)  # one step: the pages of one moment
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        # The pages and indexes; the CHECK constraints call Django's SQL functions.
        target.execute("PRAGMA ignore_check_constraints=ON")
        checked = target.execute("PRAGMA quick_check").fetchone()[0]
        if checked != "ok":
            raise BackupError(f"Cơ sở dữ liệu SQLite bị hỏng / SQLite database damaged: {checked}")
        cursor = target.cursor()
        return Snapshot(
            engine="sqlite",
            path=copy,
            counts=table_counts(cursor, "sqlite"),
            migrations=applied_migrations(cursor),
            server=sqlite3.sqlite_version,
        )


def tool(name: str) -> str:
    """The path of a PostgreSQL client program, or a message saying what to install."""
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"Không tìm thấy chương trình {name}: cài gói postgresql-client (cùng phiên bản "
            f"chính với máy chủ PostgreSQL hoặc mới hơn) và đặt nó vào PATH. / {name} not "
            "found: install postgresql-client (the server's major version or newer) on PATH."
        )
    return found


def _libpq(params: Mapping[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    env.update({LIBPQ_ENV[k]: str(v) for k, v in params.items() if k in LIBPQ_ENV and v})
    return env


def _run(command: list[str], params: Mapping[str, Any]) -> None:
    done = subprocess.run(  # noqa: S603  # a client program found on PATH, our arguments
        command, env=_libpq(params), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        program = Path(command[0]).name
        raise BackupError(f"{program} thất bại / failed:\n{done.stderr.strip()}")


def _postgresql_snapshot(dump: Path) -> Snapshot:
    pg_dump = tool("pg_dump")
    params = connection.get_connection_params()
    raw = connection.get_new_connection(params)
    try:
        import psycopg

        raw.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        raw.read_only = True
        with raw.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            exported, server = cursor.fetchone()
            # pg_dump reads the moment this transaction sees; the counts are of it too.
            _run(
                [pg_dump, "--format=custom", f"--snapshot={exported}", f"--file={dump}"],
                params,
            )
            return Snapshot(
                engine="postgresql",
                path=dump,
                counts=table_counts(cursor, "postgresql"),
                migrations=applied_migrations(cursor),
                server=str(server),
            )
    finally:
        raw.rollback()
        raw.close()


def restore(*, engine_name: str, copy: Path) -> None:
    """Put the archived database in place of the configured one. Its other connections
    are closed first; the site should be stopped (see README)."""
    connections.close_all()
    if engine_name == "sqlite":
        Path(_sqlite_path()).parent.mkdir(parents=True, exist_ok=True)
        # Through SQLite itself, not a file copy: the WAL and any open reader stay coherent.
        with (
            closing(sqlite3.connect(copy)) as source,
            closing(sqlite3.connect(_sqlite_path(), timeout=20)) as target,
        ):
            source.backup(target)
            target.execute("PRAGMA journal_mode=WAL")
        return
    pg_restore = tool("pg_restore")
    params = connection.get_connection_params()
    # One transaction: a failure leaves the database as it was.
    _run(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={params['dbname']}",
            str(copy),
        ],
        params,
    )
