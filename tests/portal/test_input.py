"""What a citizen sends the portal: the e-form's text normalised like every form's, and a
bound on the bytes one citizen keeps in drafts (CITIZEN_STORAGE_MAX_BYTES)."""

import unicodedata

import pytest
from django.urls import reverse

from motcua.portal.models import Draft, DraftFile
from tests.portal.conftest import BIRTH, pdf
from tests.portal.test_views import _documents

pytestmark = pytest.mark.django_db

FORM = reverse("portal:form", args=[BIRTH])


def test_a_name_typed_decomposed_with_a_zero_width_space_is_kept_composed(
    client, citizen_p, birth, agency_a
) -> None:
    client.force_login(citizen_p)
    typed = unicodedata.normalize("NFD", "Trần\u200b Hường")
    client.post(FORM, {"action": "save", "child_name": typed, "agency": agency_a.pk})
    assert Draft.objects.get().values["child_name"] == "Trần Hường"


def test_a_name_with_a_bidi_override_is_refused_with_a_vietnamese_page_and_nothing_kept(
    client, citizen_p, birth, agency_a
) -> None:
    client.force_login(citizen_p)
    response = client.post(FORM, {"action": "save", "child_name": "An\u202enaH", "agency": 1})
    assert response.status_code == 400
    assert "ký tự đảo chiều văn bản (U+202E)" in response.content.decode()
    assert not Draft.objects.exists()


def test_uploads_past_the_citizen_storage_quota_are_refused_saying_why(
    client, citizen_p, birth, settings
) -> None:
    settings.CITIZEN_STORAGE_MAX_BYTES = 100
    client.force_login(citizen_p)
    document = _documents(birth)[0]
    first = pdf("mot.pdf", b"a" * 50)
    client.post(FORM, {"action": "upload", f"file_{document.pk}": first})
    assert DraftFile.objects.count() == 1
    second = pdf("hai.pdf", b"b" * 80)
    response = client.post(FORM, {"action": "upload", f"file_{document.pk}": second}, follow=True)
    assert "đã dùng gần hết dung lượng được phép" in response.content.decode()
    assert DraftFile.objects.count() == 1
