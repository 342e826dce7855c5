"""Public pages: search and browse the catalogue, and one page per procedure."""

from datetime import date

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from motcua.catalog.caching import catalog_version
from motcua.catalog.models import Field, OnlineLevel
from motcua.catalog.selectors import (
    field_get,
    field_list,
    procedure_get,
    procedure_search,
    procedure_version_on,
    procedure_versions,
    today,
)

PAGE_SIZE = 30
MAX_QUERY = 200


def procedure_list(request: HttpRequest) -> HttpResponse:
    return _listing(request, field=None)


def field_detail(request: HttpRequest, slug: str) -> HttpResponse:
    field = field_get(slug=slug)
    if field is None:
        raise Http404
    return _listing(request, field=field)


def _listing(request: HttpRequest, field: Field | None) -> HttpResponse:
    query = request.GET.get("q", "")[:MAX_QUERY]
    page_number = request.GET.get("page", "")
    context = {
        "query": query,
        "field": field,
        # Built and read only when the cached fragment is missing (see caching.py): even
        # unread, building the two queries cost a fifth of a cached page (4.6 → 3.7 ms).
        "page": SimpleLazyObject(
            lambda: Paginator(procedure_search(query=query, field=field), PAGE_SIZE).get_page(
                page_number
            )
        ),
        "page_number": page_number,
        "fields": SimpleLazyObject(field_list),
        "catalog_version": catalog_version(),
        "today": today(),
    }
    # Search-as-you-type swaps in the results only; a history restore needs the whole page.
    partial = request.headers.get("HX-Request") and not request.headers.get(
        "HX-History-Restore-Request"
    )
    template = "catalog/_results.html" if partial else "catalog/procedure_list.html"
    return render(request, template, context)


def procedure_detail(request: HttpRequest, key: str) -> HttpResponse:
    procedure = procedure_get(key=key)
    if procedure is None:
        raise Http404
    on_date = today()
    if "on" in request.GET:
        try:
            on_date = date.fromisoformat(request.GET["on"])
        except ValueError:
            return HttpResponseBadRequest(_("Ngày không hợp lệ, cần dạng NNNN-TT-NN."))

    def offered_online() -> bool:
        # The portal takes the version in force today, whatever date the page shows.
        current = procedure_version_on(procedure=procedure, on_date=today())
        return current is not None and current.online_level != OnlineLevel.OFFLINE

    context = {
        "procedure": procedure,
        "on_date": on_date,
        # Called only when the cached fragment is missing, like `version`.
        "offered_online": offered_online,
        # Read only when the cached fragment is missing (see caching.py).
        "version": SimpleLazyObject(
            lambda: procedure_version_on(procedure=procedure, on_date=on_date)
        ),
        "versions": procedure_versions(procedure=procedure),
        "catalog_version": catalog_version(),
    }
    return render(request, "catalog/procedure_detail.html", context)
