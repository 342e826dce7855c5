"""The public online booking through the Django test client: book, see it full, cancel,
and check in at the kiosk with the code."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from motcua.core.audit import AuditEvent
from motcua.core.tz import VN_TZ
from motcua.hall.booking_views import BOOKABLE_DAYS, bookable_days, slot_choices
from motcua.hall.models import Appointment, Hall
from motcua.hall.selectors import Slot, appointment_slots
from motcua.hall.services.bookings import appointment_book
from motcua.hall.services.tickets import appointment_check_in
from tests.hall.factories import MONDAY_8AM, HallSetup, hall_for

pytestmark = pytest.mark.django_db


def _tomorrow_on(hall: Hall) -> date:
    """The second bookable day: every slot of it is still ahead, whatever the hour."""
    return bookable_days(hall=hall, now=timezone.now())[1]


def _first_slot(hall_a: HallSetup) -> Slot:
    return appointment_slots(group=hall_a.civil, day=_tomorrow_on(hall_a.hall))[0]


def _post(hall_a: HallSetup, slot: Slot, name: str = "Trần Văn An", phone: str = "0912 345 678"):
    return Client().post(
        f"/hall/book/{hall_a.hall.pk}/",
        {
            "group": hall_a.civil.pk,
            "day": slot.start.astimezone(VN_TZ).date().isoformat(),
            "slot": slot.start.astimezone(VN_TZ).isoformat(),
            "citizen_name": name,
            "phone": phone,
        },
    )


def test_citizen_books_a_slot_sees_the_code_and_checks_in_at_the_kiosk_with_it(
    hall_a: HallSetup,
) -> None:
    index = Client().get("/hall/book/")
    assert hall_a.hall.name in index.content.decode()
    slot = _first_slot(hall_a)

    response = _post(hall_a, slot)

    booked = Appointment.objects.get()
    assert (booked.slot_start, booked.phone) == (slot.start, "0912345678")
    assert response["Location"] == f"/hall/book/ok/{booked.booking_code}/"
    page = Client().get(response["Location"]).content.decode()
    assert booked.booking_code in page
    assert "Hộ tịch" in page
    assert f"tháng {slot.start.astimezone(VN_TZ).month} năm" in page
    assert "<svg" in page
    assert "Đến trước giờ hẹn, quét mã hoặc nhập mã tại máy lấy số." in page
    assert "0912345678" not in page  # the code's page does not show the phone

    ticket = appointment_check_in(booking_code=booked.booking_code, at=slot.start)
    assert ticket.appointment == booked
    assert ticket.code.startswith("A")


def test_full_slot_is_shown_disabled_and_booking_it_is_refused(hall_a: HallSetup) -> None:
    slot = _first_slot(hall_a)
    # Two counters serve the group, half are bookable: one place per slot.
    appointment_book(
        group=hall_a.civil, slot_start=slot.start, citizen_name="Lê Thị Hoa", phone="0987654321"
    )

    day = slot.start.astimezone(VN_TZ).date().isoformat()
    page = Client().get(f"/hall/book/{hall_a.hall.pk}/?group={hall_a.civil.pk}&day={day}")
    assert "hết chỗ" in page.content.decode()
    opened = {s.start: is_open for s, is_open in page.context["slots"]}
    assert opened[slot.start] is False

    response = _post(hall_a, slot)
    assert response.status_code == 400
    assert "đã hết chỗ" in response.content.decode()
    assert Appointment.objects.count() == 1


def test_only_the_next_ten_working_days_are_offered(hall_a: HallSetup) -> None:
    page = Client().get(f"/hall/book/{hall_a.hall.pk}/?group={hall_a.civil.pk}")
    days = page.context["days"]
    assert len(days) == BOOKABLE_DAYS
    assert all(day.weekday() < 5 for day in days)
    assert days == sorted(days)


def test_weekend_is_not_offered_and_a_saturday_in_the_address_is_ignored(hall_a: HallSetup) -> None:
    saturday = date(2025, 7, 5)
    assert bookable_days(hall=hall_a.hall, now=MONDAY_8AM - timedelta(days=2))[:2] == [
        date(2025, 7, 7),
        date(2025, 7, 8),
    ]
    page = Client().get(
        f"/hall/book/{hall_a.hall.pk}/?group={hall_a.civil.pk}&day={saturday.isoformat()}"
    )
    assert page.context["day"] == page.context["days"][0]
    assert appointment_slots(group=hall_a.civil, day=saturday) == []


def test_bad_phone_is_refused_with_a_message_and_nothing_written(hall_a: HallSetup) -> None:
    events = AuditEvent.objects.count()
    response = _post(hall_a, _first_slot(hall_a), phone="0212345678")
    assert response.status_code == 400
    assert "Số điện thoại di động không hợp lệ" in response.content.decode()
    assert Appointment.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_phone_written_with_plus_84_is_kept_as_a_national_number(hall_a: HallSetup) -> None:
    _post(hall_a, _first_slot(hall_a), phone="+84 912.345.678")
    assert Appointment.objects.get().phone == "0912345678"


def test_double_submitted_booking_form_creates_one_appointment(hall_a: HallSetup) -> None:
    slot = _first_slot(hall_a)
    first = _post(hall_a, slot)
    second = _post(hall_a, slot)
    assert first["Location"] == second["Location"]
    assert Appointment.objects.count() == 1


def test_cancel_with_code_and_phone_frees_the_place(hall_a: HallSetup) -> None:
    slot = _first_slot(hall_a)
    _post(hall_a, slot)
    code = Appointment.objects.get().booking_code

    response = Client().post(
        "/hall/book/cancel/", {"booking_code": code.lower(), "phone": "0912345678"}, follow=True
    )

    assert "Đã hủy lịch hẹn" in response.content.decode()
    assert Appointment.objects.count() == 0
    assert AuditEvent.objects.filter(action="hall.appointment_cancelled").count() == 1
    assert _first_slot(hall_a).free == 1


def test_wrong_code_and_wrong_phone_get_the_same_answer(hall_a: HallSetup) -> None:
    _post(hall_a, _first_slot(hall_a))
    code = Appointment.objects.get().booking_code

    wrong_phone = Client().post("/hall/book/cancel/", {"booking_code": code, "phone": "0987654321"})
    wrong_code = Client().post(
        "/hall/book/cancel/", {"booking_code": "ZZZZ9999", "phone": "0912345678"}
    )

    assert wrong_phone.status_code == wrong_code.status_code == 400
    message = "Không tìm thấy lịch hẹn với mã và số điện thoại này."
    assert message in wrong_phone.content.decode()
    assert message in wrong_code.content.decode()
    assert Appointment.objects.count() == 1


def test_group_of_another_hall_is_404(hall_a: HallSetup, agency_b) -> None:
    other = hall_for(agency_b)
    page = Client().get(f"/hall/book/{hall_a.hall.pk}/?group={other.civil.pk}")
    assert page.status_code == 404


def test_kiosk_points_to_online_booking(hall_a: HallSetup, kiosk) -> None:
    page = kiosk.get(f"/hall/{hall_a.hall.pk}/kiosk/").content.decode()
    assert f'href="/hall/book/{hall_a.hall.pk}/"' in page


def test_today_is_offered_only_while_it_has_working_time_left(hall_a: HallSetup) -> None:
    monday = MONDAY_8AM.astimezone(VN_TZ).date()
    assert bookable_days(hall=hall_a.hall, now=MONDAY_8AM)[0] == monday
    evening = MONDAY_8AM + timedelta(hours=10)  # 18:00 in Hà Nội
    assert bookable_days(hall=hall_a.hall, now=evening)[0] == monday + timedelta(days=1)


def test_begun_and_full_slots_cannot_be_chosen(hall_a: HallSetup) -> None:
    monday = MONDAY_8AM.astimezone(VN_TZ).date()
    slots = appointment_slots(group=hall_a.civil, day=monday)
    full = Slot(start=slots[3].start, end=slots[3].end, capacity=1, booked=1)
    twenty_past_eight = MONDAY_8AM + timedelta(minutes=20)  # 08:20: 08:00 and 08:15 have begun

    choices = slot_choices([*slots[:3], full, slots[4]], now=twenty_past_eight)

    assert [is_open for _, is_open in choices] == [False, False, True, False, True]


def test_booking_page_reads_a_fixed_handful_of_queries(
    hall_a: HallSetup, django_assert_max_num_queries
) -> None:
    day = _tomorrow_on(hall_a.hall)
    for n, slot in enumerate(appointment_slots(group=hall_a.civil, day=day)[:3]):
        appointment_book(
            group=hall_a.civil, slot_start=slot.start, citizen_name=f"Người {n}", phone="0912345678"
        )
    with django_assert_max_num_queries(6):
        Client().get(f"/hall/book/{hall_a.hall.pk}/?group={hall_a.civil.pk}&day={day.isoformat()}")


def test_checked_in_booking_cannot_be_cancelled(hall_a: HallSetup) -> None:
    slot = _first_slot(hall_a)
    booked = appointment_book(
        group=hall_a.civil, slot_start=slot.start, citizen_name="Trần Văn An", phone="0912345678"
    )
    appointment_check_in(booking_code=booked.booking_code, at=slot.start)

    response = Client().post(
        "/hall/book/cancel/", {"booking_code": booked.booking_code, "phone": "0912345678"}
    )

    assert "không hủy được nữa" in response.content.decode()
    assert Appointment.objects.count() == 1
