"""The public tracking page (/tracking/): code + last four phone digits, or the QR link."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from motcua.core.http import client_ip
from motcua.dossiers.tracking import (
    NOT_FOUND,
    TOO_MANY,
    PublicDossier,
    dossier_track,
    dossier_track_by_token,
    tracking_allowed,
)


def _page(
    request: HttpRequest, *, found: PublicDossier | None, error: str = "", status: int = 200
) -> HttpResponse:
    response = render(
        request,
        "dossiers/tracking.html",
        {"found": found, "error": error, "code": request.POST.get("code", "")},
        status=status,
    )
    # Personal data, even masked: not for search engines or shared caches.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def tracking_search(request: HttpRequest) -> HttpResponse:
    # POST keeps the phone digits out of server logs, browser history and referrers.
    if request.method == "GET":
        return _page(request, found=None)
    if not tracking_allowed(ip=client_ip(request)):
        return _page(request, found=None, error=str(TOO_MANY), status=429)
    found = dossier_track(code=request.POST.get("code", ""), phone4=request.POST.get("phone4", ""))
    if found is None:
        return _page(request, found=None, error=str(NOT_FOUND), status=404)
    return _page(request, found=found)


@never_cache
def tracking_qr(request: HttpRequest, token: str) -> HttpResponse:
    if not tracking_allowed(ip=client_ip(request)):
        return _page(request, found=None, error=str(TOO_MANY), status=429)
    found = dossier_track_by_token(token=token)
    if found is None:
        return _page(request, found=None, error=str(NOT_FOUND), status=404)
    return _page(request, found=found)
