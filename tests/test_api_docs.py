"""The API's documentation page works on a closed intranet: Swagger UI comes from the
site's own static files, never from a CDN."""

import re
from typing import Any

import pytest
from django.test import Client


def test_the_api_docs_load_nothing_from_outside(client: Client) -> None:
    page = client.get("/api/v1/docs").content.decode()
    addresses = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any(a.endswith("swagger-ui-bundle.js") for a in addresses), addresses
    assert [a for a in addresses if not a.startswith("/")] == []


@pytest.mark.browser
def test_the_api_docs_show_the_dossier_routes_with_the_network_cut(
    page: Any, live_server: Any
) -> None:
    # Anything not served by the site itself is refused, as on a closed intranet.
    page.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(live_server.url) else route.abort()
        ),
    )
    page.goto(live_server.url + "/api/v1/docs")
    page.locator(".opblock").first.wait_for()
    assert page.get_by_text("/api/v1/dossiers/{code}/transitions/{name}").count() >= 1
