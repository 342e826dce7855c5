"""The pure working calendar: edges by example, everything else against the reference."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.core.tz import VN_TZ
from motcua.workdays.calendar import Period, WorkingCalendar, format_periods, parse_periods
from tests.workdays import reference

TET_2026 = {date(2026, 2, d) for d in range(16, 21)}
CAL = WorkingCalendar(
    2025,
    2026,
    days_off=frozenset({date(2026, 1, 1), date(2026, 1, 2), *TET_2026}),
    extra_working_days=frozenset({date(2026, 1, 10)}),
)


def vn(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, us: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, us, tzinfo=VN_TZ)


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (vn(2026, 2, 12, 10), 3, vn(2026, 2, 24, 10)),  # across Tết
        (vn(2026, 2, 14, 10), 1, vn(2026, 2, 24, 8)),  # received on a day off
        (vn(2026, 2, 12, 12), 1, vn(2026, 2, 13, 13)),  # at 12:00: counts from 13:00
        (vn(2026, 2, 12, 12, 30), 1, vn(2026, 2, 13, 13)),  # during lunch
        (vn(2026, 2, 13, 17), 1, vn(2026, 2, 24, 8)),  # at 17:00 before Tết
        (vn(2026, 2, 12, 7, 59), 1, vn(2026, 2, 13, 8)),  # before opening
        (vn(2025, 12, 31, 16), 2, vn(2026, 1, 6, 16)),  # across the year and New Year
        (vn(2026, 1, 9, 10), 1, vn(2026, 1, 10, 10)),  # onto a make-up Saturday
        (vn(2026, 2, 12, 10, 15, 30), 0, vn(2026, 2, 12, 10, 15, 30)),  # N=0 in hours
        (vn(2026, 2, 13, 18), 0, vn(2026, 2, 23, 8)),  # N=0 after hours
        (vn(2026, 2, 24, 10), -3, vn(2026, 2, 12, 10)),  # counting back
    ],
)
def test_add_working_days_follows_the_same_clock_time_rule(start, days, due):
    result = CAL.add_working_days(start, days)
    assert result == due
    assert result.tzinfo is VN_TZ


def test_add_working_days_accepts_utc_and_answers_in_vn_time():
    result = CAL.add_working_days(datetime(2026, 2, 12, 3, tzinfo=UTC), 3)
    assert result.isoformat() == "2026-02-24T10:00:00+07:00"


@pytest.mark.parametrize(
    ("start", "hours", "due"),
    [
        (vn(2026, 2, 13, 15), 4, vn(2026, 2, 23, 10)),  # "receipt 4 h" across Tết
        (vn(2026, 3, 2, 11), 1, vn(2026, 3, 2, 12)),  # ends at 12:00, not 13:00
        (vn(2026, 3, 2, 11), 2, vn(2026, 3, 2, 14)),  # the lunch break does not count
        (vn(2026, 3, 2, 8), 8, vn(2026, 3, 2, 17)),  # a full day ends at 17:00
        (vn(2026, 3, 2, 8), 112, vn(2026, 3, 19, 17)),  # "appraisal 112 h" = 14 days
        (vn(2026, 3, 2, 17), 0, vn(2026, 3, 3, 8)),  # 0 h after hours: next opening
        (vn(2026, 3, 2, 9), 0.5, vn(2026, 3, 2, 9, 30)),
    ],
)
def test_add_working_hours(start, hours, due):
    assert CAL.add_working_hours(start, hours) == due


def test_working_time_between_skips_nights_weekends_and_tet_and_keeps_its_sign():
    friday, monday = vn(2026, 2, 13, 16), vn(2026, 2, 23, 9)
    assert CAL.working_time_between(friday, monday) == timedelta(hours=2)
    assert CAL.working_time_between(monday, friday) == timedelta(hours=-2)
    assert CAL.working_time_between(vn(2026, 2, 14), vn(2026, 2, 22)) == timedelta()


def test_working_days_and_times():
    assert CAL.is_working_day(date(2026, 1, 10))  # make-up Saturday
    assert not CAL.is_working_day(date(2026, 2, 17))
    assert not CAL.is_working_day(date(2026, 2, 21))
    assert CAL.is_working_time(vn(2026, 3, 2, 8))
    assert not CAL.is_working_time(vn(2026, 3, 2, 12))
    assert not CAL.is_working_time(vn(2026, 3, 2, 17))
    assert CAL.next_working_moment(vn(2026, 3, 2, 12, 5)) == vn(2026, 3, 2, 13)
    assert CAL.working_days(date(2026, 2, 12), date(2026, 2, 24)) == [
        date(2026, 2, 12),
        date(2026, 2, 13),
        date(2026, 2, 23),
        date(2026, 2, 24),
    ]
    assert CAL.hours_per_day == 8


def test_same_day_procedure_is_due_at_closing_or_next_day_after_the_cutoff():
    assert CAL.same_day_due(vn(2026, 3, 2, 10)) == vn(2026, 3, 2, 17)
    assert CAL.same_day_due(vn(2026, 3, 2, 15, 30)) == vn(2026, 3, 3, 17)
    assert CAL.same_day_due(vn(2026, 2, 13, 16)) == vn(2026, 2, 23, 17)


def test_naive_moments_and_moments_outside_the_calendar_are_refused():
    with pytest.raises(ValueError, match="aware"):
        CAL.add_working_days(datetime(2026, 3, 2, 10), 1)  # noqa: DTZ001
    with pytest.raises(ValueError, match="outside the calendar"):
        CAL.add_working_days(vn(2030, 1, 2, 10), 1)
    with pytest.raises(ValueError, match="outside the calendar"):
        CAL.add_working_days(vn(2026, 12, 30, 10), 5)


def test_a_day_cannot_be_both_off_and_worked():
    with pytest.raises(ValueError, match="both"):
        WorkingCalendar(
            2026,
            2026,
            days_off=frozenset({date(2026, 1, 10)}),
            extra_working_days=frozenset({date(2026, 1, 10)}),
        )


def test_periods_are_parsed_and_checked():
    assert parse_periods("07:30-11:30, 13:30–17:00") == (
        Period(time(7, 30), time(11, 30)),
        Period(time(13, 30), time(17)),
    )
    assert format_periods(parse_periods("08:00-12:00,13:00-17:00")) == "08:00-12:00, 13:00-17:00"
    for bad in ["", "08:00", "12:00-08:00", "08:00-12:00, 11:00-17:00", "8h-12h"]:
        with pytest.raises(ValueError):
            parse_periods(bad)


# --- properties against the day-by-day reference -----------------------------------------

PERIOD_CHOICES = [
    "08:00-12:00, 13:00-17:00",
    "07:30-11:30, 13:30-17:00",
    "07:00-11:00, 13:00-15:00, 15:15-17:15",
    "00:00-23:59",
]
calendar_days = st.dates(date(2025, 1, 1), date(2026, 12, 31))


@st.composite
def calendars(draw: st.DrawFn) -> WorkingCalendar:
    days_off = draw(st.frozensets(calendar_days, max_size=60))
    extra = draw(st.frozensets(calendar_days, max_size=10)) - days_off
    return WorkingCalendar(
        2024,
        2027,
        days_off=days_off,
        extra_working_days=extra,
        periods=parse_periods(draw(st.sampled_from(PERIOD_CHOICES))),
    )


moments = st.builds(
    lambda d, minutes, zone: (
        datetime.combine(d, time(), VN_TZ).__add__(timedelta(minutes=minutes)).astimezone(zone)
    ),
    calendar_days,
    st.integers(0, 24 * 60 - 1),
    st.sampled_from([VN_TZ, UTC]),
)


@settings(max_examples=150, deadline=None)
@given(calendars(), moments, st.integers(-40, 60))
def test_add_working_days_matches_reference(cal, start, days):
    assert cal.add_working_days(start, days) == reference.add_working_days(cal, start, days)


@settings(max_examples=150, deadline=None)
@given(calendars(), moments, st.integers(0, 400 * 4))
def test_add_working_time_matches_reference_and_inverts_working_time_between(cal, start, quarters):
    duration = timedelta(minutes=15 * quarters)
    due = cal.add_working_time(start, duration)
    assert due == reference.add_working_time(cal, start, duration)
    assert cal.working_time_between(start, due) == duration


@settings(max_examples=150, deadline=None)
@given(calendars(), moments, moments)
def test_working_time_between_matches_reference(cal, a, b):
    assert cal.working_time_between(a, b) == reference.working_time_between(cal, a, b)


@settings(max_examples=150, deadline=None)
@given(calendars(), moments, st.integers(0, 60))
def test_next_working_moment_is_working_time_and_days_round_trip(cal, start, days):
    nxt = cal.next_working_moment(start)
    assert nxt == reference.next_working_moment(cal, start)
    assert cal.is_working_time(nxt)
    assert cal.is_working_time(start) == reference.is_working_time(cal, start)
    assert cal.add_working_days(cal.add_working_days(start, days), -days) == nxt
