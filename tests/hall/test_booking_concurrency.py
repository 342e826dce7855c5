"""Simultaneous online bookings, on PostgreSQL (SQLite runs one writer at a time)."""

import pytest
from django.db import connection
from django.utils import timezone

from motcua.hall.booking_views import bookable_days
from motcua.hall.models import Appointment
from motcua.hall.selectors import appointment_slots
from motcua.hall.services.bookings import appointment_book
from motcua.hall.services.common import HallError
from tests.dossiers.factories import in_parallel, succeeded
from tests.hall.factories import hall_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks need PostgreSQL: run with DATABASE_URL=postgres://...",
    ),
]


def test_same_form_submitted_at_once_books_one_appointment(agency_a) -> None:
    setup = hall_for(agency_a)
    day = bookable_days(hall=setup.hall, now=timezone.now())[1]
    start = appointment_slots(group=setup.civil, day=day)[0].start

    results = in_parallel(
        *[
            lambda: appointment_book(
                group=setup.civil, slot_start=start, citizen_name="Trần Văn An", phone="0912345678"
            )
            for _ in range(6)
        ]
    )

    assert succeeded(results)
    assert len({r.pk for r in results}) == 1
    assert Appointment.objects.count() == 1


def test_people_racing_for_the_last_place_get_one_booking_and_a_clear_refusal(agency_a) -> None:
    setup = hall_for(agency_a)
    day = bookable_days(hall=setup.hall, now=timezone.now())[1]
    start = appointment_slots(group=setup.civil, day=day)[0].start

    results = in_parallel(
        *[
            lambda i=i: appointment_book(
                group=setup.civil,
                slot_start=start,
                citizen_name=f"Người {i}",
                phone=f"091234567{i}",
            )
            for i in range(6)
        ]
    )

    refused = [r for r in results if isinstance(r, HallError)]
    assert len(refused) == 5
    assert all("hết chỗ" in r.message for r in refused)
    assert Appointment.objects.count() == 1
