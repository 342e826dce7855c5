"""Online booking: a citizen books a slot of a service group, or cancels the booking
before checking in (the check-in itself issues a ticket: `tickets`)."""

import secrets
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.core.audit import audit_record
from motcua.core.tz import VN_TZ
from motcua.hall.models import Appointment, ServiceGroup, Ticket
from motcua.hall.selectors import appointment_slots
from motcua.hall.services.common import HallError, act_moment

# Letters and digits a person cannot misread on a phone screen (no 0/O, 1/I/L).
BOOKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


BOOKING_CODE_LENGTH = 8


def _booking_code() -> str:
    return "".join(secrets.choice(BOOKING_ALPHABET) for _ in range(BOOKING_CODE_LENGTH))


def appointment_book(
    *,
    group: ServiceGroup,
    slot_start: datetime,
    citizen_name: str,
    phone: str,
    at: datetime | None = None,
) -> Appointment:
    """Book a slot of `appointment_slots()` that still has room. The same person booking
    the same slot again (a double submit, a reload of the posted form) gets the booking
    already made."""
    now = act_moment(at)
    citizen_name = " ".join(citizen_name.split())
    phone = "".join(phone.split())
    if not citizen_name:
        raise HallError(_("Cần nhập họ và tên."))
    if not (phone.isdigit() and 9 <= len(phone) <= 11):
        raise HallError(_("Số điện thoại không hợp lệ: %(phone)s") % {"phone": phone})
    with transaction.atomic():
        # Lock the group: two bookings of the last place in a slot are served in turn.
        group = (
            ServiceGroup.objects.select_for_update().select_related("hall__agency").get(pk=group.pk)
        )
        same = Appointment.objects.filter(
            group=group, slot_start=slot_start, citizen_name=citizen_name, phone=phone
        ).first()
        if same is not None:
            return same
        day = slot_start.astimezone(VN_TZ).date()
        slot = next(
            (s for s in appointment_slots(group=group, day=day) if s.start == slot_start), None
        )
        if slot is None or slot.start <= now:
            raise HallError(_("Khung giờ này không nhận đặt lịch."))
        if slot.free <= 0:
            raise HallError(_("Khung giờ này đã hết chỗ, xin chọn khung giờ khác."))
        appointment = Appointment.objects.create(
            group=group,
            slot_start=slot.start,
            slot_end=slot.end,
            citizen_name=citizen_name,
            phone=phone,
            booking_code=_booking_code(),
            booked_at=now,
        )
        audit_record(
            actor=None,
            action="hall.appointment_booked",
            target=appointment,
            agency=group.hall.agency,
            payload={"slot_start": slot.start},
        )
    return appointment


def appointment_cancel(*, booking_code: str, phone: str, at: datetime | None = None) -> None:
    """Cancel a booking not yet checked in, frees its place. A wrong code and a wrong
    phone get the same refusal, so codes cannot be probed."""
    code = "".join(booking_code.split()).upper()
    with transaction.atomic():
        appointment = (
            Appointment.objects.select_for_update()
            .select_related("group__hall__agency")
            .filter(booking_code=code, phone="".join(phone.split()))
            .first()
        )
        if appointment is None:
            raise HallError(_("Không tìm thấy lịch hẹn với mã và số điện thoại này."))
        if Ticket.objects.filter(appointment=appointment).exists():
            raise HallError(_("Lịch hẹn này đã được dùng để lấy số, không hủy được nữa."))
        if appointment.slot_end <= act_moment(at):
            raise HallError(_("Lịch hẹn này đã qua."))
        audit_record(
            actor=None,
            action="hall.appointment_cancelled",
            target=appointment,
            agency=appointment.group.hall.agency,
            payload={"slot_start": appointment.slot_start},
        )
        appointment.delete()
