"""An officer's own page after signing in ("Việc của tôi"): the dossiers on their desk,
by section, each list capped, with counts.

A dossier is on an officer's desk when its current step names them as handler, or names
their role and agency and no one in particular: a step named for a colleague is the
colleague's (the rest of the role may still take it over from the dossier page). A centre
manager may stand in for anyone (`states.holds_step`), so "mine" is narrower than "may
act": the manager's own page shows the centre's late dossiers instead.

Every read starts from the officer's agency (or, for a manager, the open dossiers of the
centre's unit), so it stays within `accounts.scoping` and within the indexes of the work
queue: a handful of queries whatever the number of dossiers.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from motcua.accounts.models import Role, User
from motcua.accounts.scoping import visible_agency_ids
from motcua.core.tz import VN_TZ
from motcua.dossiers.models import Dossier
from motcua.dossiers.queries import TO_RETURN, queue_rows
from motcua.dossiers.selectors import QueueRow
from motcua.dossiers.states import OPEN, RUNNING, State
from motcua.workdays.calendar import WorkingCalendar
from motcua.workdays.selectors import working_calendar

CAP = 20
# Open and not yet decided: a decided dossier waits only to be handed back (`TO_RETURN`).
ON_A_DESK = sorted(OPEN - TO_RETURN)
_RUNNING = Q(state__in=sorted(RUNNING))
_RELATED = ("procedure", "agency", "current_step__handler")


@dataclass(frozen=True)
class Section:
    rows: list[QueueRow]
    count: int  # all of them; `rows` holds at most CAP


@dataclass(frozen=True)
class ClockCounts:
    """The dossiers on the officer's desk by the colour of their clock."""

    total: int
    late: int
    due_soon: int
    on_time: int
    paused: int


@dataclass(frozen=True)
class MyDay:
    counts: ClockCounts
    mine: Section  # for a leader, what is on the desk besides the signatures
    due_tomorrow: Section
    next_working_day: date
    to_sign: Section | None = None  # leaders
    received_today: Section | None = None  # counter officers
    to_return: Section | None = None  # counter officers
    late: Section | None = None  # centre managers: the centre's late dossiers
    # Centre managers: the centre's open dossiers counted by state, in the states' order.
    by_state: list[tuple[State, int]] | None = None


def held_by(user: User) -> QuerySet[Dossier]:
    """The undecided dossiers whose current step is this officer's (see the module)."""
    if user.agency_id is None:
        return Dossier.objects.none()
    step_is_mine = Q(current_step__handler=user) | Q(
        current_step__handler__isnull=True,
        current_step__role=user.role,
        current_step__agency=user.agency_id,
    )
    # A step's agency is the dossier's current agency (and a named handler belongs to
    # it): filtering on it first keeps the read within the queue's index.
    return Dossier.objects.filter(current_agency=user.agency_id, state__in=ON_A_DESK).filter(
        step_is_mine
    )


def centre_open(user: User) -> QuerySet[Dossier]:
    """The open dossiers on the desks of the agencies a centre manager answers for."""
    ids = visible_agency_ids(user)
    queryset = Dossier.objects.filter(state__in=sorted(OPEN))
    return queryset if ids is None else queryset.filter(current_agency__in=ids)


def next_working_day(calendar: WorkingCalendar, today: date) -> date:
    """The first working day after `today` (a month ahead covers Tết)."""
    days = calendar.working_days(today + timedelta(days=1), today + timedelta(days=31))
    return days[0] if days else today + timedelta(days=1)


def _due_soon_until(calendar: WorkingCalendar, now: datetime) -> datetime:
    # `clock.colour`'s "due within one working day", as a bound on due_at: the moment one
    # working day ahead, carried to the next working moment (a due at 17:00 on Friday or
    # at 08:00 on Monday is the same working time away).
    return calendar.next_working_moment(calendar.add_working_hours(now, calendar.hours_per_day))


@dataclass(frozen=True)
class _Lister:
    """Lists sections at one moment, reading each agency's calendar once for them all."""

    now: datetime
    calendars: dict[int, WorkingCalendar]

    def __call__(self, queryset: QuerySet[Dossier], *, count: int | None = None) -> Section:
        """The first CAP dossiers, soonest due first, coloured; counted only when there
        are more than that (or with `count` already known)."""
        ordered = queryset.select_related(*_RELATED).order_by(
            F("due_at").asc(nulls_last=True), "pk"
        )
        rows = queue_rows(ordered[:CAP], now=self.now, calendars=self.calendars)
        if count is None:
            count = len(rows) if len(rows) < CAP else queryset.count()
        return Section(rows, count)


def my_day(*, user: User, now: datetime | None = None) -> MyDay:
    """The sections of an officer's page, by their role."""
    now = now or timezone.now()
    calendar = working_calendar(agency=user.agency)
    listed = _Lister(now, {user.agency_id: calendar} if user.agency_id else {})
    today = now.astimezone(VN_TZ).date()
    following = next_working_day(calendar, today)
    tomorrow_ends = datetime.combine(following + timedelta(days=1), time.min, VN_TZ)
    due_by_tomorrow = _RUNNING & Q(due_at__gte=now, due_at__lt=tomorrow_ends)
    is_leader = user.role == Role.LEADER
    to_sign = Q(state=State.IN_PROGRESS)

    held = held_by(user)
    totals = held.aggregate(
        total=Count("pk"),
        late=Count("pk", filter=_RUNNING & Q(due_at__lt=now)),
        due_soon=Count(
            "pk", filter=_RUNNING & Q(due_at__gte=now, due_at__lte=_due_soon_until(calendar, now))
        ),
        paused=Count("pk", filter=~_RUNNING | Q(due_at__isnull=True)),
        tomorrow=Count("pk", filter=due_by_tomorrow),
        to_sign=Count("pk", filter=to_sign),
    )
    counts = ClockCounts(
        total=totals["total"],
        late=totals["late"],
        due_soon=totals["due_soon"],
        paused=totals["paused"],
        on_time=totals["total"] - totals["late"] - totals["due_soon"] - totals["paused"],
    )
    signing = totals["to_sign"] if is_leader else 0
    received_today = to_return = late = None
    by_state = None
    if user.role == Role.COUNTER_OFFICER:
        received_today, to_return = _counter_lists(user, listed, today=today)
    elif user.role == Role.CENTRE_MANAGER:
        late, by_state = _manager_lists(user, listed, now=now)
    return MyDay(
        counts=counts,
        mine=listed(held.exclude(to_sign) if is_leader else held, count=counts.total - signing),
        due_tomorrow=(
            listed(centre_open(user).filter(due_by_tomorrow))
            if user.role == Role.CENTRE_MANAGER
            else listed(held.filter(due_by_tomorrow), count=totals["tomorrow"])
        ),
        next_working_day=following,
        to_sign=listed(held.filter(to_sign), count=signing) if is_leader else None,
        received_today=received_today,
        to_return=to_return,
        late=late,
        by_state=by_state,
    )


def _counter_lists(user: User, listed: _Lister, *, today: date) -> tuple[Section, Section]:
    """What this officer received today; what the counter's agency has to hand back."""
    received = Dossier.objects.filter(
        receiving_agency=user.agency_id,
        received_by=user,
        received_at__gte=datetime.combine(today, time.min, VN_TZ),
    )
    # Like the queue's "Chờ trả kết quả": decided, received by this counter's agency.
    to_return = Dossier.objects.filter(receiving_agency=user.agency_id, state__in=sorted(TO_RETURN))
    return listed(received), listed(to_return)


def _manager_lists(
    user: User, listed: _Lister, *, now: datetime
) -> tuple[Section, list[tuple[State, int]]]:
    """The centre's late dossiers; its open dossiers counted by state."""
    centre = centre_open(user)
    counted = dict(centre.order_by().values_list("state").annotate(n=Count("pk")))
    return (
        listed(centre.filter(_RUNNING, due_at__lt=now)),
        [(state, counted[state]) for state in State if state in counted],
    )
