"""Benchmarks, run by `make bench` (`python -m bench [name ...]`).

Every module of this package whose name does not start with "_" is a benchmark: it
exposes `run() -> list[Result]`. Django is set up before the modules are imported; a
module that sets `NEEDS_DATABASE = True` runs against a fresh migrated test database
(`test_<name>` of DATABASE_URL, or in-memory SQLite), never the real one; with
BENCH_KEEPDB=1 that database is kept (and reused) from one run to the next. Each figure is
reported with a baseline measured in the same run, so a slow machine shows as a slow
machine, not as a regression.
"""

from collections.abc import Callable
from dataclasses import dataclass
from time import perf_counter


@dataclass(frozen=True)
class Result:
    benchmark: str
    figure: float
    unit: str
    baseline: float | None = None  # the same measure of a simpler way, same run
    baseline_name: str = ""
    target: str = ""
    met: bool | None = None

    @property
    def ratio(self) -> float | None:
        return self.figure / self.baseline if self.baseline else None


def rate(batch: Callable[[], int], *, rounds: int = 20, seconds: float = 0.05) -> float:
    """Operations per second: `batch` does some and returns how many.

    The best of `rounds` short timed stretches, as `timeit` does: on a shared machine the
    fastest round is the one least disturbed by other processes. Keep batches short
    (milliseconds) so that some rounds fall between interruptions.
    """
    best = 0.0
    for _ in range(rounds):
        done, started = 0, perf_counter()
        while (elapsed := perf_counter() - started) < seconds:
            done += batch()
        best = max(best, done / elapsed)
    return best
