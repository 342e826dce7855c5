"""Vietnamese working time: which days and hours count, and arithmetic on them.

Pure Python (no Django). A calendar covers whole years; every day in that range gets
its rank among the working days once, so each addition is a few table look-ups and a
little arithmetic, never a day-by-day walk.

Working time is measured as a *position*: the working microseconds elapsed since the
start of the calendar's first working day. Every moment maps to a position (a moment
outside working hours maps to the start of the next working period), and every sum is
position arithmetic.

Working periods are half-open: with 08:00–12:00 and 13:00–17:00, 12:00 and 17:00 are not
working time. A *result* that ends a stretch of work is the end of a period (11:00 + 1 h
= 12:00, not 13:00).
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple

from motcua.core.tz import VN_TZ

SATURDAY, SUNDAY = 5, 6
_US_PER_HOUR = 3_600_000_000
_ONE_US = timedelta(microseconds=1)  # multiplying it is faster than building a timedelta
_VN_OFFSET = timedelta(hours=7)


class Period(NamedTuple):
    start: time
    end: time


DEFAULT_PERIODS = (Period(time(8), time(12)), Period(time(13), time(17)))


def parse_periods(text: str) -> tuple[Period, ...]:
    """'08:00-12:00, 13:00-17:00' (or 7:30-11:30, …) → periods; ValueError otherwise."""
    periods = []
    for chunk in text.replace("–", "-").split(","):
        start, sep, end = chunk.strip().partition("-")
        if not sep:
            raise ValueError(f"'{chunk.strip()}' is not of the form HH:MM-HH:MM")
        periods.append(Period(_clock(start), _clock(end)))
    return _checked_periods(tuple(periods))


def _clock(text: str) -> time:
    return datetime.strptime(text.strip(), "%H:%M").time()  # noqa: DTZ007 (a wall-clock time)


def format_periods(periods: tuple[Period, ...]) -> str:
    return ", ".join(f"{p.start:%H:%M}-{p.end:%H:%M}" for p in periods)


def _checked_periods(periods: tuple[Period, ...]) -> tuple[Period, ...]:
    if not periods:
        raise ValueError("at least one working period is needed")
    previous_end = time.min
    for period in periods:
        if period.start.tzinfo or period.end.tzinfo:
            raise ValueError("working periods are VN wall-clock times, without a zone")
        if not previous_end <= period.start < period.end:
            raise ValueError("working periods must be in order and must not overlap")
        previous_end = period.end
    return periods


def _us_of_day(t: time) -> int:
    return ((t.hour * 60 + t.minute) * 60 + t.second) * 1_000_000 + t.microsecond


@dataclass(frozen=True)
class WorkingCalendar:
    """Working days and hours of one agency (or the nation) over whole years.

    A day is a working day when it is not a weekly rest day, or is an extra working day
    (a make-up Saturday), and is not a day off. A day cannot be both a day off and an
    extra working day: the caller resolves such conflicts before building.
    """

    first_year: int
    last_year: int
    days_off: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()
    weekend: frozenset[int] = frozenset({SATURDAY, SUNDAY})
    periods: tuple[Period, ...] = DEFAULT_PERIODS

    # The index, derived in __post_init__. Day i is the i-th day from 1 January of
    # first_year; _rank[i] is the number of working days before it, so day i is a working
    # day when _rank[i + 1] > _rank[i]. Working day k starts at _midnights[k].
    _first_ordinal: int = field(init=False, repr=False, compare=False)
    _rank: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _midnights: tuple[datetime, ...] = field(init=False, repr=False, compare=False)
    _epoch: datetime = field(init=False, repr=False, compare=False)
    # Per period, in µs: (start, end, worked in the day before it, worked by its end).
    _bounds: tuple[tuple[int, int, int, int], ...] = field(init=False, repr=False, compare=False)
    _day_us: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.first_year > self.last_year:
            raise ValueError("first_year is after last_year")
        clash = self.days_off & self.extra_working_days
        if clash:
            raise ValueError(f"both a day off and a working day: {sorted(clash)}")
        _checked_periods(self.periods)
        first = date(self.first_year, 1, 1)
        day_count = (date(self.last_year, 12, 31) - first).days + 1
        working: list[date] = []
        rank = [0]
        for day in (first + timedelta(days=i) for i in range(day_count)):
            if self._listed_working(day):
                working.append(day)
            rank.append(len(working))
        bounds, worked = [], 0
        for period in self.periods:
            start, end = _us_of_day(period.start), _us_of_day(period.end)
            bounds.append((start, end, worked, worked + end - start))
            worked += end - start
        epoch = datetime.combine(first, time.min, VN_TZ)
        if {epoch.utcoffset(), datetime(self.last_year, 12, 31, tzinfo=VN_TZ).utcoffset()} != {
            _VN_OFFSET
        }:
            raise ValueError("the calendar assumes Vietnam's fixed UTC+7 (in force since 1975)")
        set_ = object.__setattr__  # frozen: the derived index is set once, here
        set_(self, "_first_ordinal", first.toordinal())
        set_(self, "_rank", tuple(rank))
        set_(self, "_midnights", tuple(datetime.combine(d, time.min, VN_TZ) for d in working))
        set_(self, "_epoch", epoch.astimezone(UTC))
        set_(self, "_bounds", tuple(bounds))
        set_(self, "_day_us", worked)

    def _listed_working(self, day: date) -> bool:
        if day in self.days_off:
            return False
        return day.weekday() not in self.weekend or day in self.extra_working_days

    @property
    def hours_per_day(self) -> float:
        return self._day_us / _US_PER_HOUR

    # --- days -----------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        i = self._day_index(day.toordinal())
        return self._rank[i + 1] > self._rank[i]

    def working_days(self, first: date, last: date) -> list[date]:
        """The working days from first to last, both included."""
        lo = self._rank[self._day_index(first.toordinal())]
        hi = self._rank[self._day_index(last.toordinal()) + 1]
        return [m.date() for m in self._midnights[lo:hi]]

    # --- moments --------------------------------------------------------------------

    def is_working_time(self, moment: datetime) -> bool:
        _, on_working_day, clock = self._locate(moment)
        return on_working_day and any(s <= clock < e for s, e, _, _ in self._bounds)

    def next_working_moment(self, moment: datetime) -> datetime:
        """The moment itself if it is working time, else the start of the next period."""
        return self._at(*self._normalised(moment))

    def add_working_days(self, start: datetime, days: int) -> datetime:
        """Same clock time on the `days`-th following working day.

        A start outside working hours counts from the start of the next working period;
        0 days gives that moment; negative days count back.
        """
        k, clock = self._normalised(start)
        return self._at(k + days, clock)

    def add_working_hours(self, start: datetime, hours: float) -> datetime:
        """The moment when `hours` of working time have passed since `start`."""
        return self._add_us(start, round(hours * _US_PER_HOUR))

    def add_working_time(self, start: datetime, duration: timedelta) -> datetime:
        return self._add_us(start, duration // _ONE_US)

    def working_time_between(self, a: datetime, b: datetime) -> timedelta:
        """Working time from a to b; negative when b is before a (e.g. finished early)."""
        return _ONE_US * (self._position(b) - self._position(a))

    def same_day_due(self, start: datetime, cutoff: time = time(15)) -> datetime:
        """Due moment of a "same day" procedure: the end of the receiving working day, or
        of the next one when received at or after `cutoff`."""
        k, clock = self._normalised(start)
        if clock >= _us_of_day(cutoff):
            k += 1
        return self._at(k, self._bounds[-1][1])

    # --- internals ------------------------------------------------------------------

    def _day_index(self, ordinal: int) -> int:
        i = ordinal - self._first_ordinal
        if not 0 <= i < len(self._rank) - 1:
            raise ValueError(
                f"{date.fromordinal(ordinal)} is outside the calendar "
                f"({self.first_year}–{self.last_year})"
            )
        return i

    def _locate(self, moment: datetime) -> tuple[int, bool, int]:
        """(working days before the moment's day, is that day a working day, µs of day)."""
        if moment.tzinfo is VN_TZ:  # already local: read the wall clock
            i = self._day_index(moment.toordinal())
            clock = (
                (moment.hour * 60 + moment.minute) * 60 + moment.second
            ) * 1_000_000 + moment.microsecond
        elif moment.tzinfo is None:
            raise ValueError("an aware datetime is required")
        else:  # the offset is fixed, so one subtraction beats a zone conversion
            since = moment - self._epoch
            i = self._day_index(self._first_ordinal + since.days)
            clock = since.seconds * 1_000_000 + since.microseconds
        k = self._rank[i]
        return k, self._rank[i + 1] > k, clock

    def _normalised(self, moment: datetime) -> tuple[int, int]:
        """(working-day index, µs of day) of the next working moment at or after `moment`."""
        k, on_working_day, clock = self._locate(moment)
        if on_working_day:
            for start, end, _, _ in self._bounds:
                if clock < end:
                    return k, max(clock, start)
            k += 1  # after the last period: the next working day
        return k, self._bounds[0][0]

    def _position(self, moment: datetime) -> int:
        k, on_working_day, clock = self._locate(moment)
        position = k * self._day_us
        if on_working_day:
            for start, end, before, _ in self._bounds:
                if clock < end:
                    return position + before + max(clock - start, 0)
            position += self._day_us
        return position

    def _add_us(self, start: datetime, us: int) -> datetime:
        position = self._position(start) + us
        # A stretch of work ends at the end of a period (17:00), not at the next start.
        end_of_stretch = us != 0
        k, rest = divmod(position, self._day_us)
        if end_of_stretch and rest == 0 and k > 0:
            k, rest = k - 1, self._day_us
        for period_start, _, before, after in self._bounds:
            if rest < after or (end_of_stretch and rest == after):
                return self._at(k, period_start + rest - before)
        raise AssertionError("unreachable: rest is within the working day")

    def _at(self, k: int, clock: int) -> datetime:
        if not 0 <= k < len(self._midnights):
            raise ValueError(
                f"the result is outside the calendar ({self.first_year}–{self.last_year})"
            )
        return self._midnights[k] + _ONE_US * clock
