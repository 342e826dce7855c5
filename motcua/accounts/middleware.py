"""Second factor for officers: once signed in with a password, an officer who has a
confirmed TOTP device reaches nothing but the code page until the code is entered; with
OFFICER_2FA_REQUIRED an officer without one reaches nothing but the enrolment page.

Checked here rather than in each view so that every page of every app (and the admin,
whose own sign-in form knows nothing of codes) is covered.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import urlencode
from django_otp import user_has_device
from django_otp.middleware import is_verified

# Pages an officer may open before the second factor: enough to enter it or to leave.
OPEN_BEFORE_SECOND_FACTOR = frozenset(
    {"accounts:otp_verify", "accounts:otp_enrol", "accounts:logout", "set_language"}
)


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or not user.is_officer or is_verified(user):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        if user_has_device(user, confirmed=True):
            target = "accounts:otp_verify"
        elif settings.OFFICER_2FA_REQUIRED:
            target = "accounts:otp_enrol"
        else:
            return None
        response = redirect(target)
        response["Location"] += "?" + urlencode({"next": request.get_full_path()})
        return response
