"""View guards shared by the apps: officer pages and citizen pages.

A guarded view may declare `request: AuthenticatedHttpRequest`: the guard lets only
signed-in users through.
"""

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponseBase

from motcua.accounts.http import AuthenticatedHttpRequest, is_signed_in

P = ParamSpec("P")
GuardedView = Callable[Concatenate[AuthenticatedHttpRequest, P], HttpResponseBase]
# What Django calls: any request; anonymous visitors get a redirect to the sign-in page.
View = Callable[Concatenate[HttpRequest, P], HttpResponseBase]


def officer_required(view: GuardedView[P]) -> View[P]:
    """Anonymous visitors go to the sign-in page; citizens get 404 (officer pages do not
    exist for them)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
        if not is_signed_in(request) or not request.user.is_officer:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def citizen_required(view: GuardedView[P]) -> View[P]:
    """Anonymous visitors go to the citizen sign-in (by code); officers get 404 (citizen
    pages do not exist for them)."""

    @login_required(login_url="accounts:citizen_start")
    @wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
        if not is_signed_in(request) or not request.user.is_citizen:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
