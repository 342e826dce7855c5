"""Official forms as PDFs: rendered from real dossiers, read back with poppler's
pdftotext/pdfinfo/pdfimages (poppler-utils, see `make system-deps`)."""

import shutil
import subprocess
import sys
import tempfile
from datetime import date, timedelta

import pytest
from django.urls import reverse

from motcua.dossiers import actions
from motcua.dossiers.actions import SupplementItemIn
from motcua.dossiers.pdf import PdfUnavailable, render_pdf
from motcua.dossiers.printed import InvalidPeriod, PrintedKind, ledger_pdf, printed_pdf
from motcua.dossiers.states import State
from tests.dossiers.factories import MONDAY_9

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils missing: make system-deps"
)

A5 = "419.528 x 595.276 pts"
A4_LANDSCAPE = "841.89 x 595.276 pts (A4)"


def poppler(tool: str, data: bytes, *args: str) -> str:
    result = subprocess.run(  # noqa: S603 (a fixed poppler tool)
        [tool, *args, "-", "-"] if tool == "pdftotext" else [tool, *args, "-"],
        input=data,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode()


def text_of(data: bytes) -> str:
    # Words only: the layout breaks lines wherever the column is narrow.
    return " ".join(poppler("pdftotext", data).split())


def pdf_info(data: bytes, field: str) -> str:
    lines = poppler("pdfinfo", data).splitlines()
    return next(line for line in lines if line.startswith(f"{field}:")).split(":", 1)[1].strip()


def page_size(data: bytes) -> str:
    return pdf_info(data, "Page size")


def image_count(data: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:  # pdfimages needs to seek
        file.write(data)
        file.flush()
        listing = subprocess.run(  # noqa: S603
            ["pdfimages", "-list", file.name],  # noqa: S607
            capture_output=True,
            check=True,
        ).stdout.decode()
    return len(listing.splitlines()) - 2  # two header lines


NATIONAL_HEADER = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


def test_receipt_prints_every_field_of_form_01_on_a5_with_a_qr(received, officer_a):
    data = printed_pdf(user=officer_a, dossier=received, kind=PrintedKind.RECEIPT)
    text = text_of(data)
    for expected in (
        *NATIONAL_HEADER,
        "Mẫu số 01",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        received.code,
        "UBND PHƯỜNG A",
        "Nguyễn Văn An",
        "Số 1 phố Hàm Nghi",
        "0912345678",
        "an.nguyen@example.vn",
        received.procedure.name,
        "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân",
        "Số lượng hồ sơ: 1 (bộ)",
        "3 ngày làm việc",
        "09:00 07/07/2025",  # received
        "09:00 10/07/2025",  # appointment
        "ngày 7 tháng 7 năm 2025",
        "Sổ theo dõi hồ sơ năm 2025, số thứ tự 0001",
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "/tracking/",
    ):
        assert expected in text, expected
    assert page_size(data) == A5
    assert pdf_info(data, "Pages") == "1"  # one slip to hand over
    assert image_count(data) == 1  # the QR code


def test_supplement_request_lists_items_with_counts_and_reason(received, team_a):
    actions.dossier_supplement_request(
        actor=team_a.counter,
        dossier=received,
        items=[
            SupplementItemIn(name="Tờ khai", reason="Thiếu chữ ký của người yêu cầu", originals=1),
            SupplementItemIn(name="Bản án ly hôn", reason="Bản chụp mờ", certified_copies=1),
        ],
        at=MONDAY_9 + timedelta(hours=1),
    )
    text = text_of(printed_pdf(user=team_a.counter, dossier=received, kind=PrintedKind.SUPPLEMENT))
    for expected in (
        *NATIONAL_HEADER,
        "Mẫu số 02",
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        "Thiếu chữ ký của người yêu cầu",
        "Bản án ly hôn",
        "Bản chụp mờ",
        "NGƯỜI HƯỚNG DẪN",
    ):
        assert expected in text, expected


def test_refusal_after_appraisal_gives_the_reasons(make_dossier, officer_a):
    dossier = make_dossier(State.REFUSED)
    data = printed_pdf(user=officer_a, dossier=dossier, kind=PrintedKind.REFUSAL)
    text = text_of(data)
    assert "Mẫu số 03" in text
    assert "Người yêu cầu không cư trú trên địa bàn phường" in text
    assert page_size(data) == A5


def test_apology_gives_number_reason_old_and_new_dates(received, team_a):
    new_due = MONDAY_9 + timedelta(days=4)  # Friday 11/7 09:00
    apology = actions.dossier_apologise(
        actor=team_a.leader,
        dossier=received,
        reason="Cần xác minh thêm tại nơi cư trú trước đây",
        new_due_at=new_due,
        at=MONDAY_9 + timedelta(hours=2),
    )
    text = text_of(printed_pdf(user=team_a.leader, dossier=received, kind=PrintedKind.APOLOGY))
    for expected in (
        "Mẫu số 04",
        f"Số: {apology.number}/2025",
        "Kính gửi: Nguyễn Văn An",
        "Cần xác minh thêm tại nơi cư trú trước đây",
        "09:00 10/07/2025",
        "09:00 11/07/2025",
    ):
        assert expected in text, expected


def test_control_slip_shows_each_handover_and_its_result(make_dossier, officer_a):
    dossier = make_dossier(State.RETURNED)
    text = text_of(printed_pdf(user=officer_a, dossier=dossier, kind=PrintedKind.CONTROL))
    assert "Mẫu số 05" in text
    for step in dossier.steps.all():
        assert step.name in text
    assert "Trước hạn" in text  # every step finished well before its budget
    assert "BÊN GIAO" in text


def test_stop_notice_names_the_reason(make_dossier, officer_a):
    dossier = make_dossier(State.STOPPED)
    text = text_of(printed_pdf(user=officer_a, dossier=dossier, kind=PrintedKind.STOP))
    assert "THÔNG BÁO DỪNG XỬ LÝ HỒ SƠ" in text
    assert "Đề nghị dừng" in text
    assert f"Số: {dossier.stop_notice.number}/2025" in text


def test_ledger_of_a_period_is_a4_landscape_with_every_dossier(make_dossier, officer_a):
    dossiers = [make_dossier(State.RETURNED), make_dossier(State.IN_PROGRESS)]
    data = ledger_pdf(
        user=officer_a, agency=officer_a.agency, first=date(2025, 7, 1), last=date(2025, 7, 31)
    )
    text = text_of(data)
    assert "Mẫu số 06" in text and "SỔ THEO DÕI HỒ SƠ" in text
    assert "Từ ngày 01/07/2025 đến ngày 31/07/2025" in text
    for dossier in dossiers:
        assert dossier.code in text
    assert "Tổng cộng: 2 hồ sơ" in text
    assert page_size(data) == A4_LANDSCAPE


def test_ledger_refuses_a_period_longer_than_a_quarter(officer_a):
    with pytest.raises(InvalidPeriod):
        ledger_pdf(
            user=officer_a, agency=officer_a.agency, first=date(2025, 1, 1), last=date(2025, 12, 31)
        )


def test_officer_downloads_the_receipt_of_their_agency(client, received, officer_a):
    client.force_login(officer_a)
    url = reverse("dossiers:form_pdf", kwargs={"code": received.code, "form": "receipt"})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert received.code in response["Content-Disposition"]
    assert received.code in text_of(response.content)


def test_officer_of_other_ward_gets_404_for_a_form(client, received, officer_b):
    client.force_login(officer_b)
    url = reverse("dossiers:form_pdf", kwargs={"code": received.code, "form": "receipt"})
    assert client.get(url).status_code == 404


def test_citizen_and_anonymous_get_no_form(client, received, citizen):
    url = reverse("dossiers:form_pdf", kwargs={"code": received.code, "form": "receipt"})
    assert client.get(url).status_code == 302  # to the sign-in page
    client.force_login(citizen)
    assert client.get(url).status_code == 404


def test_a_form_the_dossier_does_not_have_is_404(client, received, officer_a):
    client.force_login(officer_a)
    for form in ("apology", "stop", "no-such-form"):
        url = reverse("dossiers:form_pdf", kwargs={"code": received.code, "form": form})
        assert client.get(url).status_code == 404


def test_ledger_view_of_another_agency_is_404_and_bad_dates_400(client, officer_a, officer_b):
    client.force_login(officer_a)
    url = reverse("dossiers:ledger_pdf")
    response = client.get(url, {"from": "2025-07-01", "to": "2025-07-31"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    other = {"from": "2025-07-01", "to": "2025-07-31", "agency": officer_b.agency_id}
    assert client.get(url, other).status_code == 404
    assert client.get(url, {"from": "1/7/2025", "to": "x"}).status_code == 400


def test_rendering_refuses_to_fetch_anything_but_the_shipped_fonts(tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    html = (
        '{% extends "dossiers/printed/base.html" %}{% block body %}'
        f'<img src="file://{secret}"><img src="http://example.invalid/x.png">'
        "{% endblock %}"
    )
    from django.template import engines

    template = engines["django"].from_string(html)
    from motcua.dossiers import pdf

    # Rendered the same way as a real form, with two images it must not fetch.
    html = template.render({"header": {}, "printed": {}, "fonts_url": pdf.FONTS_DIR.as_uri()})
    assert image_count(pdf.html_to_pdf(html)) == 0


def test_missing_pango_gives_a_clear_message_not_a_traceback(monkeypatch):
    # Pango cannot be uninstalled for one test: hide the weasyprint package instead, which
    # is how its absence shows (an import failure).
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    with pytest.raises(PdfUnavailable, match="Pango"):
        render_pdf("dossiers/printed/receipt.html", {})


@pytest.mark.browser
def test_officer_opens_the_receipt_and_the_ledger_from_the_browser(
    page, live_server, login, received, officer_a
):
    login(officer_a)
    receipt = reverse("dossiers:form_pdf", kwargs={"code": received.code, "form": "receipt"})
    response = page.request.get(live_server.url + receipt)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert received.code in text_of(response.body())
    ledger = reverse("dossiers:ledger_pdf") + "?from=2025-07-01&to=2025-07-31"
    response = page.request.get(live_server.url + ledger)
    assert response.status == 200
    assert received.code in text_of(response.body())
