from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.units import selectors
from motcua.units.errors import PlaceNotFound, UnitNotFound
from motcua.units.forms import OnDateForm, ResolveForm


def resolve(request: HttpRequest) -> HttpResponse:
    """Public: a written address and a date → the unit then, and who has taken it over since."""
    form = ResolveForm(request.GET or None, initial={"on": selectors.today()})
    resolution = None
    if form.is_bound and form.is_valid():
        try:
            resolution = selectors.address_resolve(
                text=form.cleaned_data["address"], on_date=form.on_date()
            )
        except PlaceNotFound as error:
            form.add_error("address", str(error))
    return render(request, "units/resolve.html", {"form": form, "resolution": resolution})


def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Public: one version of a unit, its children on a date, what it came from and became."""
    try:
        unit = selectors.unit_get(pk=pk)
    except UnitNotFound as error:
        raise Http404(str(error)) from error
    form = OnDateForm(request.GET or None)
    on_date = form.on_date() if form.is_bound else selectors.unit_reference_date(unit=unit)
    context = {
        "unit": unit,
        "form": form,
        "on_date": on_date,
        "children": selectors.unit_children_on(unit=unit, on_date=on_date),
        "predecessions": selectors.unit_predecessions(unit=unit),
        "successions": selectors.unit_successions(unit=unit),
        "current_successors": selectors.current_successors(unit=unit),
    }
    return render(request, "units/unit_detail.html", context)
