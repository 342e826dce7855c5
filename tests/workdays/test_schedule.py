"""The national calendar built from the database matches the official 2024–2026 schedules."""

from datetime import date, datetime, timedelta

import holidays
import pytest

from motcua.core.tz import VN_TZ
from motcua.workdays import refdata
from motcua.workdays.models import CalendarOverride
from motcua.workdays.selectors import calendar_year, day_status, working_calendar


def span(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


OFFICIAL_DAYS_OFF = [
    # 2024
    *span(date(2024, 2, 8), date(2024, 2, 14)),
    date(2024, 4, 18),
    date(2024, 4, 29),
    date(2024, 4, 30),
    date(2024, 5, 1),
    date(2024, 9, 2),
    date(2024, 9, 3),
    # 2025
    date(2025, 1, 1),
    *span(date(2025, 1, 25), date(2025, 2, 2)),
    date(2025, 4, 7),
    date(2025, 4, 30),
    date(2025, 5, 1),
    date(2025, 5, 2),
    date(2025, 9, 1),
    date(2025, 9, 2),
    # 2026
    date(2026, 1, 1),
    date(2026, 1, 2),
    *span(date(2026, 2, 14), date(2026, 2, 22)),
    date(2026, 4, 26),
    date(2026, 4, 27),
    date(2026, 4, 30),
    date(2026, 5, 1),
]
MAKE_UP_SATURDAYS = [date(2024, 5, 4), date(2025, 4, 26), date(2026, 1, 10)]


@pytest.mark.parametrize("day", OFFICIAL_DAYS_OFF, ids=str)
def test_every_official_day_off_is_non_working(official_calendar, day):
    assert not working_calendar().is_working_day(day)


@pytest.mark.parametrize("day", MAKE_UP_SATURDAYS, ids=str)
def test_make_up_saturdays_are_working_days(official_calendar, day):
    assert working_calendar().is_working_day(day)


def test_days_around_tet_are_working_days(official_calendar):
    cal = working_calendar()
    assert cal.is_working_day(date(2024, 2, 7)) and cal.is_working_day(date(2024, 2, 15))
    assert cal.is_working_day(date(2025, 1, 24)) and cal.is_working_day(date(2025, 2, 3))
    assert cal.is_working_day(date(2026, 2, 13)) and cal.is_working_day(date(2026, 2, 23))


def test_receipt_before_tet_2026_is_due_after_it(official_calendar):
    due = working_calendar().add_working_days(datetime(2026, 2, 12, 10, tzinfo=VN_TZ), 3)
    assert due.isoformat() == "2026-02-24T10:00:00+07:00"


def test_unconfirmed_days_off_apply_and_unconfirmed_make_up_days_do_not(official_calendar):
    cal = working_calendar()
    assert not cal.is_working_day(date(2026, 8, 31))  # National Day swap: day off applied
    assert not cal.is_working_day(date(2026, 8, 22))  # its make-up Saturday: not applied
    assert not cal.is_working_day(date(2026, 11, 24))
    assert not cal.is_working_day(date(2025, 2, 8))
    status = day_status(day=date(2026, 8, 22))
    assert status.reason == "Thứ Bảy, nghỉ hằng tuần"
    assert status.pending is not None and not status.pending.confirmed


def test_every_weekday_holiday_of_the_package_is_in_the_shipped_file():
    """The package adds nothing unexplained to 2024–2026: the file names every day."""
    shipped = refdata.read_rows()
    package = holidays.country_holidays("VN", years=range(2024, 2027))
    missing = [d for d in package if d.weekday() < 5 and d not in shipped]
    assert missing == []


def test_load_is_idempotent_and_keeps_an_administrators_correction(
    official_calendar, calendar_admin
):
    assert "0 added or refreshed" in refdata.load()
    CalendarOverride.objects.filter(day=date(2026, 11, 24)).update(
        kind="work", confirmed=True, updated_by=calendar_admin
    )
    CalendarOverride.objects.filter(day=date(2026, 9, 1)).update(reason="sửa tay, chưa ai nhận")
    summary = refdata.load()
    assert "1 added or refreshed, 1 kept" in summary
    assert CalendarOverride.objects.get(day=date(2026, 11, 24)).kind == "work"
    assert CalendarOverride.objects.get(day=date(2026, 9, 1)).reason.startswith("Quốc khánh")


def test_year_view_lists_days_off_make_up_days_and_explains_them(official_calendar):
    entries = {e.day: e for e in calendar_year(year=2026)}
    assert entries[date(2026, 1, 10)].working
    assert "làm bù" in entries[date(2026, 1, 10)].reason
    assert not entries[date(2026, 2, 17)].working
    assert entries[date(2026, 2, 17)].confirmed
    assert not entries[date(2026, 11, 24)].confirmed
    assert "Bộ luật Lao động" in entries[date(2026, 4, 30)].legal_reference
    assert all(e.day.year == 2026 for e in entries.values())


def test_a_year_beyond_the_file_uses_the_package_marked_unconfirmed(db):
    entries = {e.day: e for e in calendar_year(year=2027)}
    tet = entries[date(2027, 2, 8)]
    assert not tet.working and not tet.confirmed
    assert "Tết" in tet.reason
