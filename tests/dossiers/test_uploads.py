"""Scanned documents: type by content, size limit, SHA-256, random storage name outside
the web root, served only to officers of the dossier's agency."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.core.models import AuditEvent
from motcua.dossiers.filetypes import sniff
from motcua.dossiers.models import Attachment
from motcua.dossiers.uploads import UploadRejected, attachment_add

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_types_are_read_from_the_first_bytes():
    assert sniff(PDF).content_type == "application/pdf"  # type: ignore[union-attr]
    assert sniff(PNG).extension == "png"  # type: ignore[union-attr]
    assert sniff(JPEG).extension == "jpg"  # type: ignore[union-attr]
    assert sniff(b"MZ\x90\x00 this is a Windows program") is None
    assert sniff(b"<html><script>") is None
    assert sniff(b"") is None


def test_officer_stores_a_scan_with_its_hash_under_a_random_name(received, officer_a, media):
    upload = SimpleUploadedFile("to-khai.pdf", PDF, content_type="application/pdf")
    document = received.documents.first()
    attachment = attachment_add(actor=officer_a, dossier=received, upload=upload, document=document)
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert attachment.size == len(PDF)
    assert attachment.content_type == "application/pdf"
    assert attachment.original_name == "to-khai.pdf"
    assert "to-khai" not in attachment.file.name
    assert attachment.file.name.endswith(".pdf")
    stored = media / attachment.file.name
    assert stored.read_bytes() == PDF
    event = AuditEvent.objects.get(action="dossier.attachment_add")
    assert event.payload["sha256"] == attachment.sha256


def test_a_program_renamed_to_pdf_is_refused_and_nothing_is_stored(received, officer_a, media):
    upload = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00" * 20, content_type="application/pdf")
    with pytest.raises(UploadRejected, match="PDF, JPEG hoặc PNG"):
        attachment_add(actor=officer_a, dossier=received, upload=upload)
    assert not Attachment.objects.exists()
    assert not media.exists() or not any(media.rglob("*.*"))
    assert not AuditEvent.objects.filter(action="dossier.attachment_add").exists()


def test_a_file_over_the_limit_is_refused(received, officer_a, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("big.png", PNG + b"\x00" * (1024 * 1024), content_type="image/png")
    with pytest.raises(UploadRejected, match="tối đa 1,0 MB"):
        attachment_add(actor=officer_a, dossier=received, upload=big)
    with pytest.raises(UploadRejected, match="rỗng"):
        attachment_add(actor=officer_a, dossier=received, upload=SimpleUploadedFile("e.png", b""))


def test_officer_of_other_ward_cannot_add_a_scan(received, officer_b):
    upload = SimpleUploadedFile("a.png", PNG)
    with pytest.raises(UploadRejected):
        attachment_add(actor=officer_b, dossier=received, upload=upload)


def _stored(received, officer_a):
    upload = SimpleUploadedFile("anh chup.jpg", JPEG, content_type="text/html")
    return attachment_add(actor=officer_a, dossier=received, upload=upload)


def test_download_sends_the_scan_with_safe_headers(client, received, officer_a):
    attachment = _stored(received, officer_a)
    client.force_login(officer_a)
    url = reverse("dossiers:attachment", kwargs={"code": received.code, "pk": attachment.pk})
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == JPEG
    # The type found in the content, not the one the browser claimed (text/html).
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'inline; filename="anh chup.jpg"'
    assert "sandbox" in response["Content-Security-Policy"]


def test_officer_of_other_ward_gets_404_for_a_scan(client, received, officer_a, officer_b):
    attachment = _stored(received, officer_a)
    url = reverse("dossiers:attachment", kwargs={"code": received.code, "pk": attachment.pk})
    client.force_login(officer_b)
    assert client.get(url).status_code == 404
    client.force_login(officer_a)
    other = reverse("dossiers:attachments", kwargs={"code": received.code})
    assert client.get(other).status_code == 200
    client.force_login(officer_b)
    assert client.get(other).status_code == 404


def test_citizen_gets_404_even_for_their_own_dossier_scan(client, received, officer_a, citizen):
    attachment = _stored(received, officer_a)
    received.owner = citizen
    received.save(update_fields=["owner"])
    client.force_login(citizen)
    url = reverse("dossiers:attachment", kwargs={"code": received.code, "pk": attachment.pk})
    assert client.get(url).status_code == 404


def test_upload_form_posts_and_shows_the_refusal_message(client, received, officer_a):
    client.force_login(officer_a)
    url = reverse("dossiers:attachments", kwargs={"code": received.code})
    bad = SimpleUploadedFile("x.pdf", b"not a pdf at all")
    response = client.post(url, {"file": bad}, follow=True)
    assert "Chỉ nhận tệp PDF, JPEG hoặc PNG" in response.content.decode()
    good = SimpleUploadedFile("giay-to.pdf", PDF)
    response = client.post(url, {"file": good, "next": "https://evil.example/"}, follow=True)
    assert response.redirect_chain[-1][0] == url  # never redirected off the site
    assert "giay-to.pdf" in response.content.decode()


@pytest.mark.browser
def test_officer_uploads_a_scan_in_the_browser(
    page, live_server, login, received, officer_a, tmp_path
):
    scan = tmp_path / "to-khai.png"
    scan.write_bytes(PNG)
    login(officer_a)
    page.goto(live_server.url + reverse("dossiers:attachments", kwargs={"code": received.code}))
    page.set_input_files("#file", str(scan))
    page.select_option("#document", label="Tờ khai cấp Giấy xác nhận tình trạng hôn nhân")
    page.click("button:has-text('Tải lên')")
    table = page.get_by_test_id("attachments")
    assert "to-khai.png" in table.inner_text()
    assert "Tờ khai cấp Giấy xác nhận" in table.inner_text()
