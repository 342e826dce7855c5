"""The legal clock of a dossier, in Vietnamese working time. Pure Python (no Django).

The clock starts at receipt (a paper dossier received at or after the cut-off, or
anything received outside working hours, starts at the next working period), runs for the
procedure's legal time, pauses while the citizen supplements or pays, and then restarts
from zero or resumes with what was left (a rule with an effective date decides which).
The state of a clock is three values stored on the dossier: when counting (re)started,
the working time already consumed before that, and whether it is paused.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum

from motcua.core.tz import VN_TZ
from motcua.workdays.calendar import WorkingCalendar

ZERO = timedelta(0)


class TimeUnit(StrEnum):
    """Values of motcua.catalog.models.TimeUnit."""

    WORKING_DAYS = "working_days"
    WORKING_HOURS = "working_hours"
    SAME_DAY = "same_day"


class SupplementPolicy(StrEnum):
    RESTART = "restart"  # the complete dossier starts a new clock (61/2018, 118/2025)
    RESUME = "resume"  # the clock goes on with the working time left


class Timing(StrEnum):
    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"


class Colour(StrEnum):
    """A work-queue row: on time, due within one working day, late, or waiting for the
    citizen (the clock is paused)."""

    ON_TIME = "on_time"
    DUE_SOON = "due_soon"
    LATE = "late"
    PAUSED = "paused"


@dataclass(frozen=True)
class Rule:
    """The processing rules in force for one dossier (see models.ProcessingRule)."""

    cutoff: time = time(15)
    supplement_policy: SupplementPolicy = SupplementPolicy.RESTART
    supplement_request_days: int = 3
    apology_min_days: int = 1
    apology_limit: int = 1


@dataclass(frozen=True)
class LegalTime:
    amount: Decimal
    unit: TimeUnit

    def working_time(self, calendar: WorkingCalendar) -> timedelta:
        """The whole legal time as working time (a day is the calendar's working day)."""
        hours = (
            self.amount
            if self.unit == TimeUnit.WORKING_HOURS
            else self.amount * Decimal(str(calendar.hours_per_day))
        )
        return timedelta(hours=float(hours))


def clock_start(
    calendar: WorkingCalendar, received_at: datetime, *, paper: bool, rule: Rule
) -> datetime:
    """When counting starts for a dossier received (or completed) at `received_at`."""
    local = received_at.astimezone(VN_TZ)
    if paper and local.time() >= rule.cutoff and calendar.is_working_day(local.date()):
        # Handed in late in the afternoon: it moves on the next working day.
        received_at = datetime.combine(local.date() + timedelta(days=1), time.min, VN_TZ)
    return calendar.next_working_moment(received_at)


def due_moment(
    calendar: WorkingCalendar,
    start: datetime,
    legal: LegalTime,
    *,
    consumed: timedelta = ZERO,
    cutoff: time = time(15),
) -> datetime:
    """The appointment: `legal` time counted from `start`, less what was `consumed`
    before a pause (a resumed clock)."""
    if consumed > ZERO:
        return calendar.add_working_time(start, max(legal.working_time(calendar) - consumed, ZERO))
    if legal.unit == TimeUnit.SAME_DAY:
        return calendar.same_day_due(start, cutoff)
    if legal.unit == TimeUnit.WORKING_HOURS:
        return calendar.add_working_hours(start, float(legal.amount))
    # "N working days from t" ends at the same clock time on the N-th working day.
    whole = int(legal.amount)
    due = calendar.add_working_days(start, whole)
    fraction = legal.amount - whole
    if fraction:
        due = calendar.add_working_hours(due, float(fraction) * calendar.hours_per_day)
    return due


def step_dues(
    calendar: WorkingCalendar, start: datetime, due: datetime, budgets: Sequence[Decimal]
) -> list[datetime]:
    """Each step's due moment: the working time from start to due, shared out in
    proportion to the step budgets (which add up to the legal time)."""
    total = sum(budgets, Decimal(0))
    if not budgets or total <= 0:
        return [due] * len(budgets)
    span = calendar.working_time_between(start, due)
    dues, running = [], Decimal(0)
    for budget in budgets[:-1]:
        running += budget
        dues.append(calendar.add_working_time(start, span * float(running / total)))
    return [*dues, due]


def consumed_until(
    calendar: WorkingCalendar, start: datetime, consumed: timedelta, moment: datetime
) -> timedelta:
    """Working time used by the clock at `moment` (when it pauses)."""
    return consumed + max(calendar.working_time_between(start, moment), ZERO)


@dataclass(frozen=True)
class Restart:
    start: datetime
    consumed: timedelta
    waited: timedelta  # working time the clock stood still


def resume(
    calendar: WorkingCalendar,
    *,
    paused_at: datetime,
    consumed_at_pause: timedelta,
    resumed_at: datetime,
    paper: bool,
    rule: Rule,
    policy: SupplementPolicy,
) -> Restart:
    """The clock after the citizen completes the dossier (or pays)."""
    waited = max(calendar.working_time_between(paused_at, resumed_at), ZERO)
    if policy == SupplementPolicy.RESTART:
        return Restart(clock_start(calendar, resumed_at, paper=paper, rule=rule), ZERO, waited)
    return Restart(calendar.next_working_moment(resumed_at), consumed_at_pause, waited)


def supplement_deadline(calendar: WorkingCalendar, received_at: datetime, rule: Rule) -> datetime:
    """The last moment a supplement request may go out."""
    return calendar.add_working_days(received_at, rule.supplement_request_days)


class ApologyProblem(StrEnum):
    LIMIT = "limit"  # the new date may be set only `apology_limit` times
    TOO_LATE = "too_late"  # less than `apology_min_days` working days before the due time
    NOT_LATER = "not_later"  # the new appointment is not after the current one


def apology_problem(
    calendar: WorkingCalendar,
    *,
    now: datetime,
    due: datetime,
    new_due: datetime,
    apologies_so_far: int,
    rule: Rule,
) -> ApologyProblem | None:
    if apologies_so_far >= rule.apology_limit:
        return ApologyProblem.LIMIT
    notice = timedelta(hours=rule.apology_min_days * calendar.hours_per_day)
    if now > due or calendar.working_time_between(now, due) < notice:
        return ApologyProblem.TOO_LATE
    if new_due <= due:
        return ApologyProblem.NOT_LATER
    return None


def classify(finished_at: datetime, due: datetime, *, supplement_count: int = 0) -> Timing:
    """Early (before the appointment's day), on time (by the appointment) or late.

    Waiting for the citizen is already outside the clock (the due moment moved), so
    it is subtracted; but for the service-quality index (Decision 766/QĐ-TTg) more than
    one supplement request makes the dossier late whatever the dates.
    """
    if supplement_count > 1 or finished_at > due:
        return Timing.LATE
    if finished_at.astimezone(VN_TZ).date() < due.astimezone(VN_TZ).date():
        return Timing.EARLY
    return Timing.ON_TIME


def colour(
    calendar: WorkingCalendar, *, now: datetime, due: datetime | None, paused: bool
) -> Colour:
    if paused or due is None:
        return Colour.PAUSED
    if now > due:
        return Colour.LATE
    if calendar.working_time_between(now, due) <= timedelta(hours=calendar.hours_per_day):
        return Colour.DUE_SOON
    return Colour.ON_TIME
