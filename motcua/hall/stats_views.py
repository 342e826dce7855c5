"""The hall statistics page and its CSV export, for centre managers and leaders.

A hall the viewer may not read does not exist (404): a ward's leader reads the halls of
their unit, a centre manager those of their scope; an officer whose role does not read
statistics gets a clear 403."""

import csv
from datetime import date, timedelta
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from motcua.accounts.decorators import officer_required
from motcua.accounts.http import AuthenticatedHttpRequest
from motcua.catalog.selectors import today
from motcua.core.formatting import number
from motcua.hall.charts import BarChart, Value, bar_chart
from motcua.hall.models import Hall
from motcua.hall.selectors import group_queues
from motcua.hall.statistics import Summary, Table, can_read_stats, hall_statistics, stats_halls

# A quarter at most: a busy hall's month (31,000 tickets) takes ~0,7 s on SQLite and
# ~1,5 s on PostgreSQL to tabulate; a year is a report for the indicators app.
MAX_DAYS = 92
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class PeriodForm(forms.Form):
    first = forms.DateField(
        label=gettext_lazy("Từ ngày"), required=False, input_formats=DATE_FORMATS
    )
    last = forms.DateField(
        label=gettext_lazy("Đến ngày"), required=False, input_formats=DATE_FORMATS
    )

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        first: date = data.get("first") or today()
        last: date = data.get("last") or today()
        if first > last:
            raise forms.ValidationError(gettext_lazy("Ngày bắt đầu phải trước ngày kết thúc."))
        if (last - first).days >= MAX_DAYS:
            raise forms.ValidationError(
                gettext_lazy("Chọn khoảng thời gian không quá %(days)d ngày."),
                params={"days": MAX_DAYS},
            )
        data["first"], data["last"] = first, last
        return data

    def period(self) -> tuple[date, date]:
        """The period asked for, or today when none or an invalid one was given."""
        if self.is_valid():
            return self.cleaned_data["first"], self.cleaned_data["last"]
        return today(), today()


def _minutes(seconds: float | None) -> Value:
    if seconds is None:
        return Value(None, "–")
    return Value(seconds / 60, number(seconds / 60, 1))


def stats_charts(tables: list[Table]) -> list[BarChart]:
    """What the tables say at a glance: the tickets per day (per hour of a single day),
    and the mean waiting and service times per group. The tables stay the reference."""
    by = {table.dimension: table for table in tables}
    arrivals = by.get("day") or by["hour"]
    title = (
        _("Số phiếu theo ngày") if arrivals.dimension == "day" else _("Số phiếu theo giờ lấy số")
    )
    return [
        bar_chart(
            title,
            [_("Số phiếu")],
            [(row.key, [Value(row.tickets, number(row.tickets))]) for row in arrivals.rows],
        ),
        bar_chart(
            _("Thời gian chờ và phục vụ trung bình theo nhóm dịch vụ (phút)"),
            [_("Chờ"), _("Phục vụ")],
            [
                (row.key, [_minutes(row.wait.mean), _minutes(row.service.mean)])
                for row in by["group"].rows
            ],
        ),
    ]


def _hall(request: AuthenticatedHttpRequest, hall_id: int) -> Hall:
    if not can_read_stats(request.user):
        raise PermissionDenied(_("Chỉ quản lý trung tâm và lãnh đạo xem được thống kê sảnh."))
    return get_object_or_404(stats_halls(user=request.user), pk=hall_id)


@officer_required
@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The first hall the viewer may read; most centres have one."""
    if not can_read_stats(request.user):
        raise PermissionDenied(_("Chỉ quản lý trung tâm và lãnh đạo xem được thống kê sảnh."))
    hall = stats_halls(user=request.user).first()
    if hall is None:
        return render(request, "hall/stats_empty.html")
    return redirect("hall_stats:hall", hall_id=hall.pk)


@officer_required
@require_GET
def hall_page(request: AuthenticatedHttpRequest, hall_id: int) -> HttpResponse:
    hall = _hall(request, hall_id)
    form = PeriodForm(request.GET or None)
    first, last = form.period()
    # The queue now, beside the period's figures: minutes of the core's estimate.
    minute = timedelta(minutes=1)
    live = [
        (queue, None if queue.estimated_wait is None else queue.estimated_wait / minute)
        for queue in group_queues(hall=hall)
    ]
    tables = hall_statistics(hall=hall, first=first, last=last)
    context = {
        "hall": hall,
        "live": live,
        "halls": stats_halls(user=request.user),
        "form": form,
        "first": first,
        "last": last,
        "tables": tables,
        "charts": stats_charts(tables),
        "query": request.GET.urlencode(),
    }
    return render(request, "hall/stats.html", context)


def _seconds(value: float | None) -> str:
    # Whole seconds: a plain integer reads the same in every spreadsheet locale.
    return "" if value is None else str(round(value))


def _summary_cells(summary: Summary) -> list[str]:
    return [str(summary.count), *map(_seconds, (summary.mean, summary.median, summary.p90))]


def write_csv(response: HttpResponse, tables: list[Table]) -> None:
    # The BOM makes Excel read UTF-8 (the Vietnamese letters) rather than the ANSI page.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Bảng"),
            _("Nhóm"),
            _("Số phiếu"),
            _("Số lượt chờ"),
            _("Chờ trung bình (giây)"),
            _("Chờ trung vị (giây)"),
            _("Chờ P90 (giây)"),
            _("Số lượt phục vụ"),
            _("Phục vụ trung bình (giây)"),
            _("Phục vụ trung vị (giây)"),
            _("Phục vụ P90 (giây)"),
            _("Vắng mặt"),
        ]
    )
    for table in tables:
        for row in table.rows:
            writer.writerow(
                [
                    table.name,
                    row.key,
                    row.tickets,
                    *_summary_cells(row.wait),
                    *_summary_cells(row.service),
                    row.no_shows,
                ]
            )


@officer_required
@require_GET
def hall_csv(request: AuthenticatedHttpRequest, hall_id: int) -> HttpResponse:
    hall = _hall(request, hall_id)
    first, last = PeriodForm(request.GET or None).period()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"thong-ke-sanh-{hall.pk}-{first:%Y%m%d}-{last:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    write_csv(response, hall_statistics(hall=hall, first=first, last=last))
    return response
