"""The language of every page and API answer: Vietnamese unless the person chose English.

The choice of a signed-in person is kept on their account (`User.language`); before
signing in it is the cookie the language switch sets. The browser's Accept-Language is
never read: a phone set to English does not turn a ward's pages English by itself.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from motcua.accounts.models import User


def is_language(code: str | None) -> bool:
    return code in dict(settings.LANGUAGES)


def user_language(user: User) -> str:
    return user.language if is_language(user.language) else settings.LANGUAGE_CODE


def request_language(request: HttpRequest) -> str:
    """The account's choice, else the cookie's, else the site's language (Vietnamese)."""
    user = request.user
    if user.is_authenticated:
        return user_language(user)
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen is not None and is_language(chosen) else settings.LANGUAGE_CODE


class LanguageMiddleware:
    """In place of Django's LocaleMiddleware, which follows Accept-Language. Placed after
    the authentication middleware: the account's choice needs the user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        # The API's bearer token may have switched to its officer's language since.
        response.headers.setdefault("Content-Language", translation.get_language())
        patch_vary_headers(response, ("Cookie",))
        return response
