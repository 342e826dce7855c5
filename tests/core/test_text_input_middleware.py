"""Every HTML form and query string goes through the one normalisation before a view:
NFC, zero-width characters removed, control characters and bidi overrides refused with a
Vietnamese 400 page; passwords left as typed."""

import json
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.test import RequestFactory

from motcua.core.middleware import TextInputMiddleware

pytestmark = pytest.mark.django_db


def _echo(request: HttpRequest) -> HttpResponse:
    return JsonResponse(
        {
            "get": dict(request.GET.items()),
            "post": dict(request.POST.items()),
            "files": [upload.name for _, uploads in request.FILES.lists() for upload in uploads],
        }
    )


def _through(request: HttpRequest) -> HttpResponse:
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    return TextInputMiddleware(_echo)(request)


def test_a_decomposed_name_in_a_form_reaches_the_view_composed_without_zero_width():
    sent = unicodedata.normalize("NFD", "Ngu\u200byễn Thị Hường")
    response = _through(RequestFactory().post("/dossiers/receive/", {"name": sent}))
    assert response.status_code == 200
    assert json.loads(response.content)["post"] == {"name": "Nguyễn Thị Hường"}


def test_a_query_string_is_normalised_too():
    sent = unicodedata.normalize("NFD", "Hường")
    response = _through(RequestFactory().get("/dossiers/", {"q": sent}))
    assert json.loads(response.content)["get"] == {"q": "Hường"}


@pytest.mark.parametrize("refused", ["\x00", "\x07", "\u202e"])
def test_a_control_character_or_bidi_override_is_refused_with_a_vietnamese_page(refused):
    response = _through(RequestFactory().post("/accounts/login/", {"username": f"an{refused}"}))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nội dung gửi lên không hợp lệ" in page
    assert f"U+{ord(refused):04X}" in page


def test_a_nul_in_a_query_string_is_refused():
    response = _through(RequestFactory().get("/dossiers/?q=An%00"))
    assert response.status_code == 400


def test_an_uploaded_file_name_reaches_the_view_composed_and_without_a_bidi_override():
    name = unicodedata.normalize("NFD", "hoá\u200bđơn\u202efdp.exe")
    upload = SimpleUploadedFile(name, b"%PDF-1.4", "application/pdf")
    response = _through(RequestFactory().post("/portal/", {"file": upload}))
    assert json.loads(response.content)["files"] == ["hoáđơnfdp.exe"]


def test_a_password_reaches_the_view_as_typed():
    typed = unicodedata.normalize("NFD", "mật\u200bkhẩu")
    response = _through(RequestFactory().post("/accounts/login/", {"password": typed}))
    assert json.loads(response.content)["post"] == {"password": typed}


def test_the_api_is_left_to_its_own_boundary():
    response = _through(RequestFactory().get("/api/v1/dossiers/?applicant=An%00"))
    assert json.loads(response.content)["get"] == {"applicant": "An\x00"}
