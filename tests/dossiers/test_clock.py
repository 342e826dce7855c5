"""The pure legal clock: rules by example, invariants by property."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.core.tz import VN_TZ
from motcua.dossiers import clock
from motcua.dossiers.clock import (
    ApologyProblem,
    Colour,
    LegalTime,
    Rule,
    SupplementPolicy,
    TimeUnit,
    Timing,
)
from motcua.workdays.calendar import WorkingCalendar

# National Day 2025: Monday 1 and Tuesday 2 September off.
CAL = WorkingCalendar(2025, 2026, days_off=frozenset({date(2025, 9, 1), date(2025, 9, 2)}))
RULE = Rule()
DAY = timedelta(hours=8)


def vn(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, us: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, us, tzinfo=VN_TZ)


def days(n: str) -> LegalTime:
    return LegalTime(Decimal(n), TimeUnit.WORKING_DAYS)


@pytest.mark.parametrize(
    ("received", "paper", "start"),
    [
        (vn(2025, 7, 7, 14, 59), True, vn(2025, 7, 7, 14, 59)),
        (vn(2025, 7, 7, 15, 0), True, vn(2025, 7, 8, 8)),  # paper at the cut-off: next day
        (vn(2025, 7, 7, 15, 30), False, vn(2025, 7, 7, 15, 30)),  # online: no cut-off
        (vn(2025, 7, 7, 12, 30), True, vn(2025, 7, 7, 13)),  # lunch: the afternoon period
        (vn(2025, 7, 7, 18), False, vn(2025, 7, 8, 8)),  # evening: next morning
        (vn(2025, 7, 5, 10), True, vn(2025, 7, 7, 8)),  # Saturday: Monday morning
        (vn(2025, 8, 29, 16), True, vn(2025, 9, 3, 8)),  # Friday before National Day
    ],
)
def test_counting_starts_at_the_next_working_period_when_it_must(received, paper, start):
    assert clock.clock_start(CAL, received, paper=paper, rule=RULE) == start


def test_the_cutoff_is_the_rule_in_force():
    late_rule = Rule(cutoff=time(16, 30))
    assert clock.clock_start(CAL, vn(2025, 7, 7, 16), paper=True, rule=late_rule) == vn(
        2025, 7, 7, 16
    )


@pytest.mark.parametrize(
    ("start", "legal", "due"),
    [
        (vn(2025, 7, 7, 9), days("3"), vn(2025, 7, 10, 9)),
        (vn(2025, 8, 29, 10), days("1"), vn(2025, 9, 3, 10)),  # over National Day
        (vn(2025, 7, 7, 9), days("1.5"), vn(2025, 7, 8, 14)),  # half a day more: 4 h
        (vn(2025, 7, 7, 10), LegalTime(Decimal(4), TimeUnit.WORKING_HOURS), vn(2025, 7, 7, 15)),
        (vn(2025, 7, 7, 14), LegalTime(Decimal(4), TimeUnit.WORKING_HOURS), vn(2025, 7, 8, 9)),
        (vn(2025, 7, 7, 10), LegalTime(Decimal(1), TimeUnit.SAME_DAY), vn(2025, 7, 7, 17)),
        (vn(2025, 7, 7, 16), LegalTime(Decimal(1), TimeUnit.SAME_DAY), vn(2025, 7, 8, 17)),
    ],
)
def test_due_moment_counts_working_time_only(start, legal, due):
    assert clock.due_moment(CAL, start, legal) == due


def test_step_dues_share_out_the_time_and_the_last_is_the_due():
    start, due = vn(2025, 7, 7, 9), vn(2025, 7, 10, 9)
    dues = clock.step_dues(CAL, start, due, [Decimal("0.5"), Decimal("1.5"), Decimal("1")])
    assert dues == [vn(2025, 7, 7, 14), vn(2025, 7, 9, 9), due]  # 9–12, 13–14: four hours


def test_supplement_restarts_the_clock_from_zero_by_default():
    start = vn(2025, 7, 7, 9)
    paused_at = vn(2025, 7, 8, 9)  # one working day used
    consumed = clock.consumed_until(CAL, start, clock.ZERO, paused_at)
    assert consumed == DAY
    restart = clock.resume(
        CAL,
        paused_at=paused_at,
        consumed_at_pause=consumed,
        resumed_at=vn(2025, 7, 10, 10),
        paper=True,
        rule=RULE,
        policy=SupplementPolicy.RESTART,
    )
    assert restart.consumed == clock.ZERO
    assert restart.waited == 2 * DAY + timedelta(hours=1)
    due = clock.due_moment(CAL, restart.start, days("3"), consumed=restart.consumed)
    assert due == vn(2025, 7, 15, 10)


def test_supplement_received_after_the_cutoff_restarts_the_next_morning():
    restart = clock.resume(
        CAL,
        paused_at=vn(2025, 7, 8, 9),
        consumed_at_pause=DAY,
        resumed_at=vn(2025, 7, 10, 16),
        paper=True,
        rule=RULE,
        policy=SupplementPolicy.RESTART,
    )
    assert restart.start == vn(2025, 7, 11, 8)


def test_resume_policy_keeps_the_working_time_already_used():
    restart = clock.resume(
        CAL,
        paused_at=vn(2025, 7, 8, 9),
        consumed_at_pause=DAY,
        resumed_at=vn(2025, 7, 10, 10),
        paper=True,
        rule=RULE,
        policy=SupplementPolicy.RESUME,
    )
    due = clock.due_moment(CAL, restart.start, days("3"), consumed=restart.consumed)
    assert due == vn(2025, 7, 14, 10)  # two days left: Friday, Monday


def test_supplement_deadline_is_three_working_days_after_receipt():
    assert clock.supplement_deadline(CAL, vn(2025, 8, 28, 10), RULE) == vn(2025, 9, 4, 10)


@pytest.mark.parametrize(
    ("now", "new_due", "so_far", "problem"),
    [
        (vn(2025, 7, 8, 9), vn(2025, 7, 14, 9), 0, None),
        (vn(2025, 7, 9, 9), vn(2025, 7, 14, 9), 0, None),  # exactly one working day before
        (vn(2025, 7, 9, 9, 1), vn(2025, 7, 14, 9), 0, ApologyProblem.TOO_LATE),
        (vn(2025, 7, 11, 9), vn(2025, 7, 14, 9), 0, ApologyProblem.TOO_LATE),  # already late
        (vn(2025, 7, 8, 9), vn(2025, 7, 14, 9), 1, ApologyProblem.LIMIT),  # once only
        (vn(2025, 7, 8, 9), vn(2025, 7, 10, 9), 0, ApologyProblem.NOT_LATER),
    ],
)
def test_apology_rules(now, new_due, so_far, problem):
    found = clock.apology_problem(
        CAL, now=now, due=vn(2025, 7, 10, 9), new_due=new_due, apologies_so_far=so_far, rule=RULE
    )
    assert found == problem


def test_a_rule_may_allow_two_new_dates():
    found = clock.apology_problem(
        CAL,
        now=vn(2025, 7, 8, 9),
        due=vn(2025, 7, 10, 9),
        new_due=vn(2025, 7, 14, 9),
        apologies_so_far=1,
        rule=Rule(apology_limit=2),
    )
    assert found is None


@pytest.mark.parametrize(
    ("finished", "supplements", "timing"),
    [
        (vn(2025, 7, 9, 16), 0, Timing.EARLY),  # the day before the appointment
        (vn(2025, 7, 10, 8, 30), 0, Timing.ON_TIME),  # the morning of the appointment
        (vn(2025, 7, 10, 9), 0, Timing.ON_TIME),
        (vn(2025, 7, 10, 9, 1), 0, Timing.LATE),
        (vn(2025, 7, 9, 16), 1, Timing.EARLY),
        (vn(2025, 7, 9, 16), 2, Timing.LATE),  # a second supplement request: late for the index
    ],
)
def test_classification(finished, supplements, timing):
    assert clock.classify(finished, vn(2025, 7, 10, 9), supplement_count=supplements) == timing


@pytest.mark.parametrize(
    ("now", "paused", "colour"),
    [
        (vn(2025, 7, 7, 9), False, Colour.ON_TIME),
        (vn(2025, 7, 9, 9), False, Colour.DUE_SOON),  # one working day left
        (vn(2025, 7, 9, 8, 59), False, Colour.ON_TIME),
        (vn(2025, 7, 10, 9, 1), False, Colour.LATE),
        (vn(2025, 7, 10, 9, 1), True, Colour.PAUSED),
    ],
)
def test_queue_colour(now, paused, colour):
    assert clock.colour(CAL, now=now, due=vn(2025, 7, 10, 9), paused=paused) == colour


# --- properties ---------------------------------------------------------------------------

moments = st.datetimes(
    min_value=datetime(2025, 1, 2),  # noqa: DTZ001 (hypothesis wants naive bounds)
    max_value=datetime(2026, 6, 30),  # noqa: DTZ001
).map(lambda d: d.replace(tzinfo=VN_TZ))
legal_times = st.one_of(
    st.integers(1, 30).map(lambda n: LegalTime(Decimal(n), TimeUnit.WORKING_DAYS)),
    st.integers(1, 120).map(lambda n: LegalTime(Decimal(n), TimeUnit.WORKING_HOURS)),
    st.integers(1, 59).map(lambda n: LegalTime(Decimal(n) / 2, TimeUnit.WORKING_DAYS)),
)


@settings(max_examples=300, deadline=None)
@given(received=moments, legal=legal_times, paper=st.booleans())
def test_the_clock_runs_exactly_the_legal_time(received, legal, paper):
    start = clock.clock_start(CAL, received, paper=paper, rule=RULE)
    due = clock.due_moment(CAL, start, legal)
    assert start >= received
    assert CAL.is_working_time(start)
    assert CAL.working_time_between(start, due) == legal.working_time(CAL)


@settings(max_examples=300, deadline=None)
@given(received=moments, legal=legal_times, used=st.floats(0.01, 0.99), wait=st.integers(0, 400))
def test_a_resumed_clock_runs_only_what_was_left(received, legal, used, wait):
    start = clock.clock_start(CAL, received, paper=True, rule=RULE)
    total = legal.working_time(CAL)
    paused_at = CAL.add_working_time(start, total * used)
    consumed = clock.consumed_until(CAL, start, clock.ZERO, paused_at)
    restart = clock.resume(
        CAL,
        paused_at=paused_at,
        consumed_at_pause=consumed,
        resumed_at=paused_at + timedelta(hours=wait),
        paper=True,
        rule=RULE,
        policy=SupplementPolicy.RESUME,
    )
    due = clock.due_moment(CAL, restart.start, legal, consumed=restart.consumed)
    assert CAL.working_time_between(restart.start, due) == total - consumed
    # The waiting time is outside the clock: counting it, the dossier got all its time.
    assert CAL.working_time_between(start, due) - restart.waited == total


@settings(max_examples=200, deadline=None)
@given(
    received=moments,
    legal=legal_times,
    budgets=st.lists(st.integers(1, 20), min_size=1, max_size=6),
)
def test_step_dues_are_in_order_and_end_on_the_due(received, legal, budgets):
    start = clock.clock_start(CAL, received, paper=False, rule=RULE)
    due = clock.due_moment(CAL, start, legal)
    dues = clock.step_dues(CAL, start, due, [Decimal(b) for b in budgets])
    assert dues == sorted(dues)
    assert dues[-1] == due
    assert all(start <= d <= due for d in dues)


ORDER = {Timing.EARLY: 0, Timing.ON_TIME: 1, Timing.LATE: 2}


@given(due=moments, a=st.integers(-5000, 5000), b=st.integers(-5000, 5000))
def test_finishing_later_is_never_better(due, a, b):
    first, second = sorted([a, b])
    earlier = clock.classify(due + timedelta(minutes=first), due)
    later = clock.classify(due + timedelta(minutes=second), due)
    assert ORDER[earlier] <= ORDER[later]
