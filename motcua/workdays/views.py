from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.tz import VN_TZ
from motcua.workdays.calendar import format_periods
from motcua.workdays.forms import DueForm
from motcua.workdays.selectors import calendar_year, weekday_name, working_calendar


def calendar(request: HttpRequest) -> HttpResponse:
    """Public: the year's days off and make-up days, and a due-date calculator."""
    cal = working_calendar()
    now = timezone.now().astimezone(VN_TZ)
    try:
        year = int(request.GET.get("year", now.year))
    except ValueError:
        raise Http404 from None
    if not cal.first_year <= year <= cal.last_year:
        raise Http404
    form = DueForm(
        request.GET if "start" in request.GET else None,
        initial={"start": now.replace(second=0, microsecond=0, tzinfo=None)},
    )
    due = None
    if form.is_bound and form.is_valid():
        try:
            due = form.due(cal)
        except ValueError:
            form.add_error(None, _("Ngày hẹn trả nằm ngoài phạm vi của lịch."))
    return render(
        request,
        "workdays/calendar.html",
        {
            "year": year,
            "years": range(cal.first_year, cal.last_year + 1),
            "entries": calendar_year(year=year),
            "hours": format_periods(cal.periods).replace("-", "–"),
            "hours_per_day": cal.hours_per_day,
            "form": form,
            "due": due,
            "due_weekday": weekday_name(due.date()) if due else "",
        },
    )
