"""A slow, obviously correct working calendar that walks day by day.

The fast `WorkingCalendar` is property-tested against it, and `make bench` measures the
speed-up over it. It reads only the calendar's defining fields, never its index.
"""

from datetime import date, datetime, timedelta

from motcua.core.tz import VN_TZ
from motcua.workdays.calendar import WorkingCalendar

ONE_DAY = timedelta(days=1)


def is_working_day(cal: WorkingCalendar, day: date) -> bool:
    if day in cal.days_off:
        return False
    return day.weekday() not in cal.weekend or day in cal.extra_working_days


def periods_on(cal: WorkingCalendar, day: date) -> list[tuple[datetime, datetime]]:
    if not is_working_day(cal, day):
        return []
    return [
        (datetime.combine(day, p.start, VN_TZ), datetime.combine(day, p.end, VN_TZ))
        for p in cal.periods
    ]


def is_working_time(cal: WorkingCalendar, moment: datetime) -> bool:
    local = moment.astimezone(VN_TZ)
    return any(start <= local < end for start, end in periods_on(cal, local.date()))


def next_working_moment(cal: WorkingCalendar, moment: datetime) -> datetime:
    local = moment.astimezone(VN_TZ)
    day = local.date()
    while True:
        for start, end in periods_on(cal, day):
            if local < end:
                return max(local, start)
        day += ONE_DAY


def add_working_days(cal: WorkingCalendar, start: datetime, days: int) -> datetime:
    moment = next_working_moment(cal, start)
    day, step = moment.date(), (ONE_DAY if days >= 0 else -ONE_DAY)
    for _ in range(abs(days)):
        day += step
        while not is_working_day(cal, day):
            day += step
    return datetime.combine(day, moment.time(), VN_TZ)


def add_working_time(cal: WorkingCalendar, start: datetime, duration: timedelta) -> datetime:
    """Forward only: walk the periods, spending the duration."""
    moment = next_working_moment(cal, start)
    remaining, day = duration, moment.date()
    while True:
        for period_start, period_end in periods_on(cal, day):
            if period_end <= moment:
                continue
            begin = max(period_start, moment)
            if remaining <= period_end - begin:
                return begin + remaining
            remaining -= period_end - begin
        day += ONE_DAY


def working_time_between(cal: WorkingCalendar, a: datetime, b: datetime) -> timedelta:
    if b < a:
        return -working_time_between(cal, b, a)
    a, b = a.astimezone(VN_TZ), b.astimezone(VN_TZ)
    total, day = timedelta(), a.date()
    while day <= b.date():
        for start, end in periods_on(cal, day):
            total += max(min(end, b) - max(start, a), timedelta())
        day += ONE_DAY
    return total
