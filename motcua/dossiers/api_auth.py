"""Who calls the dossier API: officers only, signed in (session cookie, with the CSRF
token on writes) or with a bearer token from `POST /api/v1/dossiers/token`.

Tokens are kept in `accounts.ApiToken` (their hash only): they expire after
API_TOKEN_HOURS and are void once revoked by their officer or an administrator, or when
the account is locked out, deactivated, signed out everywhere or given a new password.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from motcua.accounts.language import user_language
from motcua.accounts.models import User
from motcua.accounts.services.access import api_token_user


def officer_of(user: Any) -> User:
    """The signed-in officer; 404 for anyone else."""
    # Citizens have no officer API: like the officer pages, it does not exist for them.
    if not user.is_officer:
        raise HttpError(404, _("Không tìm thấy."))
    return user


class ApiToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User:
        user = api_token_user(token=token)
        if user is None:
            raise HttpError(401, _("Mã truy cập API không hợp lệ hoặc đã hết hạn."))
        # No session, so the middleware could not know whose language to speak: the
        # token's officer's, as on their pages.
        translation.activate(user_language(user))
        return user


class OfficerSession(APIKeyCookie):
    """The browser's session; writes need the CSRF token like any form. Tried last, so
    its refusal is the answer when no credential was given."""

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> User:
        if not request.user.is_authenticated:
            raise HttpError(
                401, _("Cần đăng nhập, hoặc gửi mã truy cập API (Authorization: Bearer …).")
            )
        if request.method not in {"GET", "HEAD", "OPTIONS"} and check_csrf(request):
            raise HttpError(403, _("Thiếu hoặc sai mã CSRF: hãy tải lại trang và thử lại."))
        return officer_of(request.user)

    def authenticate(self, request: HttpRequest, key: str | None) -> None:  # pragma: no cover
        return None  # __call__ does the work
