"""The Content-Security-Policy of every HTML page (settings.CONTENT_SECURITY_POLICY).

The pages run only the site's own script files and style sheets: no inline script, no
`on…=` handler, no `style="…"` attribute. A response that sets its own policy (an
uploaded file shown in the browser: `sandbox`) keeps it; other types (JSON, PDF) get none.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = settings.CONTENT_SECURITY_POLICY
        html = response.get("Content-Type", "").startswith("text/html")
        if policy and html and HEADER not in response:
            response[HEADER] = policy
        return response
