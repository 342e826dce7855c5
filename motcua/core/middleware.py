"""Every text an HTML form or a query string sends goes through the one normalisation
(`core.text.stored_text`) before any view sees it: the counter's and the portal's forms,
the e-forms, the admin, the sign-in page. NFC, zero-width characters removed; a control
character or a bidi override anywhere, the page's address included, is refused with a
400 page saying which.

The JSON API has its own boundary (core.schema.Text, a 422 naming the field). Password
fields are left as typed: a password is compared, never shown or searched, and one set
before this rule must keep working.
"""

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from motcua.core.input import refusal_message
from motcua.core.text import TextRefused, stored_text

API_PREFIX = "/api/"


def _cleaned(data: QueryDict) -> str:
    """The pairs of `data` normalised, as a query string to build the new QueryDict."""
    return urlencode(
        [
            (stored_text(key), value if "password" in key else stored_text(value))
            for key, values in data.lists()
            for value in values
        ]
    )


class TextInputMiddleware:
    """Placed after the language middleware: the refusal is in the person's language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        try:
            stored_text(request.path_info)  # a code in a page's address: refused, kept as is
            request.GET = QueryDict(_cleaned(request.GET))
            if request.method == "POST" and request.content_type in {
                "application/x-www-form-urlencoded",
                "multipart/form-data",
            }:
                request.POST = QueryDict(_cleaned(request.POST))
                for _field, uploads in request.FILES.lists():
                    for upload in uploads:
                        upload.name = stored_text(upload.name or "")
        except TextRefused as error:
            return render(
                request, "core/text_refused.html", {"why": refusal_message(error)}, status=400
            )
        return self.get_response(request)
