"""Printed forms are Vietnamese documents, also for an officer who reads the site in English."""

import shutil

import pytest
from django.utils import translation

from motcua.dossiers.printed import PrintedKind, ledger_pdf, printed_pdf
from tests.dossiers.test_pdf import text_of

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils missing: make system-deps"
)


def test_receipt_is_vietnamese_when_the_screen_is_english(received, officer_a):
    with translation.override("en"):
        text = text_of(printed_pdf(user=officer_a, dossier=received, kind=PrintedKind.RECEIPT))
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert "3 ngày làm việc" in text
    assert "working day" not in text


def test_ledger_is_vietnamese_when_the_screen_is_english(received, officer_a):
    day = received.received_at.date()
    with translation.override("en"):
        text = text_of(ledger_pdf(user=officer_a, agency=officer_a.agency, first=day, last=day))
    assert "Sổ theo dõi hồ sơ".upper() in text.upper()
    assert received.code in text
