"""The public open-data page of the published figures, with CSV and JSON downloads."""

import csv
from decimal import Decimal

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from motcua.indicators import open_data


@require_GET
def page(request: HttpRequest) -> HttpResponse:
    return render(request, "indicators/open_data.html", {"published": open_data.published()})


def _plain(value: object) -> object:
    """A figure as a JSON number: whole figures without decimals."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


@require_GET
def as_json(request: HttpRequest) -> JsonResponse:
    records = [{k: _plain(v) for k, v in r.items()} for r in open_data.records()]
    return JsonResponse(
        {"truong": open_data.FIELDS, "du_lieu": records},
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def as_csv(request: HttpRequest) -> HttpResponse:
    # With a byte-order mark: Excel opens UTF-8 Vietnamese correctly only with it.
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="so-lieu-chi-tieu-cong-bo.csv"'
    response.write("\ufeff")
    writer = csv.DictWriter(response, fieldnames=open_data.FIELDS)
    writer.writeheader()
    for record in open_data.records():
        writer.writerow({k: _plain(v) if v is not None else "" for k, v in record.items()})
    return response
