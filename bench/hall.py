"""The service hall under load, through the real services and a real server:

- tickets issued per second by BENCH_HALL_KIOSKS concurrent kiosks (default 20; threads,
  one database connection each), then a check of zero duplicate or lost numbers; against
  bare INSERTs of ticket rows by as many threads;
- call-next latency with BENCH_HALL_COUNTERS counters calling at once (default 30),
  then a check that no ticket was called twice; against a bare SELECT of the queue;
- display fan-out: BENCH_HALL_BOARDS display boards (default 50) hold the event stream of
  a real server (`manage.py runserver` on loopback, in a subprocess); the time from a
  call's commit to the last board receiving it; against the 50 boards reloading the page.
  The boards are one enrolled device: each sends its cookie.

On SQLite every writer waits for the one before (one write transaction at a time), so
the concurrent figures there are those of one serialised writer; set BENCH_DATABASE_URL
to a PostgreSQL server for the concurrent figures (`make bench`).

The threads and the server subprocess must share the database: in-memory SQLite is
private to one process, so on SQLite the test database is a temporary file.
"""

import http.client
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from statistics import quantiles
from time import perf_counter
from typing import Any

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from bench import Result
from motcua.core.formatting import number
from motcua.core.tz import VN_TZ

NEEDS_DATABASE = True
KIOSKS = int(os.environ.get("BENCH_HALL_KIOSKS", "20"))
TICKETS_PER_KIOSK = int(os.environ.get("BENCH_HALL_TICKETS", "50"))
COUNTERS = int(os.environ.get("BENCH_HALL_COUNTERS", "30"))
CALLS_PER_COUNTER = int(os.environ.get("BENCH_HALL_CALLS", "5"))
BOARDS = int(os.environ.get("BENCH_HALL_BOARDS", "50"))
BOARD_CALLS = int(os.environ.get("BENCH_HALL_BOARD_CALLS", "20"))
# Bounds: a board that has not seen a call after this long counts as never updated.
BOARD_TIMEOUT = 5.0
SERVER_START_TIMEOUT = 30.0
TARGET_BOARD_P95_MS = 1000.0
RELOAD_ROUNDS = 5  # the baseline: every board reloading the page at once

_default = settings.DATABASES["default"]
if _default["ENGINE"] == "django.db.backends.sqlite3" and not _default.get("TEST", {}).get("NAME"):
    _default.setdefault("TEST", {})["NAME"] = str(
        Path(tempfile.gettempdir()) / f"motcua-bench-{os.getpid()}.sqlite3"
    )


def in_threads(work: Callable[[int], Any], count: int) -> list[Any]:
    """`work(i)` for i in range(count), all started at once, one thread and one
    database connection each; each result is the return value or the exception."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as error:  # reported by the caller, never lost
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def failures(results: list[Any]) -> list[Exception]:
    return [r for r in results if isinstance(r, Exception)]


def p(times: list[float], percent: int) -> float:
    if len(times) == 1:
        return times[0]
    return quantiles(times, n=100, method="inclusive")[percent - 1]


# --- the hall ---------------------------------------------------------------------------------


def _hall() -> tuple[Any, Any, list[Any]]:
    """A hall with one service group served by COUNTERS open counters, each with its
    own officer."""
    from motcua.accounts.models import Role, User, UserKind
    from motcua.hall.models import Counter, Hall, ServiceGroup
    from motcua.hall.services.counters import counter_open
    from motcua.units.models import AdministrativeUnit, Agency, AgencyKind, UnitLevel

    # get_or_create, and a new hall each run: the database may be kept (BENCH_KEEPDB).
    ward, _ = AdministrativeUnit.objects.get_or_create(
        code="99990", level=UnitLevel.COMMUNE, name="Phường Đo Tải", unit_type="Phường"
    )
    agency, _ = Agency.objects.get_or_create(
        name="UBND Phường Đo Tải",
        kind=AgencyKind.PEOPLES_COMMITTEE,
        unit=ward,
        eid_code="999.00.00.H26",
    )
    hall = Hall.objects.create(agency=agency, name="Sảnh đo tải")
    group = ServiceGroup.objects.create(hall=hall, code="A", name="Hộ tịch")
    counters = []
    for n in range(1, COUNTERS + 1):
        officer = User.objects.create(
            username=f"bench.{hall.pk}.quay{n}",
            kind=UserKind.OFFICER,
            role=Role.COUNTER_OFFICER,
            agency=agency,
        )
        counter = Counter.objects.create(hall=hall, number=n)
        counter.groups.add(group)
        counters.append(counter_open(actor=officer, counter=counter))
    return hall, group, counters


def run() -> list[Result]:
    hall, group, counters = _hall()
    vendor = connection.vendor
    results = _issue(hall, group, vendor)
    results += _call(hall, counters, vendor)
    results += _fan_out(hall, group, counters)
    return results


# --- issuing ----------------------------------------------------------------------------------


def _working_moment(hall: Any) -> datetime:
    """A recent moment of the hall's working hours: the kiosk issues no ticket outside
    them, and the bench may run at night."""
    from motcua.workdays.selectors import working_calendar

    return working_calendar(agency=hall.agency).add_working_days(timezone.now(), -1)


def _issue(hall: Any, group: Any, vendor: str) -> list[Result]:
    from motcua.hall.models import Ticket
    from motcua.hall.services.tickets import ticket_issue

    moment = _working_moment(hall)  # one moment: every ticket of the run has the same day
    day = timezone.localdate(moment, timezone=VN_TZ)

    def kiosk(_index: int) -> list[int]:
        return [
            ticket_issue(hall=hall, group=group, at=moment).pk for _ in range(TICKETS_PER_KIOSK)
        ]

    started = perf_counter()
    issued = in_threads(kiosk, KIOSKS)
    elapsed = perf_counter() - started
    errors = failures(issued)
    returned = [pk for batch in issued if isinstance(batch, list) for pk in batch]
    numbers = list(Ticket.objects.filter(hall=hall, day=day).values_list("number", flat=True))
    expected = KIOSKS * TICKETS_PER_KIOSK
    duplicates = len(numbers) - len(set(numbers))
    # Lost: a ticket a kiosk printed that is not in the database, or a number skipped.
    stored = set(Ticket.objects.filter(pk__in=returned).values_list("pk", flat=True))
    lost = (len(returned) - len(stored)) + (expected - len(set(numbers))) + len(errors)
    gapless = sorted(numbers) == list(range(1, len(numbers) + 1))

    def bare(index: int) -> int:
        # The same rows without the service: numbers from a disjoint range per thread.
        for i in range(TICKETS_PER_KIOSK):
            Ticket.objects.create(
                hall=hall,
                group=group,
                day=day.replace(year=day.year - 1),
                number=index * TICKETS_PER_KIOSK + i + 1,
                code="X",
                issued_at=moment,
            )
        return TICKETS_PER_KIOSK

    started = perf_counter()
    bare_errors = failures(in_threads(bare, KIOSKS))
    bare_elapsed = perf_counter() - started
    assert not bare_errors, bare_errors
    note = ", SQLite: serialised" if vendor == "sqlite" else ""
    return [
        Result(
            benchmark=f"hall: tickets issued, {KIOSKS} kiosks at once",
            figure=expected / elapsed,
            unit=f"tickets/s{note}",
            baseline=expected / bare_elapsed,
            baseline_name="bare INSERT, same threads",
        ),
        Result(
            benchmark=f"hall: duplicate or lost tickets of {number(expected)}",
            figure=duplicates + lost + (0 if gapless else 1),
            unit="tickets",
            target="0",
            met=duplicates == 0 and lost == 0 and gapless,
        ),
    ]


# --- calling ----------------------------------------------------------------------------------


def _call(hall: Any, counters: list[Any], vendor: str) -> list[Result]:
    from motcua.hall.models import Ticket, TicketState
    from motcua.hall.services.tickets import ticket_call_next, ticket_mark_no_show

    def counter_calls(index: int) -> tuple[list[float], list[int]]:
        counter = counters[index]
        times, called = [], []
        for _ in range(CALLS_PER_COUNTER):
            started = perf_counter()
            ticket = ticket_call_next(actor=counter.officer, counter=counter)
            times.append((perf_counter() - started) * 1000)
            if ticket is None:
                break
            called.append(ticket.pk)
            # Free the counter for its next call (not timed).
            ticket_mark_no_show(actor=counter.officer, counter=counter)
        return times, called

    def bare_select(_index: int) -> list[float]:
        times = []
        for _ in range(CALLS_PER_COUNTER):
            started = perf_counter()
            Ticket.objects.filter(hall=hall, state=TicketState.WAITING).order_by(
                "issued_at", "number"
            ).values_list("pk", flat=True).first()
            times.append((perf_counter() - started) * 1000)
        return times

    results = in_threads(counter_calls, len(counters))
    errors = failures(results)
    assert not errors, errors
    times = [t for batch_times, _ in results for t in batch_times]
    called = [pk for _, batch_called in results for pk in batch_called]
    bare = [t for batch in in_threads(bare_select, len(counters)) for t in batch]
    twice = len(called) - len(set(called))
    note = ", SQLite: serialised" if vendor == "sqlite" else ""
    return [
        Result(
            benchmark=f"hall: call next, {len(counters)} counters at once, p95",
            figure=p(times, 95),
            unit=f"ms{note}",
            baseline=p(bare, 95),
            baseline_name="bare SELECT of the queue",
        ),
        Result(
            benchmark="hall: call next, p50",
            figure=p(times, 50),
            unit="ms",
            baseline=p(bare, 50),
            baseline_name="bare SELECT of the queue",
        ),
        Result(
            benchmark=f"hall: tickets called twice of {number(len(called))}",
            figure=twice,
            unit="tickets",
            target="0",
            met=twice == 0,
        ),
    ]


# --- display fan-out ------------------------------------------------------------------------


def _database_url() -> str:
    """The test database, as DATABASE_URL for the server subprocess."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """`manage.py runserver` on loopback, against the test database."""

    def __init__(self, cookie: str) -> None:
        self.cookie = cookie  # the enrolled board's
        self.port = _free_port()
        # Runserver starts a thread per request: a kept connection would outlive its thread.
        env = {**os.environ, "DATABASE_URL": _database_url(), "DEBUG": "0", "DB_CONN_MAX_AGE": "0"}
        # The key that signed the boards' device cookie in this process.
        env["SECRET_KEY"] = settings.SECRET_KEY
        manage = Path(settings.BASE_DIR) / "manage.py"
        self.process = subprocess.Popen(  # noqa: S603 (our own interpreter and script)
            [sys.executable, str(manage), "runserver", "--noreload", f"127.0.0.1:{self.port}"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def wait_ready(self, path: str) -> None:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            try:
                self.get(path)
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"the server did not answer on port {self.port}")

    def get(self, path: str) -> int:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=BOARD_TIMEOUT)
        try:
            conn.request("GET", path, headers={"Cookie": self.cookie})
            response = conn.getresponse()
            response.read()
            return response.status
        finally:
            conn.close()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


class Board:
    """One display board: an event stream read on its own thread; remembers when each
    revision (the event id) first arrived."""

    def __init__(self, port: int, path: str, cookie: str) -> None:
        self.seen: dict[int, float] = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=BOARD_TIMEOUT * 4)
        headers = {"Accept": "text/event-stream", "Cookie": cookie}
        self.conn.request("GET", path, headers=headers)
        self.response = self.conn.getresponse()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        try:
            for raw in self.response:
                line = raw.decode().strip()
                if line.startswith("id:"):
                    self.seen.setdefault(int(line[3:]), perf_counter())
        except (OSError, ValueError):
            pass  # closed by stop()

    def received(self, revision: int) -> float | None:
        """When the board first had `revision` or a later one."""
        moments = [t for r, t in list(self.seen.items()) if r >= revision]
        return min(moments) if moments else None

    def stop(self) -> None:
        self.conn.close()


def _wait_all(boards: list[Board], revision: int) -> list[float | None]:
    deadline = perf_counter() + BOARD_TIMEOUT
    while perf_counter() < deadline:
        moments = [board.received(revision) for board in boards]
        if all(m is not None for m in moments):
            return moments
        time.sleep(0.005)
    return [board.received(revision) for board in boards]


def _board_cookie(hall: Any) -> str:
    """The Cookie header of a display board the hall's manager enrolled."""
    from motcua.accounts.models import Role, User, UserKind
    from motcua.hall.device_access import cookie_name, cookie_value
    from motcua.hall.models import DeviceKind
    from motcua.hall.services.devices import device_enrol

    manager = User.objects.create(
        username=f"bench.{hall.pk}.quanly",
        kind=UserKind.OFFICER,
        role=Role.CENTRE_MANAGER,
        agency=hall.agency,
    )
    enrolment = device_enrol(actor=manager, hall=hall, kind=DeviceKind.BOARD, name="Bảng đo tải")
    value = cookie_value(enrolment.device, enrolment.secret)
    return f"{cookie_name(DeviceKind.BOARD)}={value}"


def _fan_out(hall: Any, group: Any, counters: list[Any]) -> list[Result]:
    from motcua.hall.models import Hall
    from motcua.hall.services.tickets import ticket_call_next, ticket_issue, ticket_mark_no_show

    cookie = _board_cookie(hall)
    calls = min(BOARD_CALLS, len(counters))
    moment = _working_moment(hall)
    for _ in range(calls):
        ticket_issue(hall=hall, group=group, at=moment)
    connections.close_all()  # the server subprocess opens the database file next

    def revision() -> int:
        return int(Hall.objects.values_list("revision", flat=True).get(pk=hall.pk))

    server = Server(cookie)
    boards: list[Board] = []
    try:
        events, page = f"/hall/{hall.pk}/events/", f"/hall/{hall.pk}/board/"
        server.wait_ready(page)
        # The baseline first: on PostgreSQL each open stream holds one of the server's
        # database connections, and 50 streams plus 50 reloads exceed the default 100.
        reloads = []
        for _ in range(RELOAD_ROUNDS):
            started = perf_counter()
            statuses = in_threads(lambda _i: server.get(page), BOARDS)
            reloads.append((perf_counter() - started) * 1000)
            assert all(s == 200 for s in statuses), statuses
        boards = [Board(server.port, events, cookie) for _ in range(BOARDS)]
        _wait_all(boards, revision())  # every board has the first snapshot
        delays, missed = [], 0
        for counter in counters[:calls]:
            started = perf_counter()
            ticket_call_next(actor=counter.officer, counter=counter)
            moments = _wait_all(boards, revision())
            missed += sum(m is None for m in moments)
            delays.append((max(m or perf_counter() for m in moments) - started) * 1000)
            ticket_mark_no_show(actor=counter.officer, counter=counter)
    finally:
        for board in boards:
            board.stop()
        server.stop()
    figure = p(delays, 95)
    return [
        Result(
            benchmark=f"hall: call to the last of {BOARDS} boards, p95",
            figure=figure,
            unit=f"ms, {calls} calls, runserver",
            baseline=p(reloads, 95),
            baseline_name=f"{BOARDS} boards reloading the page",
            target=f"≤ {number(TARGET_BOARD_P95_MS)} ms",
            met=figure <= TARGET_BOARD_P95_MS and missed == 0,
        ),
        Result(
            benchmark="hall: call to the last board, p50",
            figure=p(delays, 50),
            unit="ms",
            baseline=p(reloads, 50),
            baseline_name=f"{BOARDS} boards reloading the page",
        ),
    ]
