"""The indicators dashboard of a unit and period, the drill-down into an indicator, the
report download, accepting a warning and publishing. Scope: `access` (404 outside)."""

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from motcua.accounts.decorators import officer_required
from motcua.accounts.http import AuthenticatedHttpRequest
from motcua.dossiers.pdf import OFFICIAL_LANGUAGE, PdfUnavailable
from motcua.indicators import access, screens
from motcua.indicators.forms import AcceptForm, PeriodForm
from motcua.indicators.periods import Period
from motcua.indicators.rendering import render_docx, render_markdown, render_pdf
from motcua.indicators.report import build_report
from motcua.indicators.services.figures import IndicatorsError, warning_accept
from motcua.indicators.services.publishing import figures_publish
from motcua.units.models import AdministrativeUnit

REPORT_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def chosen_period(
    request: AuthenticatedHttpRequest, unit: AdministrativeUnit
) -> tuple[int, Period]:
    data = request.GET if request.method == "GET" else request.POST
    form = PeriodForm(data if "year" in data else None)
    return form.chosen(screens.default_year(unit=unit))


def period_query(year: int, period: Period) -> str:
    return urlencode({"year": str(year), "period": period.code})


def dashboard_url(unit: AdministrativeUnit, year: int, period: Period) -> str:
    return f"{reverse('indicators:dashboard', args=[unit.pk])}?{period_query(year, period)}"


@officer_required
@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """The viewer's own unit, or the list of units they read when they have none."""
    units = access.units_with_figures(viewer=request.user)
    home = access.home_unit(viewer=request.user)
    if home is not None and access.can_read(request.user, home):
        return redirect("indicators:dashboard", home.pk)
    if not units:
        raise Http404
    return redirect("indicators:dashboard", units[0].pk)


@officer_required
@require_GET
def dashboard(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    unit = access.unit_read(viewer=request.user, unit_id=unit_id)
    year, period = chosen_period(request, unit)
    board = screens.dashboard(viewer=request.user, unit=unit, year=year, period=period)
    years = sorted({*board.years, year}, reverse=True)
    return render(
        request,
        "indicators/dashboard.html",
        {
            "board": board,
            "unit": unit,
            "units": access.units_with_figures(viewer=request.user),
            "years": years,
            "period_choices": PeriodForm.base_fields["period"].choices,  # type: ignore[attr-defined]
            "query": period_query(year, period),
            "can_write": access.can_write(request.user, unit),
            "accept_form": AcceptForm(),
        },
    )


@officer_required
@require_GET
def indicator(request: AuthenticatedHttpRequest, unit_id: int, indicator_id: int) -> HttpResponse:
    unit = access.unit_read(viewer=request.user, unit_id=unit_id)
    year, period = chosen_period(request, unit)
    found = screens.drill(
        viewer=request.user, unit=unit, year=year, period=period, indicator_id=indicator_id
    )
    if found is None:
        raise Http404
    return render(
        request,
        "indicators/indicator.html",
        {
            "drill": found,
            "unit": unit,
            "year": year,
            "period": period,
            "period_label": period.label(year),
            "query": period_query(year, period),
            "back": dashboard_url(unit, year, period),
        },
    )


@officer_required
@require_GET
def report(request: AuthenticatedHttpRequest, unit_id: int, fmt: str) -> HttpResponse:
    """The narrative report of the unit and period, as .docx, .pdf or .md."""
    unit = access.unit_read(viewer=request.user, unit_id=unit_id)
    year, period = chosen_period(request, unit)
    if fmt not in REPORT_TYPES:
        raise Http404
    # An official Vietnamese document whatever the page's language.
    with translation.override(OFFICIAL_LANGUAGE):
        built = build_report(unit=unit, year=year, period=period)
        try:
            if fmt == "md":
                data: bytes = render_markdown(built).encode()
            else:
                data = render_docx(built) if fmt == "docx" else render_pdf(built)
        except PdfUnavailable as error:
            messages.error(request, str(error))
            return redirect(dashboard_url(unit, year, period))
    response = HttpResponse(data, content_type=REPORT_TYPES[fmt])
    name = f"bao-cao-chi-tieu-{unit.code}-{period.code}-{year}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@officer_required
@require_POST
def accept(request: AuthenticatedHttpRequest, unit_id: int, warning_id: int) -> HttpResponse:
    unit = access.unit_write(viewer=request.user, unit_id=unit_id)
    warning = screens.warning_get(unit=unit, warning_id=warning_id)
    if warning is None:
        raise Http404
    form = AcceptForm(request.POST)
    back = dashboard_url(unit, warning.year, Period.parse(warning.period))
    if not form.is_valid():
        messages.error(request, _("Cần ghi lý do chấp nhận cảnh báo."))
        return redirect(back)
    try:
        warning_accept(actor=request.user, warning=warning, reason=form.cleaned_data["reason"])
    except IndicatorsError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã chấp nhận cảnh báo, có ghi lý do."))
    return redirect(back)


@officer_required
@require_POST
def publish(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    """ "Công bố": the unit's figures for the period on the open-data page."""
    unit = access.unit_write(viewer=request.user, unit_id=unit_id)
    year, period = chosen_period(request, unit)
    try:
        figures_publish(actor=request.user, unit=unit, year=year, period=period)
    except IndicatorsError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Đã công bố số liệu %(period)s trên trang dữ liệu mở.")
            % {"period": period.label(year)},
        )
    return redirect(dashboard_url(unit, year, period))
