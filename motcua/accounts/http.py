"""The request type of signed-in views."""

from typing import TypeGuard

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from motcua.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request that reached a view behind `login_required`, `officer_required` or
    `citizen_required`: its user is signed in, so `request.user` is a `User`."""

    user: User


def is_signed_in(request: HttpRequest) -> TypeGuard[AuthenticatedHttpRequest]:
    return request.user.is_authenticated


def signed_in_user(request: HttpRequest) -> User:
    """The user of a request behind a guard whose signature keeps `HttpRequest`: the
    admin site's, which lets in active staff alone (so never refuses here)."""
    if not is_signed_in(request):
        raise PermissionDenied
    return request.user
