"""The restore drill an IT team runs, on the engine of this test run (SQLite, or the
PostgreSQL server of DATABASE_URL): a small site is backed up, wiped, restored and
verified with the `motcua` command itself, in processes of their own — each site has its
own database (a file, or a scratch PostgreSQL database dropped afterwards), uploads folder
and checkpoint file."""

import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings

from motcua.core.backups.databases import table_counts

ROOT = Path(__file__).resolve().parents[2]
MOTCUA = str(Path(sys.executable).with_name("motcua"))
ENGINE = "postgresql" if "postgresql" in settings.DATABASES["default"]["ENGINE"] else "sqlite"
SERVER = settings.DATABASES["default"]
AUDIT_TABLE, HEADS_TABLE = "core_auditevent", "core_auditchainhead"


def _admin() -> psycopg.Connection:
    return psycopg.connect(
        host=SERVER["HOST"] or None,
        port=SERVER["PORT"] or None,
        user=SERVER["USER"] or None,
        password=SERVER["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


def _admin_sql(*statements: str) -> None:
    with _admin() as admin:
        for statement in statements:
            admin.execute(statement)  # our own scratch names


def _url(database: str) -> str:
    password = f":{SERVER['PASSWORD']}" if SERVER["PASSWORD"] else ""
    host = SERVER["HOST"] or "127.0.0.1"
    return f"postgres://{SERVER['USER']}{password}@{host}:{SERVER['PORT'] or 5432}/{database}"


@dataclass
class Site:
    """One motcua site: its folder, its database, and the environment its commands see."""

    folder: Path
    database: str  # the SQLite file, or the PostgreSQL database's name

    @property
    def media(self) -> Path:
        return self.folder / "media"

    @property
    def checkpoints(self) -> Path:
        return self.folder / "audit-checkpoints.jsonl"

    @property
    def backups(self) -> Path:
        return self.folder / "backups"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in {"AUDIT_KEY_FILE", "DEBUG"}}
        url = f"sqlite:///{self.database}" if ENGINE == "sqlite" else _url(self.database)
        env.update(
            SECRET_KEY="backup-drill-secret",
            AUDIT_KEY="backup-drill-audit-key",
            DATABASE_URL=url,
            MOTCUA_VAR_DIR=str(self.folder / "var"),
            MEDIA_ROOT=str(self.media),
            AUDIT_CHECKPOINT_FILE=str(self.checkpoints),
            BACKUP_DIR=str(self.backups),
            PYTHONPATH=str(ROOT),
        )
        return env

    def run(self, *args: str, ok: bool = True, **env: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(  # noqa: S603
            [MOTCUA, *args],
            cwd=ROOT,
            env={**self.env(), **env},
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        assert (done.returncode == 0) == ok, f"{args}: {done.stdout}\n{done.stderr}"
        return done

    def shell(self, code: str) -> None:
        self.run("shell", "-v", "0", "-c", code)

    def counts(self) -> dict[str, int]:
        if ENGINE == "sqlite":
            with closing(sqlite3.connect(self.database)) as lite:
                return table_counts(lite.cursor(), "sqlite")
        with psycopg.connect(_url(self.database)) as server, server.cursor() as cursor:
            return table_counts(cursor, "postgresql")

    def files(self) -> dict[str, bytes]:
        return {
            p.relative_to(self.media).as_posix(): p.read_bytes()
            for p in sorted(self.media.rglob("*"))
            if p.is_file()
        }

    def backup(self) -> Path:
        self.run("backup")
        archives = sorted(self.backups.glob("motcua-backup-*.tar"))
        return archives[-1]

    def wipe(self) -> None:
        """The machine lost: the database, the uploads and the checkpoint file."""
        if ENGINE == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(self.database + suffix).unlink(missing_ok=True)
        else:
            _admin_sql(
                f'DROP DATABASE "{self.database}" WITH (FORCE)',
                f'CREATE DATABASE "{self.database}"',
            )
        shutil.rmtree(self.media)
        self.checkpoints.unlink()


def _manifest(archive: Path) -> dict[str, Any]:
    with tarfile.open(archive) as tar:
        member = tar.extractfile("manifest.json")
        assert member is not None
        return dict(json.load(member))


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """Migrated once per module, with three dossiers and their scans."""
    folder = tmp_path_factory.mktemp("drill-template")
    if ENGINE == "sqlite":
        site = Site(folder, str(folder / "motcua.sqlite3"))
    else:
        site = Site(folder, f"motcua_drill_{secrets.token_hex(4)}_tpl")
        _admin_sql(f'CREATE DATABASE "{site.database}"')
    try:
        site.run("migrate", "--no-input", "-v", "0")
        site.shell("from tests.core.backup_site import populate; populate()")
        site.backup()
        yield site
    finally:
        if ENGINE == "postgresql":
            _admin_sql(f'DROP DATABASE IF EXISTS "{site.database}" WITH (FORCE)')


@pytest.fixture
def archive(template: Site, tmp_path: Path) -> Path:
    """A copy of the template's backup, of the very data every site starts with."""
    made = template.backups / sorted(p.name for p in template.backups.glob("*.tar"))[-1]
    return Path(shutil.copyfile(made, tmp_path / made.name))


@pytest.fixture
def site(template: Site, tmp_path: Path) -> Iterator[Site]:
    """A copy of the template site of its own."""
    if ENGINE == "sqlite":
        copy = Site(tmp_path, str(tmp_path / "motcua.sqlite3"))
        shutil.copyfile(template.database, copy.database)
    else:
        copy = Site(tmp_path, f"motcua_drill_{secrets.token_hex(4)}")
        _admin_sql(f'CREATE DATABASE "{copy.database}" TEMPLATE "{template.database}"')
    shutil.copytree(template.media, copy.media)
    shutil.copyfile(template.checkpoints, copy.checkpoints)
    try:
        yield copy
    finally:
        if ENGINE == "postgresql":
            _admin_sql(f'DROP DATABASE IF EXISTS "{copy.database}" WITH (FORCE)')


def test_backup_wipe_restore_gives_back_every_row_and_file_with_a_verified_audit_log(site):
    rows, files = site.counts(), site.files()
    assert rows["dossiers_dossier"] == 3 and len(files) == 6 and rows[AUDIT_TABLE] > 0

    archive = site.backup()
    assert [p.name for p in site.backups.iterdir()] == [archive.name]  # nothing half-written
    assert "OK" in site.run("backup", "verify", str(archive)).stdout
    site.wipe()
    restored = site.run("restore", str(archive)).stdout

    assert "Đã khôi phục và kiểm tra xong" in restored
    assert "không bị sửa hay xoá" in site.run("audit", "verify").stdout
    assert site.files() == files
    after = site.counts()
    # The restore itself is the one event more, in the system chain of the restored log.
    assert after.pop(AUDIT_TABLE) == rows.pop(AUDIT_TABLE) + 1
    assert after == rows


def test_an_altered_archive_is_refused_before_anything_is_touched(site, archive):
    data = bytearray(archive.read_bytes())
    data[data.index(b"%PDF-1.4") + 200] ^= 1
    archive.write_bytes(bytes(data))
    rows, files = site.counts(), site.files()

    refused = site.run("restore", str(archive), "--yes", ok=False).stderr
    assert "chưa thay đổi gì" in refused and "bị thay đổi" in refused
    assert "KHÔNG dùng được" in site.run("backup", "verify", str(archive), ok=False).stderr
    assert (site.counts(), site.files()) == (rows, files)


def test_restore_over_a_database_with_data_asks_for_yes_and_keeps_the_newer_checkpoints(
    site, archive
):
    site.shell("from tests.core.backup_site import receive_more; receive_more(1)")
    newer = site.counts()

    refused = site.run("restore", str(archive), ok=False).stderr
    assert "--yes" in refused and "Chưa thay đổi gì" in refused
    assert site.counts() == newer

    restored = site.run("restore", str(archive), "--yes").stdout
    assert site.counts()["dossiers_dossier"] == 3
    assert "được giữ lại" in restored
    assert len(list(site.folder.glob("audit-checkpoints.jsonl.before-restore-*"))) == 1


def test_a_backup_taken_while_dossiers_are_received_restores_consistently(site):
    stop, written = site.folder / "stop", site.folder / "written"

    def received() -> int:
        return int(written.read_text() or 0) if written.exists() else 0

    writer = subprocess.Popen(  # noqa: S603
        [
            MOTCUA,
            "shell",
            "-v",
            "0",
            "-c",
            "from tests.core.backup_site import keep_writing; "
            f"keep_writing({str(stop)!r}, {str(written)!r})",
        ],
        cwd=ROOT,
        env=site.env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while received() < 3 and time.monotonic() < deadline:
            time.sleep(0.2)
        archive = site.backup()
        during = received()
        while received() < during + 3 and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        stop.touch()
        assert writer.wait(timeout=60) == 0, writer.stderr.read() if writer.stderr else ""
    total = 3 + received()
    backed_up = _manifest(archive)["counts"]["dossiers_dossier"]
    assert 3 < backed_up < total

    site.wipe()
    # It runs `audit verify` and checks every table's rows against the manifest.
    assert "Đã khôi phục và kiểm tra xong" in site.run("restore", str(archive)).stdout
    assert site.counts()["dossiers_dossier"] == backed_up


def test_without_pg_dump_the_backup_says_what_to_install(site):
    if ENGINE != "postgresql":
        pytest.skip("pg_dump is used only on PostgreSQL: run with DATABASE_URL=postgres://...")
    failed = site.run("backup", ok=False, PATH=str(site.folder)).stderr
    assert "pg_dump" in failed and "postgresql-client" in failed
    assert not list(site.backups.glob("*.tar"))
