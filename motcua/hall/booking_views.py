"""The public online booking of the service hall: choose a group, a working day and a
slot with room, give a name and a mobile number, get a booking code to check in with at
the kiosk; cancel with the code and the number. No sign-in, no JavaScript needed: each
choice is a link or a form of the same page."""

from datetime import date, datetime, timedelta
from typing import Any

import segno
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from motcua.accounts.contacts import InvalidContact, normalise_mobile
from motcua.core.tz import VN_TZ
from motcua.hall import queries, selectors
from motcua.hall.models import Appointment, Hall
from motcua.hall.services.bookings import appointment_book, appointment_cancel
from motcua.hall.services.common import HallError
from motcua.workdays.selectors import working_calendar

# How many working days ahead a slot can be booked.
BOOKABLE_DAYS = 10


class MobilePhoneField(forms.CharField):
    """A Vietnamese mobile number, normalised to 0xxxxxxxxx (+84 and spaces accepted)."""

    def clean(self, value: Any) -> str:
        try:
            return normalise_mobile(super().clean(value))
        except InvalidContact as error:
            raise ValidationError(
                gettext_lazy("Số điện thoại di động không hợp lệ, ví dụ: 0912 345 678.")
            ) from error


class BookingForm(forms.Form):
    slot = forms.DateTimeField(
        label=gettext_lazy("Khung giờ"),
        error_messages={"required": gettext_lazy("Xin chọn một khung giờ còn chỗ.")},
    )
    citizen_name = forms.CharField(label=gettext_lazy("Họ và tên"), max_length=200)
    phone = MobilePhoneField(label=gettext_lazy("Số điện thoại di động"), max_length=20)


class CancelForm(forms.Form):
    booking_code = forms.CharField(label=gettext_lazy("Mã đặt lịch"), max_length=20)
    phone = MobilePhoneField(label=gettext_lazy("Số điện thoại đã dùng khi đặt"), max_length=20)


def bookable_days(*, hall: Hall, now: datetime) -> list[date]:
    """The next BOOKABLE_DAYS working days of the hall's agency; today only while it
    still has working time left (else its slots would all be past)."""
    calendar = working_calendar(agency=hall.agency)
    local = now.astimezone(VN_TZ)
    day = local.date()
    if local.time() >= calendar.periods[-1].end:
        day += timedelta(days=1)
    days: list[date] = []
    # A year ahead is a bound no real calendar reaches with 10 working days to find.
    while len(days) < BOOKABLE_DAYS and day < local.date() + timedelta(days=366):
        if calendar.is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def slot_choices(
    slots: list[selectors.Slot], *, now: datetime
) -> list[tuple[selectors.Slot, bool]]:
    """Each slot with whether it can still be chosen: not full and not begun."""
    return [(slot, slot.free > 0 and slot.start > now) for slot in slots]


def _chosen_day(raw: str | None, days: list[date]) -> date | None:
    try:
        day = date.fromisoformat(raw) if raw else None
    except ValueError:
        return None
    return day if day in days else None


@require_GET
def halls(request: HttpRequest) -> HttpResponse:
    halls = Hall.objects.select_related("agency").order_by("agency__name", "name")
    return render(request, "hall/booking_halls.html", {"halls": halls})


@require_http_methods(["GET", "POST"])
def book(request: HttpRequest, hall_id: int) -> HttpResponse:
    hall = queries.hall_get(hall_id=hall_id)
    params = request.POST if request.method == "POST" else request.GET
    # Read through the hall, each group knows its hall (and agency) without a query.
    groups = list(hall.groups.all())
    group = None
    if params.get("group", "").isdigit():
        group = next((g for g in groups if g.pk == int(params["group"])), None)
        if group is None:
            raise Http404
    now = timezone.now()
    days = bookable_days(hall=hall, now=now)
    day = _chosen_day(params.get("day"), days) or (days[0] if days else None)
    form = BookingForm(request.POST or None)
    if request.method == "POST":
        if group is None:
            raise Http404
        if form.is_valid():
            try:
                appointment = appointment_book(
                    group=group,
                    slot_start=form.cleaned_data["slot"],
                    citizen_name=form.cleaned_data["citizen_name"],
                    phone=form.cleaned_data["phone"],
                )
            except HallError as error:
                form.add_error(None, error.message)
            else:
                return redirect("hall_booking:done", code=appointment.booking_code)
    slots = selectors.appointment_slots(group=group, day=day) if group and day else []
    context = {
        "hall": hall,
        "groups": groups,
        "group": group,
        "days": days,
        "day": day,
        "slots": slot_choices(slots, now=now),
        "form": form,
    }
    return render(request, "hall/booking.html", context, status=400 if form.errors else 200)


def _local(moment: datetime) -> datetime:
    return moment.astimezone(VN_TZ)


@require_GET
def done(request: HttpRequest, code: str) -> HttpResponse:
    """The confirmation: the code is unguessable, and the page shows no phone or name."""
    appointment = get_object_or_404(
        Appointment.objects.select_related("group__hall__agency"), booking_code=code
    )
    context = {
        "appointment": appointment,
        "day": _local(appointment.slot_start).date(),
        "start": _local(appointment.slot_start),
        "end": _local(appointment.slot_end),
        "qr_svg": segno.make(appointment.booking_code, error="m").svg_inline(scale=5),
    }
    return render(request, "hall/booking_done.html", context)


@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest) -> HttpResponse:
    form = CancelForm(request.POST or None, initial={"booking_code": request.GET.get("code", "")})
    if request.method == "POST" and form.is_valid():
        try:
            appointment_cancel(
                booking_code=form.cleaned_data["booking_code"], phone=form.cleaned_data["phone"]
            )
        except HallError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã hủy lịch hẹn. Cảm ơn ông/bà đã báo trước."))
            return redirect("hall_booking:cancel")
    return render(
        request, "hall/booking_cancel.html", {"form": form}, status=400 if form.errors else 200
    )
