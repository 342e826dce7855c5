"""The queue rule: which waiting ticket a counter serves next (pure, no Django).

1. A booked ticket goes first once its slot has started, if it was checked in no later
   than the end of its slot; booked tickets among themselves by slot start. A late
   arrival queues as a walk-in. (Bookings are bounded by the slot capacity, so they
   cannot starve the walk-ins.)
2. Everyone else by issue time moved earlier by the category's head start: a priority
   ticket counts as if taken HEAD_START minutes before it was. All tickets age at the
   same rate, so the head start is the whole advantage and never grows.

The bound: a walk-in ticket is never overtaken by a walk-in ticket issued more than
HEAD_START (10 minutes) after it. Compared with pure first come, first served, it waits
at most the service times of the priority tickets issued in the 10 minutes after it.

Ties break on issue time, then on the ticket number: the order is total and the same in
every process. The officer cannot pick: a counter gets `next_ticket()` or nothing.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

HEAD_START = timedelta(minutes=10)

# Keys are the values of `motcua.hall.models.PriorityCategory`.
HEAD_STARTS: dict[str, timedelta] = {
    "none": timedelta(0),
    "elderly": HEAD_START,
    "disabled": HEAD_START,
    "pregnant": HEAD_START,
    "small_children": HEAD_START,
    "meritorious": HEAD_START,
}

# Used until the group has served a few tickets today.
DEFAULT_SERVICE_TIME = timedelta(minutes=8)


@dataclass(frozen=True)
class Entry:
    """A waiting ticket as the rule sees it."""

    id: int
    number: int
    group_id: int
    issued_at: datetime
    category: str = "none"
    slot_start: datetime | None = None
    slot_end: datetime | None = None
    # Set after a transfer to one counter: only that counter may call it.
    counter_id: int | None = None


def order_key(entry: Entry, now: datetime) -> tuple[int, datetime, datetime, int]:
    """Smaller is served first."""
    start, end = entry.slot_start, entry.slot_end
    # A checked-in booking whose slot has started, and which was not checked in late.
    if start is not None and end is not None and start <= now and entry.issued_at <= end:
        return (0, start, entry.issued_at, entry.number)
    return (1, entry.issued_at - HEAD_STARTS[entry.category], entry.issued_at, entry.number)


def can_serve(entry: Entry, *, counter_id: int, group_ids: Iterable[int]) -> bool:
    if entry.counter_id is not None:
        return entry.counter_id == counter_id
    return entry.group_id in set(group_ids)


def ranked(
    entries: Iterable[Entry], *, counter_id: int, group_ids: Iterable[int], now: datetime
) -> list[Entry]:
    """The tickets this counter may call, in the order it calls them."""
    groups = frozenset(group_ids)
    eligible = [e for e in entries if can_serve(e, counter_id=counter_id, group_ids=groups)]
    return sorted(eligible, key=lambda e: order_key(e, now))


def next_ticket(
    entries: Iterable[Entry], *, counter_id: int, group_ids: Iterable[int], now: datetime
) -> Entry | None:
    order = ranked(entries, counter_id=counter_id, group_ids=group_ids, now=now)
    return order[0] if order else None


def people_ahead(entry: Entry, entries: Iterable[Entry], now: datetime) -> int:
    """Waiting tickets of the same group that would be served before `entry` now."""
    mine = order_key(entry, now)
    return sum(
        1
        for other in entries
        if other.id != entry.id
        and other.group_id == entry.group_id
        and order_key(other, now) < mine
    )


def mean_service_time(durations: Sequence[timedelta], minimum_sample: int = 3) -> timedelta:
    """The mean of recent service times, or the default before there are enough."""
    if len(durations) < minimum_sample:
        return DEFAULT_SERVICE_TIME
    return sum(durations, timedelta(0)) / len(durations)


def estimated_wait(*, ahead: int, open_counters: int, service_time: timedelta) -> timedelta | None:
    """People ahead ÷ open counters × mean service time; None when no counter is open."""
    if open_counters <= 0:
        return None
    return service_time * ahead / open_counters
