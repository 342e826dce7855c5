"""Reads of a service hall: the queue per group, who is served where, the last calls,
estimated waits, bookable slots and a ticket's public view. Each reads a fixed number of
queries, whatever the length of the queue."""

from collections import Counter as Tally
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from motcua.accounts.models import Role
from motcua.accounts.scoping import Viewer, scope_to_agencies
from motcua.core.tz import VN_TZ
from motcua.hall import queueing
from motcua.hall.models import (
    ACTIVE_STATES,
    Counter,
    CounterState,
    Device,
    Hall,
    ServiceGroup,
    Ticket,
    TicketState,
)
from motcua.workdays.selectors import day_status, weekday_name, working_calendar

# Service times of the last this many tickets of a group make its mean.
SERVICE_SAMPLE = 20
# At most this share of a group's counters is bookable, so walk-ins keep the rest.
BOOKABLE_SHARE = 0.5


def hall_revision(*, hall_id: int) -> int:
    """The number every change of the hall bumps: cheap to poll from any process."""
    return Hall.objects.filter(pk=hall_id).values_list("revision", flat=True).get()


@dataclass(frozen=True)
class Closure:
    """The hall's centre is not at work: why, and when it opens again (VN time)."""

    reopens_at: datetime
    reason: str  # why the day is not a working day; "" on a working day

    @property
    def message(self) -> str:
        """What the kiosk says, e.g. "Trung tâm đang ngoài giờ làm việc. Mở cửa lại lúc
        08:00 thứ Hai, 07/12/2026." """
        reopens = self.reopens_at.astimezone(VN_TZ)
        weekday = weekday_name(reopens.date())
        if (get_language() or "vi").startswith("vi"):
            weekday = weekday[:1].lower() + weekday[1:]  # within a sentence: "thứ Hai"
        when = _("Mở cửa lại lúc %(time)s %(weekday)s, %(date)s.") % {
            "time": f"{reopens:%H:%M}",
            "weekday": weekday,
            "date": f"{reopens:%d/%m/%Y}",
        }
        if self.reason:
            closed = _("Hôm nay trung tâm nghỉ (%(reason)s).") % {"reason": self.reason}
        else:
            closed = _("Trung tâm đang ngoài giờ làm việc.")
        return f"{closed} {when}"


def hall_closure(*, hall: Hall, at: datetime) -> Closure | None:
    """None while the agency of the hall is at work at `at` (its working calendar: days and
    hours); otherwise why it is not and when it opens again. The kiosk shows it, and the
    ticket services refuse with its message."""
    calendar = working_calendar(agency=hall.agency)
    if calendar.is_working_time(at):
        return None
    day = at.astimezone(VN_TZ).date()
    reason = "" if calendar.is_working_day(day) else day_status(day=day, agency=hall.agency).reason
    return Closure(reopens_at=calendar.next_working_moment(at), reason=reason)


def waiting_entries(*, hall: Hall) -> list[queueing.Entry]:
    """The hall's waiting tickets as the queue rule sees them (one query)."""
    rows = Ticket.objects.filter(hall=hall, state=TicketState.WAITING).values_list(
        "id",
        "number",
        "group_id",
        "issued_at",
        "category",
        "appointment__slot_start",
        "appointment__slot_end",
        "counter_id",
    )
    return [queueing.Entry(*row) for row in rows]


def _service_times(hall: Hall) -> dict[int, timedelta]:
    """Mean service time per group, from the last SERVICE_SAMPLE finished services."""
    done = (
        Ticket.objects.filter(hall=hall, state=TicketState.DONE)
        .order_by("-finished_at")
        .values_list("group_id", "started_at", "finished_at")[: SERVICE_SAMPLE * 10]
    )
    samples: dict[int, list[timedelta]] = {}
    for group_id, started, finished in done:
        times = samples.setdefault(group_id, [])
        if started is not None and finished is not None and len(times) < SERVICE_SAMPLE:
            times.append(finished - started)
    return {group_id: queueing.mean_service_time(times) for group_id, times in samples.items()}


def _open_counters(hall: Hall) -> Tally[int]:
    """Open counters per group."""
    pairs = Counter.groups.through.objects.filter(
        counter__hall=hall, counter__state=CounterState.OPEN
    ).values_list("servicegroup_id", flat=True)
    return Tally(pairs)


@dataclass(frozen=True)
class GroupQueue:
    group: ServiceGroup
    waiting: int
    open_counters: int
    # For a walk-in ticket issued now; None when no counter of the group is open.
    estimated_wait: timedelta | None


def group_queues(*, hall: Hall) -> list[GroupQueue]:
    """Each group of the hall with its waiting count and estimated wait (three queries)."""
    groups = ServiceGroup.objects.filter(hall=hall).annotate(
        waiting=Count("tickets", filter=Q(tickets__state=TicketState.WAITING))
    )
    service = _service_times(hall)
    counters = _open_counters(hall)
    return [
        GroupQueue(
            group=group,
            waiting=group.waiting,
            open_counters=counters[group.pk],
            estimated_wait=queueing.estimated_wait(
                ahead=group.waiting,
                open_counters=counters[group.pk],
                service_time=service.get(group.pk, queueing.DEFAULT_SERVICE_TIME),
            ),
        )
        for group in groups
    ]


@dataclass(frozen=True)
class CounterStatus:
    counter: Counter
    # Called or being served; None when the counter is idle.
    ticket: Ticket | None


def now_serving(*, hall: Hall) -> list[CounterStatus]:
    """Every counter of the hall with the ticket it has called or serves (two queries)."""
    counters = list(Counter.objects.filter(hall=hall).select_related("officer"))
    active = {
        ticket.counter_id: ticket
        for ticket in Ticket.objects.filter(hall=hall, state__in=ACTIVE_STATES).select_related(
            "group"
        )
    }
    return [CounterStatus(counter=c, ticket=active.get(c.pk)) for c in counters]


def last_calls(*, hall: Hall, limit: int = 5) -> QuerySet[Ticket]:
    """The latest calls of the hall today, the latest first."""
    today = timezone.now().astimezone(VN_TZ).date()
    return (
        Ticket.objects.filter(hall=hall, day=today, called_at__isnull=False)
        .select_related("counter", "group")
        .order_by("-called_at", "-number")[:limit]
    )


def counter_current_ticket(*, counter: Counter) -> Ticket | None:
    return Ticket.objects.filter(counter=counter, state__in=ACTIVE_STATES).first()


def counter_last_served(*, counter: Counter) -> Ticket | None:
    """The ticket the counter finished last: the one its rating device asks about."""
    return (
        Ticket.objects.filter(counter=counter, state=TicketState.DONE)
        .select_related("rating")
        .order_by("-finished_at")
        .first()
    )


@dataclass(frozen=True)
class TicketView:
    """What the follow-on-phone page shows; people_ahead and estimate only while waiting."""

    ticket: Ticket
    people_ahead: int | None
    estimated_wait: timedelta | None


def ticket_public(*, token: str, now: datetime | None = None) -> TicketView | None:
    """A ticket by its public token, or None (the same for a wrong token)."""
    ticket = Ticket.objects.filter(token=token).select_related("group", "counter", "hall").first()
    if ticket is None:
        return None
    entries = waiting_entries(hall=ticket.hall)
    mine = next((e for e in entries if e.id == ticket.pk), None)
    if mine is None:  # not waiting (or called since the first read)
        return TicketView(ticket=ticket, people_ahead=None, estimated_wait=None)
    now = now or timezone.now()
    ahead = queueing.people_ahead(mine, entries, now)
    service = _service_times(ticket.hall).get(ticket.group_id, queueing.DEFAULT_SERVICE_TIME)
    estimate = queueing.estimated_wait(
        ahead=ahead,
        open_counters=_open_counters(ticket.hall)[ticket.group_id],
        service_time=service,
    )
    return TicketView(ticket=ticket, people_ahead=ahead, estimated_wait=estimate)


@dataclass(frozen=True)
class Slot:
    start: datetime
    end: datetime
    capacity: int
    booked: int

    @property
    def free(self) -> int:
        return max(self.capacity - self.booked, 0)


def appointment_slots(*, group: ServiceGroup, day: date) -> list[Slot]:
    """The group's slots on `day`: the working hours of the hall's agency cut into
    `slot_minutes`, each bookable by half the group's counters (at least one)."""
    calendar = working_calendar(agency=group.hall.agency)
    if not calendar.is_working_day(day):
        return []
    capacity = max(1, int(group.counters.count() * BOOKABLE_SHARE))
    length = timedelta(minutes=group.slot_minutes)
    starts = []
    for period in calendar.periods:
        start = datetime.combine(day, period.start, tzinfo=VN_TZ)
        end = datetime.combine(day, period.end, tzinfo=VN_TZ)
        while start + length <= end:
            starts.append(start)
            start += length
    booked = Tally(
        group.appointments.filter(slot_start__in=starts).values_list("slot_start", flat=True)
    )
    return [Slot(start=s, end=s + length, capacity=capacity, booked=booked[s]) for s in starts]


# --- enrolled devices ------------------------------------------------------------------

# Who enrols and revokes the hall's kiosks, boards and rating devices.
DEVICE_ROLES = frozenset({Role.CENTRE_MANAGER, Role.SYSTEM_ADMIN})


def can_manage_devices(user: Viewer) -> bool:
    return bool(user.is_authenticated and user.is_officer and user.role in DEVICE_ROLES)


def device_halls(*, user: Viewer) -> QuerySet[Hall]:
    """The halls whose devices `user` manages: those of the agencies in their scope."""
    if not can_manage_devices(user):
        return Hall.objects.none()
    halls = Hall.objects.select_related("agency").order_by("name")
    return scope_to_agencies(halls, user=user)


def hall_devices(*, hall: Hall) -> QuerySet[Device]:
    """The hall's devices, those in service first."""
    return (
        Device.objects.filter(hall=hall)
        .select_related("counter", "created_by", "revoked_by")
        .order_by(F("revoked_at").desc(nulls_first=True), "kind", "name")
    )


def device_active(*, device_id: int, kind: str | None = None) -> Device | None:
    """The device of that id (and kind, when given), unless it was revoked."""
    devices = Device.objects.filter(pk=device_id, revoked_at__isnull=True)
    if kind is not None:
        devices = devices.filter(kind=kind)
    return devices.select_related("hall__agency").first()
