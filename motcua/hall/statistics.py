"""Hall statistics: waiting time, service time and no-shows per service group, counter,
officer and hour of day over a period. (The live estimated wait per group is
`motcua.hall.selectors.group_queues`.)

Definitions (the same on the page, in the CSV and in the tests):
- waiting time: from taking the number (`issued_at`) to the call (`called_at`); a
  transfer keeps the issue time and clears the call, so a transferred ticket's wait runs
  to its last call and its service time is that of the last counter;
- service time: from the start (`started_at`) to the end (`finished_at`) of a finished
  service;
- no-show: a ticket marked absent at the counter;
- a ticket counts in the hour (VN time) it was issued: the hour people arrived.

Medians and percentiles are computed in Python over one day's to a few months' tickets
of the viewer's halls (thousands of rows, one query): SQLite has no percentile function.
"""

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Role, User
from motcua.accounts.scoping import Viewer, scope_to_agencies
from motcua.core.tz import VN_TZ
from motcua.hall.models import Hall, Ticket, TicketState

# Who reads the hall's statistics: the centre's managers and the approving leaders.
STATS_ROLES = frozenset({Role.CENTRE_MANAGER, Role.LEADER, Role.SYSTEM_ADMIN})


# --- pure arithmetic ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """Durations in seconds; None when there is no value to summarise."""

    count: int
    mean: float | None
    median: float | None
    p90: float | None

    @property
    def minutes(self) -> tuple[float | None, float | None, float | None]:
        """Mean, median and p90 in minutes, as the page shows them."""
        return _minutes(self.mean), _minutes(self.median), _minutes(self.p90)


def _minutes(seconds: float | None) -> float | None:
    return None if seconds is None else seconds / 60


def summarise(seconds: list[float]) -> Summary:
    """Count, mean, median and 90th percentile (linear interpolation between the closest
    ranks, as spreadsheets' PERCENTILE.INC does)."""
    if not seconds:
        return Summary(0, None, None, None)
    if len(seconds) == 1:
        return Summary(1, seconds[0], seconds[0], seconds[0])
    p90 = statistics.quantiles(seconds, n=10, method="inclusive")[8]
    return Summary(len(seconds), statistics.fmean(seconds), statistics.median(seconds), p90)


@dataclass
class _Bucket:
    tickets: int = 0
    waits: list[float] = field(default_factory=list)
    services: list[float] = field(default_factory=list)
    no_shows: int = 0


@dataclass(frozen=True)
class Row:
    key: str  # the group, counter, officer or hour, as shown
    tickets: int
    wait: Summary
    service: Summary
    no_shows: int

    @property
    def summaries(self) -> tuple[Summary, Summary]:
        return self.wait, self.service

    @property
    def no_show_rate(self) -> float | None:
        return self.no_shows / self.tickets if self.tickets else None


@dataclass(frozen=True)
class Table:
    name: str  # the dimension, as shown
    rows: list[Row]
    dimension: str = ""  # "group", "counter", "officer", "hour" or "day"


# A row's place and its label: groups in display order, counters by number.
Key = tuple[int | str, str]


@dataclass(frozen=True)
class TicketTimes:
    """What the statistics need of one ticket."""

    group: Key
    counter: Key
    officer: Key
    hour: Key
    day: Key
    wait: float | None
    service: float | None
    no_show: bool


def tabulate(tickets: Iterable[TicketTimes], key: Callable[[TicketTimes], Key]) -> list[Row]:
    """One row per value of `key`, in the order of the keys."""
    buckets: dict[Key, _Bucket] = defaultdict(_Bucket)
    for ticket in tickets:
        bucket = buckets[key(ticket)]
        bucket.tickets += 1
        if ticket.wait is not None:
            bucket.waits.append(ticket.wait)
        if ticket.service is not None:
            bucket.services.append(ticket.service)
        bucket.no_shows += ticket.no_show
    return [
        Row(label, b.tickets, summarise(b.waits), summarise(b.services), b.no_shows)
        for (_place, label), b in sorted(buckets.items())
    ]


# --- selectors ---------------------------------------------------------------------------------


def can_read_stats(user: Viewer) -> bool:
    return bool(user.is_authenticated and user.is_officer and user.role in STATS_ROLES)


def stats_halls(*, user: Viewer) -> QuerySet[Hall]:
    """The halls whose statistics `user` may read (scoped by agency).

    A ward's leader sits in its people's committee, while the hall belongs to the ward's
    service centre: the leader reads the halls of every agency of their own unit, as the
    centre's manager does, and another unit's halls do not exist for them."""
    if not can_read_stats(user):
        return Hall.objects.none()
    halls = Hall.objects.all()
    if isinstance(user, User) and user.role == Role.LEADER and user.agency is not None:
        halls = halls.filter(agency__unit_id=user.agency.unit_id)
    else:
        halls = scope_to_agencies(halls, user=user)
    return halls.order_by("name", "pk")


def _seconds(start: datetime | None, end: datetime | None) -> float | None:
    return (end - start).total_seconds() if start and end else None


def _counter_key(number: int | None, name: str) -> Key:
    if number is None:
        return 0, str(_("(chưa gọi)"))
    return number, name or f"{_('Quầy')} {number}"


def _hour_key(issued: datetime) -> Key:
    hour = issued.astimezone(VN_TZ).hour
    return hour, f"{hour:02d}:00"


def _day_key(issued: datetime) -> Key:
    day = issued.astimezone(VN_TZ).date()
    return day.toordinal(), f"{day:%d/%m/%Y}"


def _officer_key(last: str | None, given: str | None, username: str | None) -> Key:
    if username is None:
        return "", str(_("(chưa gọi)"))
    # The username tells apart two officers of the same name.
    name = f"{last} {given} ({username})"
    return name, name


def _ticket_times(hall: Hall, first: date, last: date) -> list[TicketTimes]:
    rows = Ticket.objects.filter(hall=hall, day__range=(first, last)).values_list(
        "group__position",
        "group__code",
        "group__name",
        "counter__number",
        "counter__name",
        "officer__last_name",
        "officer__first_name",
        "officer__username",
        "issued_at",
        "called_at",
        "started_at",
        "finished_at",
        "state",
    )
    return [
        TicketTimes(
            group=(position, f"{code} – {group_name}"),
            counter=_counter_key(number, counter_name),
            officer=_officer_key(last, given, username),
            hour=_hour_key(issued),
            day=_day_key(issued),
            wait=_seconds(issued, called),
            service=_seconds(started, finished) if state == TicketState.DONE else None,
            no_show=state == TicketState.NO_SHOW,
        )
        for (
            position,
            code,
            group_name,
            number,
            counter_name,
            last,
            given,
            username,
            issued,
            called,
            started,
            finished,
            state,
        ) in rows
    ]


def hall_statistics(*, hall: Hall, first: date, last: date) -> list[Table]:
    """The tables of a hall for the days `first`..`last` (VN days, inclusive): by group,
    counter, officer and hour, and by day when the period is longer than one.
    The caller has found `hall` through `stats_halls` (scoped)."""
    tickets = _ticket_times(hall, first, last)
    tables = [
        Table(str(_("Theo nhóm dịch vụ")), tabulate(tickets, lambda t: t.group), "group"),
        Table(str(_("Theo quầy")), tabulate(tickets, lambda t: t.counter), "counter"),
        Table(str(_("Theo cán bộ")), tabulate(tickets, lambda t: t.officer), "officer"),
        Table(str(_("Theo giờ lấy số")), tabulate(tickets, lambda t: t.hour), "hour"),
    ]
    if first != last:
        tables.append(Table(str(_("Theo ngày")), tabulate(tickets, lambda t: t.day), "day"))
    return tables
