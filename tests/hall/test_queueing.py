"""The queue rule, tested without a database."""

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.hall.models import PriorityCategory
from motcua.hall.queueing import (
    DEFAULT_SERVICE_TIME,
    HEAD_START,
    HEAD_STARTS,
    Entry,
    estimated_wait,
    mean_service_time,
    next_ticket,
    people_ahead,
)

T0 = datetime(2025, 7, 7, 1, 0, tzinfo=UTC)  # 08:00 in Hà Nội
GROUP_A, GROUP_B = 1, 2


def minutes(n: float) -> datetime:
    return T0 + timedelta(minutes=n)


def walk_in(n: int, at: float, category: str = "none", group: int = GROUP_A) -> Entry:
    return Entry(id=n, number=n, group_id=group, issued_at=minutes(at), category=category)


def test_every_priority_category_has_a_bounded_head_start() -> None:
    assert set(HEAD_STARTS) == set(PriorityCategory.values)
    assert max(HEAD_STARTS.values()) == HEAD_START


def test_walk_ins_are_served_in_order_of_arrival() -> None:
    entries = [walk_in(2, 5), walk_in(1, 0), walk_in(3, 6)]
    chosen = next_ticket(entries, counter_id=1, group_ids=[GROUP_A], now=minutes(10))
    assert chosen is not None and chosen.number == 1


def test_elderly_person_goes_ahead_of_someone_who_came_a_few_minutes_earlier() -> None:
    entries = [walk_in(1, 0), walk_in(2, 4, "elderly")]
    chosen = next_ticket(entries, counter_id=1, group_ids=[GROUP_A], now=minutes(5))
    assert chosen is not None and chosen.number == 2


def test_priority_ticket_does_not_overtake_someone_waiting_longer_than_the_head_start() -> None:
    entries = [walk_in(1, 0), walk_in(2, 10, "disabled"), walk_in(3, 11, "pregnant")]
    chosen = next_ticket(entries, counter_id=1, group_ids=[GROUP_A], now=minutes(12))
    assert chosen is not None and chosen.number == 1


def test_counter_only_calls_its_own_groups() -> None:
    entries = [walk_in(1, 0, group=GROUP_B), walk_in(2, 5)]
    chosen = next_ticket(entries, counter_id=1, group_ids=[GROUP_A], now=minutes(6))
    assert chosen is not None and chosen.number == 2
    assert next_ticket(entries[:1], counter_id=1, group_ids=[GROUP_A], now=minutes(6)) is None


def test_ticket_transferred_to_a_counter_is_called_only_by_that_counter() -> None:
    moved = Entry(id=1, number=1, group_id=GROUP_B, issued_at=minutes(0), counter_id=7)
    others = [moved, walk_in(2, 5)]
    chosen = next_ticket(others, counter_id=7, group_ids=[GROUP_A], now=minutes(6))
    assert chosen is moved
    chosen = next_ticket(others, counter_id=8, group_ids=[GROUP_A, GROUP_B], now=minutes(6))
    assert chosen is not None and chosen.number == 2


def booked(n: int, at: float, slot: float, length: float = 15) -> Entry:
    return Entry(
        id=n,
        number=n,
        group_id=GROUP_A,
        issued_at=minutes(at),
        slot_start=minutes(slot),
        slot_end=minutes(slot + length),
    )


def test_booking_within_its_slot_goes_before_walk_ins() -> None:
    entries = [walk_in(1, 0, "elderly"), booked(2, 25, slot=30)]
    chosen = next_ticket(entries, counter_id=1, group_ids=[GROUP_A], now=minutes(31))
    assert chosen is not None and chosen.number == 2


def test_booking_waits_for_its_slot_to_start() -> None:
    entries = [walk_in(1, 0), booked(2, 20, slot=30)]
    chosen = next_ticket(entries, counter_id=1, group_ids=[GROUP_A], now=minutes(25))
    assert chosen is not None and chosen.number == 1


def test_late_booking_queues_as_a_walk_in() -> None:
    entries = [walk_in(1, 46), booked(2, 50, slot=30)]
    chosen = next_ticket(entries, counter_id=1, group_ids=[GROUP_A], now=minutes(55))
    assert chosen is not None and chosen.number == 1


def test_bookings_are_served_by_slot() -> None:
    entries = [booked(1, 40, slot=45), booked(2, 20, slot=30)]
    chosen = next_ticket(entries, counter_id=1, group_ids=[GROUP_A], now=minutes(50))
    assert chosen is not None and chosen.number == 2


def test_equal_standing_breaks_on_number() -> None:
    entries = [walk_in(2, 0), walk_in(1, 0)]
    chosen = next_ticket(entries, counter_id=1, group_ids=[GROUP_A], now=minutes(1))
    assert chosen is not None and chosen.number == 1


def test_people_ahead_counts_those_served_first_in_the_same_group() -> None:
    mine = walk_in(3, 5)
    entries = [walk_in(1, 0), walk_in(2, 4, "elderly"), mine, walk_in(4, 1, group=GROUP_B)]
    assert people_ahead(mine, entries, minutes(6)) == 2


def test_estimated_wait() -> None:
    assert estimated_wait(ahead=6, open_counters=2, service_time=timedelta(minutes=5)) == (
        timedelta(minutes=15)
    )
    assert estimated_wait(ahead=3, open_counters=0, service_time=timedelta(minutes=5)) is None
    assert mean_service_time([timedelta(minutes=4)]) == DEFAULT_SERVICE_TIME
    assert mean_service_time([timedelta(minutes=m) for m in (2, 4, 6)]) == timedelta(minutes=4)


# --- the bound, property-tested ------------------------------------------------------------

arrivals = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=180),  # minute of arrival
        st.sampled_from(sorted(PriorityCategory.values)),
        st.sampled_from([GROUP_A, GROUP_B]),
    ),
    min_size=1,
    max_size=60,
)


def simulate(
    tickets: list[tuple[int, str, int]], service_minutes: list[int], counters: int
) -> list[tuple[Entry, datetime, list[Entry]]]:
    """Serve walk-ins on `counters` counters of both groups; every call with the queue it saw."""
    entries = [
        walk_in(n, at, category, group) for n, (at, category, group) in enumerate(tickets, 1)
    ]
    free_at = [T0] * counters
    waiting: list[Entry] = []
    pending = sorted(entries, key=lambda e: (e.issued_at, e.number))
    calls = []
    turn = 0
    while pending or waiting:
        counter = min(range(counters), key=lambda c: free_at[c])
        now = free_at[counter]
        if not waiting:
            now = max(now, pending[0].issued_at)
        waiting += [e for e in pending if e.issued_at <= now]
        pending = [e for e in pending if e.issued_at > now]
        chosen = next_ticket(waiting, counter_id=counter, group_ids=[GROUP_A, GROUP_B], now=now)
        assert chosen is not None
        calls.append((chosen, now, list(waiting)))
        waiting.remove(chosen)
        free_at[counter] = now + timedelta(minutes=service_minutes[turn % len(service_minutes)])
        turn += 1
    return calls


@settings(max_examples=200, deadline=None)
@given(
    arrivals,
    st.lists(st.integers(min_value=1, max_value=20), min_size=1, max_size=10),
    st.integers(min_value=1, max_value=4),
)
def test_no_walk_in_is_overtaken_by_one_issued_more_than_the_head_start_later(
    tickets: list[tuple[int, str, int]], service_minutes: list[int], counters: int
) -> None:
    for chosen, _now, queue in simulate(tickets, service_minutes, counters):
        for other in queue:
            assert chosen.issued_at <= other.issued_at + HEAD_START


@settings(max_examples=200, deadline=None)
@given(arrivals, st.lists(st.integers(min_value=1, max_value=20), min_size=1, max_size=10))
def test_everyone_is_served_exactly_once(
    tickets: list[tuple[int, str, int]], service_minutes: list[int]
) -> None:
    served = [chosen.id for chosen, _now, _queue in simulate(tickets, service_minutes, 2)]
    assert sorted(served) == list(range(1, len(tickets) + 1))


@settings(max_examples=100, deadline=None)
@given(arrivals)
def test_order_does_not_depend_on_the_order_the_queue_was_read_in(
    tickets: list[tuple[int, str, int]],
) -> None:
    entries = [walk_in(n, at, c, g) for n, (at, c, g) in enumerate(tickets, 1)]
    now = minutes(200)
    first = next_ticket(entries, counter_id=1, group_ids=[GROUP_A, GROUP_B], now=now)
    again = next_ticket(entries[::-1], counter_id=1, group_ids=[GROUP_A, GROUP_B], now=now)
    assert first == again


@settings(max_examples=200, deadline=None)
@given(
    arrivals,
    st.lists(
        st.tuples(st.integers(0, 180), st.sampled_from([0, 15, 30, 45, 60, 120, 165])),
        max_size=10,
    ),
    st.integers(min_value=0, max_value=200),
)
def test_bookings_in_their_turn_go_first_and_walk_ins_keep_the_bound(
    tickets: list[tuple[int, str, int]], bookings: list[tuple[int, int]], now_minute: int
) -> None:
    walk_ins = [walk_in(n, at, c, g) for n, (at, c, g) in enumerate(tickets, 1)]
    booked_entries = [booked(1000 + n, at, slot=slot) for n, (at, slot) in enumerate(bookings)]
    now = minutes(now_minute)
    queue = [e for e in walk_ins + booked_entries if e.issued_at <= now]
    chosen = next_ticket(queue, counter_id=1, group_ids=[GROUP_A, GROUP_B], now=now)
    in_turn = [
        e
        for e in booked_entries
        if e in queue and e.slot_start <= now and e.issued_at <= e.slot_end  # type: ignore[operator]
    ]
    if in_turn:
        assert chosen in in_turn
    elif chosen is not None:
        for other in queue:
            assert chosen.issued_at <= other.issued_at + HEAD_START
