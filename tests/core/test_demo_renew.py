"""`motcua demo load` on an SQLite demo written on an earlier day and left unused starts
afresh around today, keeping the old file: run as real processes on a real file."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path


def run(database: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "test-only",
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "motcua.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )


def test_unused_demo_of_an_earlier_day_is_written_again_around_today(tmp_path):
    database = tmp_path / "motcua.sqlite3"
    run(database, "migrate", "-v0")
    run(database, "refdata", "load")
    run(database, "demo", "load")
    with sqlite3.connect(database) as db:
        db.execute(
            "UPDATE dossiers_dossier SET created_at = datetime(created_at, '-3 days'),"
            " updated_at = datetime(updated_at, '-3 days'), received_at ="
            " datetime(received_at, '-3 days')"
        )
        (earlier,) = db.execute("SELECT max(date(created_at)) FROM dossiers_dossier").fetchone()
    out = run(database, "demo", "load").stdout
    assert "tạo lại quanh hôm nay" in out
    assert [path.name for path in tmp_path.glob("motcua-*.sqlite3")] != []  # the old one, kept
    with sqlite3.connect(database) as db:
        (count, newest) = db.execute(
            "SELECT count(*), max(date(created_at)) FROM dossiers_dossier"
        ).fetchone()
    assert count == 2000 + 2 and newest > earlier  # the demo's and the citizen's online two
