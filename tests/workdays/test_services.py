"""Calendar writes: what they change, who may make them, and the signal after commit."""

from datetime import date, datetime, time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from motcua.core.tz import VN_TZ
from motcua.workdays.calendar import Period
from motcua.workdays.models import CalendarOverride, WorkingHours
from motcua.workdays.selectors import working_calendar
from motcua.workdays.services import (
    calendar_override_delete,
    calendar_override_set,
    working_hours_delete,
    working_hours_set,
)
from motcua.workdays.signals import calendar_changed

STORM_DAY = date(2026, 3, 2)


@pytest.fixture
def received():
    calls: list[dict[str, object]] = []

    def receiver(sender, **kwargs):
        calls.append(kwargs)

    calendar_changed.connect(receiver)
    yield calls
    calendar_changed.disconnect(receiver)


def close_for_storm(actor, agency=None):
    return calendar_override_set(
        actor=actor,
        day=STORM_DAY,
        kind="off",
        reason="Nghỉ tránh bão",
        legal_reference="Công điện của UBND thành phố",
        confirmed=True,
        agency=agency,
    )


def test_a_new_day_off_changes_the_cached_calendar_at_once(calendar_admin):
    assert working_calendar().is_working_day(STORM_DAY)
    close_for_storm(calendar_admin)
    assert not working_calendar().is_working_day(STORM_DAY)


def test_cached_calendar_costs_one_query(calendar_admin, django_assert_num_queries):
    first = working_calendar()
    with django_assert_num_queries(1):
        assert working_calendar() is first


def test_signal_is_sent_once_the_change_commits(
    calendar_admin, received, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        close_for_storm(calendar_admin)
        assert received == []
    assert received == [
        {"signal": calendar_changed, "first_day": STORM_DAY, "last_day": STORM_DAY, "agency": None}
    ]


def test_no_signal_when_the_surrounding_transaction_rolls_back(
    calendar_admin, received, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        close_for_storm(calendar_admin)
        raise RuntimeError("the caller failed after the change")
    assert received == []
    assert not CalendarOverride.objects.exists()


def test_counter_officer_may_not_change_the_calendar(
    officer_a, received, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        close_for_storm(officer_a)
    assert not CalendarOverride.objects.exists()
    assert received == []


def test_an_override_without_a_reason_is_refused(calendar_admin):
    with pytest.raises(ValidationError, match="lý do"):
        calendar_override_set(
            actor=calendar_admin, day=STORM_DAY, kind="off", reason="  ", confirmed=True
        )
    with pytest.raises(ValidationError, match="Loại ngày"):
        calendar_override_set(
            actor=calendar_admin, day=STORM_DAY, kind="holiday", reason="x", confirmed=True
        )
    assert not CalendarOverride.objects.exists()


def test_agency_day_off_applies_to_that_agency_only(calendar_admin, agency_a, agency_b):
    close_for_storm(calendar_admin, agency=agency_a)
    assert not working_calendar(agency=agency_a).is_working_day(STORM_DAY)
    assert working_calendar(agency=agency_b).is_working_day(STORM_DAY)
    assert working_calendar().is_working_day(STORM_DAY)


def test_agency_inherits_national_days_and_can_work_on_one(calendar_admin, agency_a):
    close_for_storm(calendar_admin)
    assert not working_calendar(agency=agency_a).is_working_day(STORM_DAY)
    calendar_override_set(
        actor=calendar_admin,
        day=STORM_DAY,
        kind="work",
        reason="Trực tiếp nhận hồ sơ",
        confirmed=True,
        agency=agency_a,
    )
    assert working_calendar(agency=agency_a).is_working_day(STORM_DAY)


def test_setting_the_same_day_again_replaces_it_and_delete_restores(
    calendar_admin, received, django_capture_on_commit_callbacks
):
    close_for_storm(calendar_admin)
    override = calendar_override_set(
        actor=calendar_admin, day=STORM_DAY, kind="off", reason="Bão số 3", confirmed=False
    )
    assert CalendarOverride.objects.get().reason == "Bão số 3"
    with django_capture_on_commit_callbacks(execute=True):
        calendar_override_delete(actor=calendar_admin, override=override)
    assert working_calendar().is_working_day(STORM_DAY)
    assert received[-1]["first_day"] == STORM_DAY


def test_agency_working_hours_move_its_due_times(
    calendar_admin, agency_a, received, django_capture_on_commit_callbacks
):
    start = datetime(2026, 3, 2, 7, 30, tzinfo=VN_TZ)
    with django_capture_on_commit_callbacks(execute=True):
        working_hours_set(actor=calendar_admin, agency=agency_a, periods="07:30-11:30,13:30-17:30")
    assert WorkingHours.objects.get().periods == "07:30-11:30, 13:30-17:30"
    assert working_calendar(agency=agency_a).periods[0] == Period(time(7, 30), time(11, 30))
    assert working_calendar(agency=agency_a).add_working_hours(start, 4).hour == 11
    assert working_calendar().add_working_hours(start, 4).hour == 12
    assert received[-1]["agency"] == agency_a
    working_hours_delete(actor=calendar_admin, agency=agency_a)
    assert working_calendar(agency=agency_a).add_working_hours(start, 4).hour == 12


def test_invalid_working_hours_are_refused(calendar_admin, agency_a):
    with pytest.raises(ValidationError, match="Giờ làm việc không hợp lệ"):
        working_hours_set(actor=calendar_admin, agency=agency_a, periods="13:00-12:00")
    assert not WorkingHours.objects.exists()
