"""Citizens on the portal under load: a locust run of N simulated citizens at each level of
BENCH_LOAD_USERS (default 200 and 1,000), BENCH_LOAD_SECONDS each (default 60) once all
are running, against the production server — gunicorn, BENCH_LOAD_WORKERS ×
BENCH_LOAD_THREADS gthread workers (default three single-threaded processes per core, as
README's "Serving in production" advises; any worker class with BENCH_LOAD_WORKER_CLASS),
DEBUG off, no static files — on PostgreSQL.

The database is a throwaway one, BENCH_LOAD_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/bench_load): dropped and created, migrated, reference
and demo data loaded, the citizens' accounts and sessions written in bulk; it is left for
inspection until the next run. When PostgreSQL cannot be reached the rows say "not run".

Each citizen thinks 1–5 s between clicks (BENCH_LOAD_THINK) and browses the catalogue,
opens the portal and an e-form, uploads and submits a dossier, tracks one, looks at "my
dossiers" (bench/_load/driver.py). Baselines, measured in the same run: the bare view
(one query, same server, middleware and session) inside the same load for the
latencies, and its throughput with users that do not think (the server's capacity for
the simplest page) for requests/s. The load generator is one locust process (gevent) on
the same cores: its CPU share is reported, so that a saturated generator shows as such.

On a machine shared with other work, Linux gives each session (autogroup) an equal CPU
share whatever the processes' niceness: the server and the generator run in sessions of
their own, favoured with BENCH_LOAD_NICE (e.g. -10; root) to approach a dedicated machine.
The machine's load average is printed with each level. BENCH_LOAD_CPUS (e.g. "1") confines
the server and the generator to those CPUs, PostgreSQL staying where it runs: on half of a
2-core machine, the margin a slower machine would have.

Two knobs of the site are set for the run: the public tracking's limit per IP address
(every simulated citizen comes from 127.0.0.1) and secure cookies off (plain HTTP on
loopback).
"""

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import psutil
import psycopg
from django.conf import settings

from bench import Result
from bench._load import BARE_PATH
from bench.hall import _free_port

NEEDS_DATABASE = False  # its own throwaway PostgreSQL database, not the harness's
USERS = [int(n) for n in os.environ.get("BENCH_LOAD_USERS", "200,1000").split(",")]
SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "60"))
SPAWN_RATE = float(os.environ.get("BENCH_LOAD_SPAWN_RATE", "100"))  # users started per second
# Processes, not threads: at 200 citizens on 2 cores, submission p95 126–215 ms with 6 × 1
# against 385–475 ms with 6 × 2 and 3 × 4 — a thread back from each of its queries waits
# for its process's interpreter lock while a sibling renders a page.
CPUS = {int(n) for n in os.environ.get("BENCH_LOAD_CPUS", "").split(",") if n.strip()}
WORKERS = int(os.environ.get("BENCH_LOAD_WORKERS", str(3 * (len(CPUS) or os.cpu_count() or 1))))
THREADS = int(os.environ.get("BENCH_LOAD_THREADS", "1"))
WORKER_CLASS = os.environ.get("BENCH_LOAD_WORKER_CLASS", "gthread")
DATABASE_URL = os.environ.get(
    "BENCH_LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_load"
)
# The niceness of the server's and the generator's sessions (autogroups; see above).
NICE = int(os.environ.get("BENCH_LOAD_NICE", "0"))
PROBE_SECONDS = 5.0
SERVER_START_TIMEOUT = 30.0
TARGET_SUBMIT_P95_MS = 300.0
TARGET_SUBMIT_USERS = 200  # the level the submission target is set for
SUBMISSION = "portal: submit"
BASELINE = "baseline: bare view"


def run() -> list[Result]:
    try:
        _recreate_database()
    except psycopg.OperationalError as error:
        print(
            f"portal_load: PostgreSQL unreachable at {DATABASE_URL} ({error}); set "
            "BENCH_LOAD_DATABASE_URL to a server where this user may create databases. "
            "Not run.",
            file=sys.stderr,
        )
        return [Result(f"portal load, {n} citizens", float("nan"), "not run") for n in USERS]
    with tempfile.TemporaryDirectory() as tmp:
        plan = Path(tmp) / "plan.json"
        _prepare(plan, max(USERS))
        server = Gunicorn(Path(tmp) / "gunicorn.log")
        try:
            server.wait_ready()
            probe = _drive(server, plan, "probe", WORKERS * THREADS * 2, PROBE_SECONDS)
            capacity = probe["pages"][BASELINE]["count"] / probe["seconds"]
            print(
                f"portal_load, capacity probe: {capacity:.0f} req/s of the bare view, load "
                f"generator {probe['generator_cpu']:.0%} of a core"
            )
            results = []
            for users in USERS:
                measured = _drive(server, plan, "citizens", users, SECONDS)
                _print_pages(users, measured, server.log)
                results += _rows(users, measured, capacity)
            return results
        finally:
            server.stop()


# --- the throwaway database -------------------------------------------------------------


def _connection_parts() -> tuple[str, str]:
    """The maintenance database's URL and the load database's name."""
    base, _, name = DATABASE_URL.rpartition("/")
    return f"{base}/postgres", name


def _recreate_database() -> None:
    maintenance, name = _connection_parts()
    with psycopg.connect(maintenance, autocommit=True, connect_timeout=5) as conn:
        # FORCE: a server left over from an interrupted run still holds connections.
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _environment(settings_module: str = "config.settings") -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DATABASE_URL": DATABASE_URL,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only"),
        "SECURE_COOKIES": "0",  # plain HTTP on loopback
        "SECURE_SSL_REDIRECT": "0",
        "TRACKING_RATE_LIMIT": "1000000000",  # every simulated citizen is 127.0.0.1
        "LOG_LEVEL": "WARNING",
    }


def _prepare(plan: Path, users: int) -> None:
    started = time.perf_counter()
    commands = [
        ["-m", "django", "migrate", "--no-input", "-v", "0"],
        ["-m", "django", "refdata", "load"],
        # A server with DEBUG off, as in production: the demo accounts get random passwords.
        ["-m", "django", "demo", "load", "--allow-without-debug"],
        ["-m", "bench._load.prepare", str(users), str(plan)],
    ]
    for command in commands:
        subprocess.run(  # noqa: S603 (our own interpreter and modules)
            [sys.executable, *command],
            env=_environment(),
            cwd=settings.BASE_DIR,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    print(f"portal_load: database ready in {time.perf_counter() - started:.0f} s", file=sys.stderr)


# --- the server and the load ------------------------------------------------------------


def _own_session() -> None:
    """In the child before it runs: a session, hence a CPU share, of its own."""
    os.setsid()
    if CPUS:
        os.sched_setaffinity(0, CPUS)
    if NICE and Path("/proc/self/autogroup").exists():
        Path("/proc/self/autogroup").write_text(str(NICE))


class Gunicorn:
    """The production server on loopback, gthread workers (config.wsgi)."""

    def __init__(self, log: Path) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [
            *(sys.executable, "-m", "gunicorn", "config.wsgi"),
            *("--bind", f"127.0.0.1:{self.port}", "--worker-class", WORKER_CLASS),
            *("--workers", str(WORKERS), "--threads", str(THREADS)),
            # Idle connections of thinking citizens are kept (not threads): longer than the
            # longest think, so that a citizen's next click does not race a closing socket.
            *("--keep-alive", "10", "--worker-connections", "4000", "--backlog", "4096"),
            # Requests still queued when the load stops are not waited for.
            *("--graceful-timeout", "5"),
        ]
        self.log = log
        with log.open("wb") as output:  # the server's errors, shown when a request failed
            self.process = subprocess.Popen(  # noqa: S603 (our own interpreter)
                command,
                env=_environment("bench._load.settings"),
                cwd=settings.BASE_DIR,
                stdout=output,
                stderr=subprocess.STDOUT,
                preexec_fn=_own_session,  # safe: no threads run in this process then
            )

    def wait_ready(self) -> None:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + BARE_PATH, timeout=5):  # noqa: S310
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer on port {self.port}")

    def cpu_seconds(self) -> float:
        workers = psutil.Process(self.process.pid).children()
        return sum(sum(w.cpu_times()[:2]) for w in workers)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()  # the master; its workers exit when it is gone
            self.process.wait()


def _database_cpu() -> dict[int, float]:
    """CPU seconds of the PostgreSQL backends serving the load database, by process."""
    name = _connection_parts()[1]
    used = {}
    for process in psutil.process_iter(["cmdline"]):
        command = " ".join(process.info["cmdline"] or ())
        if command.startswith("postgres:") and f" {name} " in command:
            with contextlib.suppress(psutil.Error):  # a backend that ended meanwhile
                used[process.pid] = sum(process.cpu_times()[:2])
    return used


def _drive(server: Gunicorn, plan: Path, mode: str, users: int, seconds: float) -> dict[str, Any]:
    cpu, database = server.cpu_seconds(), _database_cpu()
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603 (our own interpreter and module)
        [
            *(sys.executable, "-m", "bench._load.driver", server.url, str(plan), mode),
            *(str(users), str(SPAWN_RATE), str(seconds)),
        ],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        preexec_fn=_own_session,  # safe: no threads run in this process then
    )
    if done.returncode:
        raise RuntimeError(f"the load generator failed:\n{done.stderr[-4000:]}")
    measured: dict[str, Any] = json.loads(done.stdout)
    # Over the whole run, ramp included (a core = 100 %).
    elapsed = time.perf_counter() - started
    measured["server_cpu"] = (server.cpu_seconds() - cpu) / elapsed
    after = _database_cpu()
    measured["database_cpu"] = sum(t - database.get(pid, 0.0) for pid, t in after.items()) / elapsed
    # Other work on the machine shows here: the figures of a shared machine are not its own.
    measured["load_average"] = os.getloadavg()[0]
    return measured


# --- the report -------------------------------------------------------------------------


def _cpu_list() -> str:
    return ",".join(str(n) for n in sorted(CPUS))


def _print_pages(users: int, measured: dict[str, Any], log: Path) -> None:
    print(
        f"portal_load, {users} citizens: CPU (a core = 100 %) server "
        f"{measured['server_cpu']:.0%}, PostgreSQL {measured['database_cpu']:.0%}, load "
        f"generator {measured['generator_cpu']:.0%}; machine load average "
        f"{measured['load_average']:.1f} on {os.cpu_count()} cores"
        + (f"; server and generator on CPU {_cpu_list()}" if CPUS else "")
    )
    for name, page in sorted(measured["pages"].items()):
        print(
            f"  {name:28} {page['count']:7} requests  p50 {page['p50']:6.0f} ms  "
            f"p95 {page['p95']:6.0f} ms  p99 {page['p99']:6.0f} ms"
        )
    for kind, count in measured["error_kinds"]:
        print(f"  error ×{count}: {kind}")
    if measured["errors"]:
        print("  the server's log ends with:\n" + "\n".join(log.read_text().splitlines()[-30:]))


def _rows(users: int, measured: dict[str, Any], capacity: float) -> list[Result]:
    label = f"portal load, {users} citizens" + (f" on CPU {_cpu_list()}" if CPUS else "")
    overall, pages = measured["overall"], measured["pages"]
    bare = pages.get(BASELINE, {"p50": None, "p95": None, "p99": None})
    submit = pages.get(SUBMISSION)
    rows = [
        Result(
            f"{label}: requests/s",
            overall["count"] / measured["seconds"],
            "req/s",
            capacity,
            "bare view, no think time",
        )
    ]
    rows += [
        Result(f"{label}: {p} all pages", overall[p], "ms", bare[p], "bare view, same load")
        for p in ("p50", "p95", "p99")
    ]
    if submit is None:
        rows.append(Result(f"{label}: submission", float("nan"), "not run (no portal form)"))
    else:
        for p in ("p50", "p95", "p99"):
            target = p == "p95" and users == TARGET_SUBMIT_USERS
            rows.append(
                Result(
                    f"{label}: {p} submission",
                    submit[p],
                    "ms",
                    bare[p],
                    "bare view, same load",
                    target=f"≤ {TARGET_SUBMIT_P95_MS:.0f}" if target else "",
                    met=submit[p] <= TARGET_SUBMIT_P95_MS if target else None,
                )
            )
    rows.append(
        Result(
            f"{label}: errors",
            measured["errors"],
            "requests",
            target="0",
            met=measured["errors"] == 0,
        )
    )
    rows.append(
        Result(f"{label}: load generator CPU", measured["generator_cpu"] * 100, "% of a core")
    )
    return rows
