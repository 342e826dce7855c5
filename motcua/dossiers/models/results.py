"""The electronic result of a dossier, verifiable by anyone."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models.dossier import Dossier


def result_path(instance: "ResultDocument", filename: str) -> str:
    # Random like the scans (models_attachments.attachment_path); `filename` is "pdf".
    now = timezone.now()
    return f"results/{now:%Y/%m}/{secrets.token_urlsafe(24)}.{filename}"


class ResultDocument(models.Model):
    """The electronic result (a PDF) of a dossier. Anyone may check that it was issued
    (by its verification code or its SHA-256) on the public verification page."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="results")
    file = models.FileField(_("tệp"), upload_to=result_path, max_length=200)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, db_index=True)
    # Short and random: printed or typed by the person checking the document.
    code = models.CharField(_("mã xác thực"), max_length=16, unique=True)
    issuing_agency = models.ForeignKey(
        "units.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan")
    )
    issued_at = models.DateTimeField(_("ban hành lúc"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revoked_reason = models.TextField(_("lý do thu hồi"), blank=True)

    class Meta:
        verbose_name = _("kết quả điện tử")
        verbose_name_plural = _("kết quả điện tử")
        ordering = ["issued_at", "pk"]

    def __str__(self) -> str:
        return self.code
