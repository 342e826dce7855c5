"""The receipt of a payment (biên lai thu phí, lệ phí) as an A5 PDF in the house layout of
the official forms, with the amount in words and a QR to the dossier's tracking page."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from motcua.core.tz import VN_TZ
from motcua.dossiers.pdf import OFFICIAL_LANGUAGE, qr_data_uri, render_pdf
from motcua.dossiers.printed import printed_header
from motcua.dossiers.tracking import tracking_url
from motcua.payments.models import Payment
from motcua.payments.words import amount_in_words

TITLE = _("Biên lai thu phí, lệ phí")


def receipt_pdf(*, payment: Payment) -> bytes:
    """The PDF of a paid payment the caller fetched through the scoped `payment_get`."""
    assessment = payment.assessment
    dossier = assessment.dossier
    paid_at = payment.paid_at or timezone.now()
    ref = payment.order_ref
    with translation.override(OFFICIAL_LANGUAGE):
        context = {
            "header": printed_header(dossier.agency, paid_at.astimezone(VN_TZ).date(), ref),
            "printed": {"number": "", "title": TITLE},
            "dossier": dossier,
            "payment": payment,
            "assessment": assessment,
            "in_words": amount_in_words(payment.amount),
            "qr": qr_data_uri(tracking_url(dossier.code)),
            "search_url": settings.SITE_URL.rstrip("/") + reverse("tracking:search"),
        }
        return render_pdf("payments/printed/receipt.html", context)
