"""The hall benchmark runs end to end at tiny sizes (`python -m bench hall`, as
`make bench` does): kiosks, counters, a real server and its event-stream boards."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TINY = {
    "BENCH_HALL_KIOSKS": "3",
    "BENCH_HALL_TICKETS": "4",
    "BENCH_HALL_COUNTERS": "3",
    "BENCH_HALL_CALLS": "2",
    "BENCH_HALL_BOARDS": "3",
    "BENCH_HALL_BOARD_CALLS": "2",
}


def test_hall_bench_runs_and_finds_no_duplicate_ticket() -> None:
    # Its own temporary SQLite database: never the test database of this run.
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(TINY, SECRET_KEY="bench-only", COLUMNS="200")
    done = subprocess.run(
        [sys.executable, "-m", "bench", "hall"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "hall: duplicate or lost tickets of 12" in done.stdout
    assert "hall: tickets called twice of 6" in done.stdout
    assert "hall: call to the last of 3 boards, p95" in done.stdout
