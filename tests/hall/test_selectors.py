"""Hall selectors: queues, counters, last calls, estimates and the public ticket view."""

from datetime import timedelta

import pytest

from motcua.hall.models import Ticket
from motcua.hall.queueing import DEFAULT_SERVICE_TIME
from motcua.hall.selectors import (
    counter_last_served,
    group_queues,
    hall_revision,
    last_calls,
    now_serving,
    ticket_public,
)
from motcua.hall.services.tickets import ticket_call_next, ticket_finish, ticket_issue, ticket_start
from tests.hall.factories import MONDAY_8AM

pytestmark = pytest.mark.django_db


def test_group_queues_count_the_waiting_and_estimate_the_wait(hall_a, open_counter, officer_a):
    for _ in range(3):
        ticket_issue(hall=hall_a.hall, group=hall_a.civil)
    ticket_issue(hall=hall_a.hall, group=hall_a.land)
    ticket_call_next(actor=officer_a, counter=open_counter)
    civil, land = group_queues(hall=hall_a.hall)
    assert (civil.group, civil.waiting, civil.open_counters) == (hall_a.civil, 2, 1)
    assert civil.estimated_wait == 2 * DEFAULT_SERVICE_TIME
    # No counter of group B is open: no estimate rather than a wrong one.
    assert (land.waiting, land.open_counters, land.estimated_wait) == (1, 0, None)


def test_estimate_uses_the_recent_service_times(hall_a, open_counter, officer_a):
    for minute in range(0, 12, 4):
        ticket_issue(hall=hall_a.hall, group=hall_a.civil, at=MONDAY_8AM)
        ticket_call_next(actor=officer_a, counter=open_counter, at=MONDAY_8AM)
        ticket_start(
            actor=officer_a, counter=open_counter, at=MONDAY_8AM + timedelta(minutes=minute)
        )
        ticket_finish(
            actor=officer_a, counter=open_counter, at=MONDAY_8AM + timedelta(minutes=minute + 2)
        )
    ticket_issue(hall=hall_a.hall, group=hall_a.civil)
    civil, _land = group_queues(hall=hall_a.hall)
    assert civil.estimated_wait == timedelta(minutes=2)


def test_queue_reads_take_a_fixed_number_of_queries(
    hall_a, open_counter, officer_a, django_assert_num_queries
):
    for _ in range(10):
        ticket_issue(hall=hall_a.hall, group=hall_a.civil)
    ticket_call_next(actor=officer_a, counter=open_counter)
    with django_assert_num_queries(3):
        group_queues(hall=hall_a.hall)
    with django_assert_num_queries(2):
        now_serving(hall=hall_a.hall)
    with django_assert_num_queries(1):
        list(last_calls(hall=hall_a.hall))


def test_now_serving_and_last_calls(hall_a, open_counter, officer_a):
    first = ticket_issue(hall=hall_a.hall, group=hall_a.civil)
    ticket_call_next(actor=officer_a, counter=open_counter)
    statuses = now_serving(hall=hall_a.hall)
    assert [(s.counter.number, s.ticket) for s in statuses] == [(1, first), (2, None), (3, None)]
    assert list(last_calls(hall=hall_a.hall)) == [first]


def test_revision_counts_the_changes(hall_a):
    assert hall_revision(hall_id=hall_a.hall.pk) == 0
    ticket_issue(hall=hall_a.hall, group=hall_a.civil)
    assert hall_revision(hall_id=hall_a.hall.pk) == 1


def test_public_view_shows_people_ahead_and_the_estimate(hall_a, open_counter, officer_a):
    ticket_issue(hall=hall_a.hall, group=hall_a.civil)
    ticket_issue(hall=hall_a.hall, group=hall_a.land)
    mine = ticket_issue(hall=hall_a.hall, group=hall_a.civil)
    view = ticket_public(token=mine.token)
    assert view is not None
    assert (view.ticket, view.people_ahead, view.estimated_wait) == (
        mine,
        1,
        DEFAULT_SERVICE_TIME,
    )
    ticket_call_next(actor=officer_a, counter=open_counter)
    ticket_start(actor=officer_a, counter=open_counter)
    ticket_finish(actor=officer_a, counter=open_counter)
    called = ticket_call_next(actor=officer_a, counter=open_counter)
    assert called == mine
    view = ticket_public(token=mine.token)
    assert view is not None and view.people_ahead is None and view.ticket.counter == open_counter


def test_wrong_token_shows_nothing(hall_a):
    ticket_issue(hall=hall_a.hall, group=hall_a.civil)
    assert ticket_public(token="khong-dung") is None


def test_rating_device_asks_about_the_last_service_of_its_counter(hall_a, open_counter, officer_a):
    assert counter_last_served(counter=open_counter) is None
    ticket = ticket_issue(hall=hall_a.hall, group=hall_a.civil)
    ticket_call_next(actor=officer_a, counter=open_counter)
    ticket_start(actor=officer_a, counter=open_counter)
    assert counter_last_served(counter=open_counter) is None
    ticket_finish(actor=officer_a, counter=open_counter)
    assert counter_last_served(counter=open_counter) == Ticket.objects.get(pk=ticket.pk)
