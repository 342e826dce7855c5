"""Every address of the site, plus `/_bench/bare/`: the baseline, a bare Django view doing
one query behind the same server, middleware and session as the portal's pages."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from bench._load import BARE_PATH
from motcua.catalog.models import Procedure


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(str(Procedure.objects.values_list("pk", flat=True).first()))


urlpatterns = [path(BARE_PATH.strip("/") + "/", bare), path("", include("config.urls"))]
