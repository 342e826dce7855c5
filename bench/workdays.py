"""Working-time arithmetic: additions per second in one process, against the naive
day-by-day walk of tests/workdays/reference.py, and the cost of the cached calendar."""

import random
from datetime import UTC, datetime, timedelta

import holidays

from bench import Result, rate
from motcua.core.formatting import number
from motcua.workdays.calendar import WorkingCalendar
from tests.workdays import reference

NEEDS_DATABASE = True
TARGET_PER_SECOND = 200_000
SAMPLE = 1_000  # moments per batch: a batch takes a few milliseconds


def run() -> list[Result]:
    # The national statutory days off over the calendar's usual span.
    calendar = WorkingCalendar(
        2020, 2036, days_off=frozenset(holidays.country_holidays("VN", years=range(2020, 2037)))
    )
    rng = random.Random(2026)
    first, span = datetime(2024, 1, 1, tzinfo=UTC), int(timedelta(days=3 * 365).total_seconds())
    starts = [first + timedelta(seconds=rng.randrange(span)) for _ in range(SAMPLE)]
    days = [rng.randint(1, 30) for _ in range(SAMPLE)]  # procedures take up to ~30 days
    hours = [rng.choice([4, 8, 16, 24, 40, 112]) for _ in range(SAMPLE)]
    spans = [timedelta(hours=h) for h in hours]
    naive = starts[:100]

    def fast_days() -> int:
        for start, n in zip(starts, days, strict=True):
            calendar.add_working_days(start, n)
        return SAMPLE

    def naive_days() -> int:
        for start, n in zip(naive, days, strict=False):
            reference.add_working_days(calendar, start, n)
        return len(naive)

    def fast_hours() -> int:
        for start, h in zip(starts, hours, strict=True):
            calendar.add_working_hours(start, h)
        return SAMPLE

    def naive_hours() -> int:
        for start, duration in zip(naive, spans, strict=False):
            reference.add_working_time(calendar, start, duration)
        return len(naive)

    return [
        _addition("add_working_days", rate(fast_days), rate(naive_days)),
        _addition("add_working_hours", rate(fast_hours), rate(naive_hours)),
        _cached_calendar(),
    ]


def _addition(name: str, fast: float, naive: float) -> Result:
    return Result(
        benchmark=f"workdays: {name}",
        figure=fast,
        unit="/s, 1 process",
        baseline=naive,
        baseline_name="day-by-day loop",
        target=f"≥ {number(TARGET_PER_SECOND)}",
        met=fast >= TARGET_PER_SECOND,
    )


def _cached_calendar() -> Result:
    """working_calendar() is one query while nothing changed: compare with that query."""
    from motcua.workdays import refdata
    from motcua.workdays.models import CalendarRevision
    from motcua.workdays.selectors import working_calendar

    refdata.load()
    working_calendar()

    def lookups() -> int:
        for _ in range(100):
            working_calendar()
        return 100

    def bare_query() -> int:
        for _ in range(100):
            CalendarRevision.objects.values_list("token", flat=True).first()
        return 100

    cached, query = rate(lookups), rate(bare_query)
    return Result(
        benchmark="workdays: working_calendar(), cached",
        figure=cached,
        unit="/s",
        baseline=query,
        baseline_name="the bare revision query",
        target="≥ 0,5× baseline",
        met=cached >= 0.5 * query,
    )
