"""Demo and benchmark dossiers, written in bulk with the invariants of the services.

- `load()` (`motcua demo load`): about 2,000 dossiers of the demo ward over the last
  four months, in every state, some late, some apologised. Idempotent.
- `generate(n)` (`motcua demo generate --dossiers N`): N dossiers of eight benchmark
  agencies from 1/7/2025 on, for `make bench`; resumable (re-run with the same N).

Going through the services would take minutes for the demo and days for a benchmark, so
rows are built in Python and inserted in batches, keeping what the services guarantee:
codes gapless per agency and day (the same `NumberSequence` rows, locked), the due moment from
the real clock and calendar, the documents and steps of the procedure version in force,
and an audit event for every transition, hash-chained like `audit_record` writes them
(`motcua audit verify` passes). Dossier i is always built the same way (its own seeded
random stream), and each batch commits whole, so a stopped run resumes where it ended.

The parts: `demo_people` (applicants), `demo_desks` (agencies, officers, procedures),
`demo_build` (one dossier in memory), `demo_write` (a batch in bulk).
"""

import multiprocessing
import queue
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import Any

from asgiref.local import Local
from django.core.management.base import CommandError
from django.db import connection, connections
from django.db.models import Max
from django.utils import timezone

from motcua.catalog.models import ProcedureVersion, in_force_q
from motcua.catalog.routing import routing_gaps
from motcua.core.tz import VN_TZ
from motcua.dossiers.demo_build import SETTLED_AFTER, build
from motcua.dossiers.demo_desks import GENERATE_FROM, Desk, bench_desks, demo_desks, timelines_from
from motcua.dossiers.demo_write import write_batch
from motcua.dossiers.models import Dossier, ProcessingRule
from motcua.workdays.calendar import WorkingCalendar

DEMO_DOSSIERS = 2_000
DEMO_DAYS = 120
BATCH = 2_000
# From this many dossiers to add, generate() forks one process per lane of agencies.
PARALLEL_FROM = 50_000


def _schedule(
    count: int, first: date, last: date, calendar: WorkingCalendar
) -> Callable[[int], datetime]:
    """Receipt moments for dossiers 0..count-1, evenly over the working hours of the
    working days from `first` to `last`, in order."""
    days = [first + timedelta(n) for n in range((last - first).days + 1)]
    days = [d for d in days if calendar.is_working_day(d)] or [last]

    def at(i: int) -> datetime:
        position = (i + 0.5) * len(days) / count  # day index and the fraction of it
        minutes = 480 * (position % 1)  # 08:00-12:00, 13:00-17:00
        minutes += 60 if minutes >= 240 else 0
        day = days[int(position)]
        return datetime.combine(day, time(8), VN_TZ) + timedelta(minutes=minutes)

    return at


def _run(
    *,
    prefix: str,
    count: int,
    desks: list[Desk],
    first: date,
    last: date,
    now: datetime | None = None,
    lane: tuple[int, int] = (0, 1),
    on_batch: Callable[[int], None] | None = None,
    settled_after: timedelta | None = None,
) -> int:
    """Create dossiers `prefix`0 .. `prefix`count-1 that do not exist yet; return how many.

    Dossier i goes to desk i mod len(desks). `lane` (w, n) restricts the run to the desks
    d with d mod n = w: lanes share no agency, hence no code counter and no audit chain,
    and each can run in its own process. Within a lane dossiers are written in order and
    each batch commits whole, so the lane's count says where it stopped."""
    worker, workers = lane
    mine = [d for d in range(len(desks)) if d % workers == worker]
    agencies = {desks[d].receiving.pk for d in mine}
    done = Dossier.objects.filter(
        idempotency_key__startswith=prefix, receiving_agency_id__in=agencies
    ).count()
    indexes = [i for i in range(count) if (i % len(desks)) % workers == worker][done:]
    if not indexes:
        return 0
    now = now or timezone.now()
    timelines = timelines_from(first)
    rules = list(ProcessingRule.objects.order_by("-valid_from"))
    at = _schedule(count, first, last, desks[0].calendar)
    for start in range(0, len(indexes), BATCH):
        batch = indexes[start : start + BATCH]
        write_batch(
            [
                build(
                    i,
                    at(i),
                    desks[i % len(desks)],
                    timelines,
                    rules,
                    now,
                    f"{prefix}{i}",
                    settled_after=settled_after,
                )
                for i in batch
            ]
        )
        if on_batch is not None:
            on_batch(len(batch))
    return len(indexes)


def load() -> str:
    """`motcua demo load`: the demo ward's dossiers of the last four months — refused when
    a procedure in force has a step none of the demo ward's officers could do."""
    today = timezone.localdate(timezone.now(), VN_TZ)
    desks = demo_desks()
    in_force = ProcedureVersion.objects.filter(in_force_q(today)).select_related("procedure")
    gaps = routing_gaps(receiving=desks[0].receiving, versions=in_force.prefetch_related("steps"))
    if gaps:
        raise CommandError(
            "Phường mẫu không làm hết được các thủ tục trong danh mục:\n" + "\n".join(gaps)
        )
    last = today - timedelta(days=1)
    created = _run(
        prefix="demo-",
        count=DEMO_DOSSIERS,
        desks=desks,
        first=last - timedelta(days=DEMO_DAYS),
        last=last,
        settled_after=SETTLED_AFTER,
    )
    total = Dossier.objects.filter(idempotency_key__startswith="demo-").count()
    return f"Hồ sơ mẫu: thêm {created} hồ sơ (tổng {total}).\n"


@dataclass(frozen=True)
class DemoAge:
    """When the demo's dossiers were written, and whether anyone has worked on them or
    received others since: the demo is spread around the day it was loaded."""

    loaded_on: date
    used: bool

    @property
    def stale(self) -> bool:
        return self.loaded_on < timezone.localdate(timezone.now(), VN_TZ)


def demo_age() -> DemoAge | None:
    """None before the first `demo load`."""
    demo = Dossier.objects.filter(idempotency_key__startswith="demo-")
    loaded_at = demo.aggregate(at=Max("created_at"))["at"]
    if loaded_at is None:
        return None
    # A bulk batch writes its rows within seconds; an officer's act comes later.
    worked_on = demo.filter(updated_at__gt=loaded_at + timedelta(minutes=10)).exists()
    received_since = (
        Dossier.objects.exclude(idempotency_key__startswith="demo-")
        .exclude(idempotency_key__startswith="gen-")
        .exists()
    )
    return DemoAge(loaded_on=timezone.localdate(loaded_at, VN_TZ), used=worked_on or received_since)


def generate(
    count: int, on_batch: Callable[[int], None] | None = None, *, workers: int | None = None
) -> int:
    """`motcua demo generate --dossiers N`: N dossiers of the benchmark agencies from
    1/7/2025 to yesterday; returns how many were added (0 when all exist).

    On PostgreSQL, outside a transaction, large runs use `workers` processes (2 by
    default: the work is Python's, the machine has 2 cores), one lane of agencies each."""
    desks = bench_desks()
    timelines_from(GENERATE_FROM)  # the benchmark procedure of an empty catalogue, made here once
    last = timezone.localdate(timezone.now(), VN_TZ) - timedelta(days=1)
    run = partial(_run, prefix="gen-", count=count, desks=desks, first=GENERATE_FROM, last=last)
    if workers is None:
        workers = 2 if count - generated_count() >= PARALLEL_FROM else 1
    if workers == 1 or connection.vendor != "postgresql" or connection.in_atomic_block:
        return run(on_batch=on_batch)
    return _in_processes(run, workers, on_batch)


_inherited: list[Any] = []


def _in_processes(
    run: Callable[..., int], workers: int, on_batch: Callable[[int], None] | None
) -> int:
    """`run` once per lane, each in a forked process with its own connection; progress
    comes back through a queue as (lane, dossiers written) and a final (lane, None)."""
    context = multiprocessing.get_context("fork")
    progress: Any = context.Queue()
    now = timezone.now()  # one `now` for every lane: the same dossiers as one process

    def lane(worker: int) -> None:
        # Connection objects that came through the fork still open (a test's, a server
        # thread's) belong to the parent: keep them unused and unfinalised (the child
        # ends with os._exit), and open fresh ones.
        _inherited.append(connections._connections)  # type: ignore[attr-defined]
        connections._connections = Local(connections.thread_critical)  # type: ignore[attr-defined]
        try:
            run(now=now, lane=(worker, workers), on_batch=lambda n: progress.put((worker, n)))
        finally:
            connections.close_all()
            progress.put((worker, None))

    processes = [context.Process(target=lane, args=(w,), daemon=True) for w in range(workers)]
    for process in processes:
        process.start()
    created, running = 0, workers
    while running:
        try:
            _worker, done = progress.get(timeout=5)
        except queue.Empty:
            if any(p.is_alive() for p in processes):
                continue
            break  # a lane died without a word (killed): its exit code says so below
        if done is None:
            running -= 1
            continue
        created += done
        if on_batch is not None:
            on_batch(done)
    for process in processes:
        process.join()
    if failed := [p.exitcode for p in processes if p.exitcode]:
        raise RuntimeError(f"demo generate: a lane failed (exit codes {failed}); re-run to resume")
    return created


def generated_count() -> int:
    return Dossier.objects.filter(idempotency_key__startswith="gen-").count()


def generate_shown(count: int) -> int:
    """generate() with a progress bar on the terminal (minutes at full size)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    ) as progress:
        task = progress.add_task("Tạo hồ sơ", total=count, completed=generated_count())
        return generate(count, on_batch=lambda n: progress.advance(task, n))


def generate_command(count: int | None) -> str:
    """`motcua demo generate --dossiers N`, with a progress bar; CommandError on bad input."""
    from django.core.management.base import CommandError

    if count is None or count < 1:
        raise CommandError("Cần số hồ sơ dương: motcua demo generate --dossiers 10000")
    started = timezone.now()
    created = generate_shown(count)
    seconds = (timezone.now() - started).total_seconds()
    rate = created / seconds if seconds else 0
    return f"Thêm {created} hồ sơ trong {seconds:.0f} s ({rate:.0f}/s); tổng {generated_count()}.\n"
