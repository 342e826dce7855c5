"""working_calendar(): agencies with the same days and hours share one calendar, built
once per process, and a change of the calendar still reaches every agency."""

from datetime import date

from motcua.workdays.models import OverrideKind
from motcua.workdays.selectors import working_calendar
from motcua.workdays.services import calendar_override_delete, calendar_override_set

# A Wednesday, a working day by the weekly rule and no statutory holiday.
WEDNESDAY = date(2031, 10, 15)


def _day_off(actor, agency=None):
    return calendar_override_set(
        actor=actor,
        day=WEDNESDAY,
        kind=OverrideKind.DAY_OFF,
        reason="Nghỉ bù",
        confirmed=True,
        agency=agency,
    )


def test_agencies_without_days_of_their_own_share_the_national_calendar(
    agency_a, agency_b, calendar_admin
):
    national = working_calendar()
    assert working_calendar(agency=agency_a) is national
    assert working_calendar(agency=agency_b) is national


def test_a_day_off_of_one_agency_gives_it_its_own_calendar_and_leaves_the_others(
    agency_a, agency_b, calendar_admin
):
    _day_off(calendar_admin, agency_a)
    assert not working_calendar(agency=agency_a).is_working_day(WEDNESDAY)
    assert working_calendar(agency=agency_b).is_working_day(WEDNESDAY)
    assert working_calendar(agency=agency_b) is working_calendar()


def test_a_national_day_off_reaches_every_agency_and_its_removal_too(
    agency_a, agency_b, calendar_admin
):
    before = working_calendar(agency=agency_a)
    override = _day_off(calendar_admin)
    for agency in (None, agency_a, agency_b):
        assert not working_calendar(agency=agency).is_working_day(WEDNESDAY)
    calendar_override_delete(actor=calendar_admin, override=override)
    # Back to the same days: the calendar built before is reused, not rebuilt.
    assert working_calendar(agency=agency_b) is before
    assert working_calendar(agency=agency_b).is_working_day(WEDNESDAY)
