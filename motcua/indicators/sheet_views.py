"""The exchange spreadsheet on the site (import with a preview, export, the blank template)
and the entry form for one figure: the same reading and checks as the command line."""

import base64
import binascii
from io import BytesIO

from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from motcua.accounts.decorators import officer_required
from motcua.accounts.http import AuthenticatedHttpRequest
from motcua.indicators import access, screens
from motcua.indicators.exchange import blank_template, export_sheet
from motcua.indicators.forms import ConfirmForm, FigureForm, PeriodForm, SheetForm
from motcua.indicators.models import Indicator, Value
from motcua.indicators.periods import Period
from motcua.indicators.selectors import open_warnings
from motcua.indicators.services.figures import IndicatorsError, value_record
from motcua.indicators.services.publishing import sheet_preview
from motcua.indicators.services.sheets import sheet_import
from motcua.indicators.sheet import Sheet, read_sheet
from motcua.indicators.views import dashboard_url
from motcua.indicators.wording import FigureKind
from motcua.units.models import AdministrativeUnit
from motcua.units.selectors import today

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@officer_required
@require_GET
def template(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The blank exchange spreadsheet, with one example of each kind of row."""
    form = PeriodForm(request.GET if "year" in request.GET else None)
    year, _period = form.chosen(today().year)
    return _xlsx(blank_template(year=year), f"bieu-chi-tieu-mau-{year}.xlsx")


@officer_required
@require_GET
def export(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    """The unit's current figures in the exchange layout, the computed columns filled."""
    unit = access.unit_read(viewer=request.user, unit_id=unit_id)
    form = PeriodForm(request.GET if "year" in request.GET else None)
    year, period = form.chosen(screens.default_year(unit=unit))
    data = export_sheet(unit=unit, year=year, period=period)
    return _xlsx(data, f"bieu-chi-tieu-{unit.code}-{period.code}-{year}.xlsx")


def _read(data: bytes, year: int, period: Period) -> Sheet:
    return read_sheet(BytesIO(data), year=year, period=period)


@officer_required
def sheet_upload(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    """Upload → every refused row with its line number, nothing written; or a preview of
    what would be recorded → confirm → recorded (the file is read and checked again)."""
    unit = access.unit_write(viewer=request.user, unit_id=unit_id)
    context: dict[str, object] = {"unit": unit}
    year_default = screens.default_year(unit=unit)
    if request.method == "POST" and "content" in request.POST:
        return _confirm(request, unit)
    if request.method == "POST":
        form = SheetForm(request.POST, request.FILES)
        if form.is_valid():
            year, period = form.chosen(year_default)
            data = form.cleaned_data["sheet"].read()
            name = form.cleaned_data["sheet"].name
            context.update(_preview(request, unit, data, name, year, period))
    else:
        form = SheetForm(initial={"year": year_default, "period": "year"})
    context["form"] = form
    context["query"] = f"year={year_default}"
    return render(request, "indicators/import.html", context)


def _preview(
    request: AuthenticatedHttpRequest,
    unit: AdministrativeUnit,
    data: bytes,
    name: str,
    year: int,
    period: Period,
) -> dict[str, object]:
    sheet = _read(data, year, period)
    try:
        result = sheet_preview(
            actor=request.user, sheet=sheet, unit=unit, period=period, source=f"import:{name}"
        )
    except IndicatorsError as error:
        return {"refusals": error.refusals, "file_name": name}
    return {
        "sheet": sheet,
        "result": result,
        "file_name": name,
        "period_label": period.label(year),
        "confirm": ConfirmForm(
            initial={
                "year": year,
                "period": period.code,
                "name": name,
                "content": base64.b64encode(data).decode(),
            }
        ),
    }


def _confirm(request: AuthenticatedHttpRequest, unit: AdministrativeUnit) -> HttpResponse:
    form = ConfirmForm(request.POST)
    try:
        valid = form.is_valid()
        data = base64.b64decode(form.cleaned_data["content"], validate=True) if valid else b""
    except binascii.Error:
        valid = False
    if not valid:
        messages.error(request, _("Không đọc được tệp đã xem trước: hãy tải lên lại."))
        return redirect("indicators:import", unit.pk)
    year, period = form.chosen(screens.default_year(unit=unit))
    name = form.cleaned_data["name"]
    sheet = _read(data, year, period)
    try:
        result = sheet_import(
            actor=request.user, sheet=sheet, unit=unit, period=period, source=f"import:{name}"
        )
    except IndicatorsError as error:
        return render(
            request,
            "indicators/import.html",
            {
                "unit": unit,
                "form": SheetForm(initial={"year": year, "period": period.code}),
                "refusals": error.refusals,
                "file_name": name,
            },
        )
    if result.changed:
        messages.success(
            request,
            _("Đã nhập %(name)s: %(values)s số liệu mới, %(targets)s chỉ tiêu được giao.")
            % {
                "name": name,
                "values": result.values_added,
                "targets": result.targets_changed,
            },
        )
    else:
        messages.info(request, _("Biểu đã được nhập trước đây: không có gì thay đổi."))
    return redirect(dashboard_url(unit, year, period))


def entry_indicators(unit: AdministrativeUnit) -> QuerySet[Indicator]:
    """The indicators a figure may be entered for: those the unit already has, or any."""
    own = Indicator.objects.filter(
        Q(pk__in=Value.objects.filter(unit=unit).values("indicator_id"))
        | Q(targets__target_set__unit=unit)
    ).distinct()
    return own if own.exists() else Indicator.objects.all()


@officer_required
def figure_entry(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    """One figure (plan, estimate, actual, same period) for an indicator and period: a new
    row beside the earlier ones; the checks run again and their warnings are shown."""
    unit = access.unit_write(viewer=request.user, unit_id=unit_id)
    indicators = entry_indicators(unit)
    year_default = screens.default_year(unit=unit)
    if request.method == "POST":
        form = FigureForm(request.POST, indicators=indicators)
        if form.is_valid():
            year, period = form.chosen(year_default)
            data = form.cleaned_data
            value_record(
                actor=request.user,
                indicator=data["indicator"],
                unit=unit,
                year=year,
                period=period,
                figure=FigureKind(data["figure"]),
                number=data["number_value"],
                given_percent_of_plan=data["percent_of_plan_value"],
                given_ratio_to_same_period=data["ratio_to_same_period_value"],
                note=data["note"],
                source="form",
            )
            messages.success(request, _("Đã ghi số liệu; số liệu trước đó vẫn được lưu."))
            return redirect(f"{request.path}?year={year}&period={period.code}")
    else:
        initial = {"year": year_default, "period": "year", "figure": FigureKind.ACTUAL.value}
        initial.update({k: v for k, v in request.GET.items() if k in ("year", "period")})
        form = FigureForm(initial=initial, indicators=indicators)
    year, period = PeriodForm(request.GET if "year" in request.GET else None).chosen(year_default)
    warnings = list(open_warnings(unit=unit, year=year, period=period))
    return render(
        request,
        "indicators/entry.html",
        {
            "unit": unit,
            "form": form,
            "warnings": warnings,
            "period_label": period.label(year),
            "back": dashboard_url(unit, year, period),
            "query": f"year={year}&period={period.code}",
        },
    )
