"""The calendar admin goes through the services."""

from datetime import date

from motcua.workdays.models import CalendarOverride, WorkingHours
from motcua.workdays.selectors import working_calendar


def test_administrator_confirms_a_make_up_saturday_in_the_admin(
    client, official_calendar, calendar_admin
):
    client.force_login(calendar_admin)
    override = CalendarOverride.objects.get(day=date(2026, 8, 22))
    assert not working_calendar().is_working_day(override.day)
    response = client.post(
        f"/admin/workdays/calendaroverride/{override.pk}/change/",
        {
            "kind": "work",
            "reason": override.reason,
            "legal_reference": "Thông báo đã đối chiếu",
            "confirmed": "on",
        },
    )
    assert response.status_code == 302
    override.refresh_from_db()
    assert override.confirmed and override.updated_by == calendar_admin
    assert working_calendar().is_working_day(override.day)


def test_administrator_adds_and_deletes_an_agency_day_off(client, calendar_admin, agency_a):
    client.force_login(calendar_admin)
    response = client.post(
        "/admin/workdays/calendaroverride/add/",
        {"day": "2026-03-02", "kind": "off", "reason": "Nghỉ tránh bão", "agency": agency_a.pk},
    )
    assert response.status_code == 302
    override = CalendarOverride.objects.get()
    assert not working_calendar(agency=agency_a).is_working_day(date(2026, 3, 2))
    response = client.post(
        f"/admin/workdays/calendaroverride/{override.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert working_calendar(agency=agency_a).is_working_day(date(2026, 3, 2))


def test_invalid_working_hours_are_shown_as_a_form_error(client, calendar_admin, agency_a):
    client.force_login(calendar_admin)
    response = client.post(
        "/admin/workdays/workinghours/add/", {"agency": agency_a.pk, "periods": "8h-12h"}
    )
    assert response.status_code == 200
    assert "Giờ làm việc không hợp lệ" in response.content.decode()
    assert not WorkingHours.objects.exists()
    client.post(
        "/admin/workdays/workinghours/add/", {"agency": agency_a.pk, "periods": "7:30-11:30"}
    )
    assert WorkingHours.objects.get().updated_by == calendar_admin
