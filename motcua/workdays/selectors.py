"""Reads of the working calendar: the calendar itself (cached per process) and why a day
is or is not a working day.

The cache is keyed by the revision token that every write through `services` (and
`refdata.load`) changes: a direct ORM write to the calendar tables is not seen until the
next such change. Behind it, calendars are shared by content: agencies with the same
days and hours get one WorkingCalendar, built once.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from uuid import UUID

import holidays
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core.tz import VN_TZ
from motcua.units.models import Agency
from motcua.workdays.calendar import DEFAULT_PERIODS, Period, WorkingCalendar, parse_periods
from motcua.workdays.models import CalendarOverride, CalendarRevision, OverrideKind, WorkingHours

FIRST_YEAR = 2020
YEARS_AHEAD = 10


@dataclass(frozen=True)
class DayStatus:
    day: date
    working: bool
    reason: str
    legal_reference: str
    confirmed: bool
    # An unconfirmed make-up working day that the calendar does not apply yet.
    pending: CalendarOverride | None = None

    @property
    def weekday(self) -> str:
        return weekday_name(self.day)


_cache: dict[int | None, tuple[UUID | None, WorkingCalendar]] = {}


def working_calendar(*, agency: Agency | None = None) -> WorkingCalendar:
    """The calendar of `agency` (the national one when None). One query when cached."""
    token = CalendarRevision.objects.values_list("token", flat=True).first()
    key = agency.pk if agency else None
    cached = _cache.get(key)
    if cached is not None and cached[0] == token:
        return cached[1]
    calendar = _build(agency)
    _cache[key] = (token, calendar)
    return calendar


def day_status(*, day: date, agency: Agency | None = None) -> DayStatus:
    return _describe([day], agency)[0]


def calendar_year(*, year: int, agency: Agency | None = None) -> list[DayStatus]:
    """Every day of the year that differs from the plain weekly rule, or has a note."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    days = {d for d in _statutory_holidays(*_years()) if first <= d <= last}
    days.update(_overrides(agency).filter(day__range=(first, last)).values_list("day", flat=True))
    return _describe(sorted(days), agency)


def _years() -> tuple[int, int]:
    return FIRST_YEAR, timezone.now().astimezone(VN_TZ).year + YEARS_AHEAD


@lru_cache(maxsize=4)
def _statutory_holidays(first_year: int, last_year: int) -> dict[date, str]:
    """Statutory days off from the `holidays` package, named in Vietnamese."""
    found = holidays.country_holidays("VN", years=range(first_year, last_year + 1), language="vi")
    return dict(found.items())


def _overrides(agency: Agency | None) -> QuerySet[CalendarOverride]:
    national = CalendarOverride.objects.filter(agency__isnull=True)
    return national | CalendarOverride.objects.filter(agency=agency) if agency else national


def _applied(overrides: Iterable[CalendarOverride]) -> dict[date, CalendarOverride]:
    """The override in force on each day: national ones, then the agency's on top."""
    in_force: dict[date, CalendarOverride] = {}
    for override in sorted(overrides, key=lambda o: o.agency_id is not None):
        if override.applied:
            in_force[override.day] = override
    return in_force


def _build(agency: Agency | None) -> WorkingCalendar:
    first_year, last_year = _years()
    days_off = set(_statutory_holidays(first_year, last_year))
    extra_working_days = set()
    for day, override in _applied(_overrides(agency)).items():
        if override.kind == OverrideKind.DAY_OFF:
            days_off.add(day)
            extra_working_days.discard(day)
        else:
            extra_working_days.add(day)
            days_off.discard(day)
    hours = WorkingHours.objects.filter(agency=agency).first() if agency else None
    return _calendar_of(
        first_year,
        last_year,
        frozenset(days_off),
        frozenset(extra_working_days),
        parse_periods(hours.periods) if hours else DEFAULT_PERIODS,
    )


@lru_cache(maxsize=64)
def _calendar_of(
    first_year: int,
    last_year: int,
    days_off: frozenset[date],
    extra_working_days: frozenset[date],
    periods: tuple[Period, ...],
) -> WorkingCalendar:
    """The calendar of these days and hours, built once per process: building its index
    takes 10-20 ms, and after a change of the calendar the agencies without days of their
    own (most of them) all get the national one again."""
    return WorkingCalendar(
        first_year,
        last_year,
        days_off=days_off,
        extra_working_days=extra_working_days,
        periods=periods,
    )


WEEKDAYS = (
    gettext_lazy("Thứ Hai"),
    gettext_lazy("Thứ Ba"),
    gettext_lazy("Thứ Tư"),
    gettext_lazy("Thứ Năm"),
    gettext_lazy("Thứ Sáu"),
    gettext_lazy("Thứ Bảy"),
    gettext_lazy("Chủ nhật"),
)


def weekday_name(day: date) -> str:
    return str(WEEKDAYS[day.weekday()])


def _describe(days: list[date], agency: Agency | None) -> list[DayStatus]:
    calendar = working_calendar(agency=agency)
    statutory = _statutory_holidays(calendar.first_year, calendar.last_year)
    overrides = list(_overrides(agency).filter(day__in=days))
    in_force = _applied(overrides)
    pending = {o.day: o for o in overrides if not o.applied}
    statuses = []
    for day in days:
        override = in_force.get(day)
        if override is not None:
            reason, reference, confirmed = (
                override.reason,
                override.legal_reference,
                override.confirmed,
            )
        elif day in statutory:
            reason, reference, confirmed = (
                statutory[day],
                _("Theo dữ liệu của thư viện holidays, chưa đối chiếu văn bản"),
                False,
            )
        elif day.weekday() in calendar.weekend:
            weekday = weekday_name(day)
            reason, reference, confirmed = _("%(day)s, nghỉ hằng tuần") % {"day": weekday}, "", True
        else:
            reason, reference, confirmed = _("Ngày làm việc"), "", True
        statuses.append(
            DayStatus(
                day=day,
                working=calendar.is_working_day(day),
                reason=reason,
                legal_reference=reference,
                confirmed=confirmed,
                pending=pending.get(day),
            )
        )
    return statuses
