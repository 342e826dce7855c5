"""A change of the working calendar moves the appointment of every running dossier."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from motcua.accounts.models import Role
from motcua.core.tz import VN_TZ
from motcua.dossiers import actions, reprojection
from motcua.dossiers.actions import SupplementItemIn
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from motcua.workdays.calendar import WorkingCalendar
from motcua.workdays.models import OverrideKind
from motcua.workdays.services import calendar_override_set, working_hours_set
from tests.dossiers.factories import MONDAY_9, procedure_with_steps, receive
from tests.factories import OfficerFactory

WEDNESDAY = date(2025, 7, 9)


def vn(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, us: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, us, tzinfo=VN_TZ)


@pytest.fixture
def admin(db):
    return OfficerFactory.create(username="quantri", role=Role.SYSTEM_ADMIN, is_superuser=True)


def day_off(admin, day, agency=None, capture=None):
    with capture(execute=True):
        calendar_override_set(
            actor=admin,
            day=day,
            kind=OverrideKind.DAY_OFF,
            reason="Nghỉ bù",
            confirmed=True,
            agency=agency,
        )


def due(dossier: Dossier) -> datetime | None:
    return Dossier.objects.values_list("due_at", flat=True).get(pk=dossier.pk)


def test_a_new_day_off_moves_running_dossiers_by_a_day(
    received, admin, django_capture_on_commit_callbacks
):
    day_off(admin, WEDNESDAY, capture=django_capture_on_commit_callbacks)
    assert due(received) == vn(2025, 7, 11, 9)


def test_paused_finished_and_apologised_dossiers_keep_their_dates(
    make_dossier, team_a, admin, django_capture_on_commit_callbacks
):
    paused = make_dossier(State.SUPPLEMENT_REQUESTED)
    processed = make_dossier(State.PROCESSED)
    apologised = make_dossier(State.RECEIVED)
    actions.dossier_apologise(
        actor=team_a.leader,
        dossier=apologised,
        reason="Chờ xác minh",
        new_due_at=vn(2025, 7, 14, 9),
        at=vn(2025, 7, 7, 10),
    )
    before = {d.pk: due(d) for d in (paused, processed, apologised)}
    day_off(admin, WEDNESDAY, capture=django_capture_on_commit_callbacks)
    assert {d.pk: due(d) for d in (paused, processed, apologised)} == before


def test_the_count_says_how_many_changed(team_a, steps_procedure, admin):
    early = receive(team_a, steps_procedure, at=vn(2025, 7, 1, 9))  # due Friday 4/7
    for _ in range(3):
        receive(team_a, steps_procedure)
    assert actions.dossiers_reproject() == 0
    calendar_override_set(
        actor=admin, day=WEDNESDAY, kind=OverrideKind.DAY_OFF, reason="Nghỉ", confirmed=True
    )
    assert actions.dossiers_reproject(first_day=WEDNESDAY) == 3
    assert due(early) == vn(2025, 7, 4, 9)
    assert actions.dossiers_reproject() == 0  # nothing left to move


def test_an_agency_day_off_moves_only_that_agencys_dossiers(
    team_a, team_b, steps_procedure, admin, django_capture_on_commit_callbacks
):
    dossier_a = receive(team_a, steps_procedure)
    dossier_b = receive(team_b, steps_procedure)
    day_off(admin, WEDNESDAY, agency=team_b.agency, capture=django_capture_on_commit_callbacks)
    assert due(dossier_a) == vn(2025, 7, 10, 9)
    assert due(dossier_b) == vn(2025, 7, 11, 9)


def test_shorter_working_hours_move_hour_based_dossiers(
    team_a, admin, django_capture_on_commit_callbacks
):
    hours = procedure_with_steps(
        amount="8", unit="working_hours", steps=(("Xử lý", "counter", "8"),)
    )
    dossier = receive(team_a, hours, at=MONDAY_9)
    assert due(dossier) == vn(2025, 7, 8, 9)  # 7 h on Monday, 1 h on Tuesday
    with django_capture_on_commit_callbacks(execute=True):
        working_hours_set(actor=admin, agency=team_a.agency, periods="07:30-11:30, 13:00-16:30")
    assert due(dossier) == vn(2025, 7, 8, 9, 30)  # 6 h on Monday, 2 h on Tuesday


def test_a_supplement_received_after_the_change_uses_the_new_calendar(
    received, team_a, admin, django_capture_on_commit_callbacks
):
    actions.dossier_supplement_request(
        actor=team_a.counter,
        dossier=received,
        items=[SupplementItemIn(name="Tờ khai", reason="Thiếu chữ ký")],
        at=vn(2025, 7, 7, 10),
    )
    day_off(admin, date(2025, 7, 15), capture=django_capture_on_commit_callbacks)
    dossier = actions.dossier_supplement_receive(
        actor=team_a.counter, dossier=received, at=vn(2025, 7, 14, 9)
    )
    assert dossier.due_at == vn(2025, 7, 18, 9)  # Tuesday 15 is now off


def test_due_moments_come_back_to_the_microsecond(team_a, steps_procedure):
    # Read and written as integers: nothing may be lost to rounding on either database.
    dossier = receive(team_a, steps_procedure, at=vn(2025, 7, 7, 9, 0, 0, 123457))
    exact = due(dossier)
    assert exact is not None and exact.microsecond == 123457
    Dossier.objects.filter(pk=dossier.pk).update(due_at=exact + timedelta(microseconds=1))
    assert actions.dossiers_reproject() == 1
    assert due(dossier) == exact


def test_a_resumed_clock_keeps_the_working_time_it_had_used(team_a, steps_procedure):
    # 1 h 30 of the 3 working days used before a pause, counting again from Monday 9:00.
    dossier = receive(team_a, steps_procedure)
    Dossier.objects.filter(pk=dossier.pk).update(
        clock_consumed=timedelta(hours=1, minutes=30), due_at=vn(2025, 7, 1, 8)
    )
    assert actions.dossiers_reproject() == 1
    assert due(dossier) == vn(2025, 7, 9, 16, 30)  # 22 h 30 of working time later


def test_moved_lists_only_the_rows_whose_due_moment_changed():
    calendar = WorkingCalendar(2025, 2025, days_off=frozenset({WEDNESDAY}))

    def us(moment: datetime) -> int:
        return (moment - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)

    start = us(vn(2025, 7, 7, 9))
    rows = [
        (1, 7, start, 0, us(vn(2025, 7, 10, 9)), "3.00", "working_days", 1),  # stale
        (2, 7, start, 0, us(vn(2025, 7, 11, 9)), "3.00", "working_days", 1),  # right
        (3, 7, start, 0, us(vn(2025, 7, 7, 17)), "0.00", "same_day", 2),  # right
    ]
    ids, dues = reprojection.moved(rows, {7: calendar}, {1: time(15), 2: time(15)})
    assert list(ids) == [1]
    assert list(dues) == [us(vn(2025, 7, 11, 9))]
