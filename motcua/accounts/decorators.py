"""View guards shared by the apps: officer pages and citizen pages."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponseBase

View = Callable[..., HttpResponseBase]


def officer_required(view: View) -> View:
    """Anonymous visitors go to the sign-in page; citizens get 404 (officer pages do not
    exist for them)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_officer:  # type: ignore[union-attr]
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def citizen_required(view: View) -> View:
    """Anonymous visitors go to the citizen sign-in (by code); officers get 404 (citizen
    pages do not exist for them)."""

    @login_required(login_url="accounts:citizen_start")
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_citizen:  # type: ignore[union-attr]
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
