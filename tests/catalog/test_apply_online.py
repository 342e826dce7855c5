"""A procedure offered online has a "Nộp trực tuyến" button on its page, leading to the
portal's e-form; one that is not offered online has none."""

from datetime import date

import pytest
from django.urls import reverse

from motcua.catalog.services import procedure_version_create
from tests.catalog.conftest import content

pytestmark = pytest.mark.django_db


def apply_button(body: str) -> str | None:
    marker = 'data-testid="apply-online"'
    if marker not in body:
        return None
    return body.split(marker, 1)[0].rsplit("<a ", 1)[1] + body.split(marker, 1)[1].split("</a>")[0]


def test_online_procedure_page_has_a_button_to_the_portals_form(client, seeded_once):
    body = client.get("/procedures/dang-ky-khai-sinh/").content.decode()
    button = apply_button(body)
    assert button is not None
    assert "Nộp trực tuyến" in button
    assert reverse("portal:form", args=["1.001193"]) in button


def test_partly_online_procedure_has_the_button_too(client, seeded_once):
    assert apply_button(client.get("/procedures/dang-ky-ket-hon/").content.decode())


def test_procedure_not_offered_online_has_no_button(client, seeded_once):
    body = client.get("/procedures/chung-thuc-di-chuc/").content.decode()
    assert "Chưa cung cấp trực tuyến" in body
    assert apply_button(body) is None


def test_the_button_follows_the_version_in_force_today(client, procedure):
    # Offline until now, online from a date still to come.
    procedure_version_create(
        actor=None,
        procedure=procedure,
        valid_from=date(2016, 1, 1),
        content=content(online_level="offline", online_reason="Cần ký trực tiếp."),
    )
    procedure_version_create(
        actor=None, procedure=procedure, valid_from=date(2099, 1, 1), content=content()
    )
    url = reverse("catalog:detail", args=[procedure.code])
    assert apply_button(client.get(url).content.decode()) is None
    # The future version's page says it will be online, but nobody can apply yet.
    future = client.get(url, {"on": "2099-01-02"}).content.decode()
    assert "Toàn trình" in future
    assert apply_button(future) is None
