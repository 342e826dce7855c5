"""Scanned documents of a dossier (registered through `motcua.dossiers.models`).

The file lives under MEDIA_ROOT, which the web server never serves, with a random name:
it is read only through `document_views.attachment_download`, after the permission check.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def attachment_path(instance: "Attachment", filename: str) -> str:
    # The month folder keeps directories small; the random part makes names unguessable.
    # `filename` is the sniffed extension only, never the sender's name.
    now = timezone.now()
    return f"dossiers/{now:%Y/%m}/{secrets.token_urlsafe(24)}.{filename}"


class Attachment(models.Model):
    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="attachments"
    )
    # The checklist item the scan belongs to, when the officer said which.
    document = models.ForeignKey(
        "dossiers.DossierDocument",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("thành phần hồ sơ"),
    )
    file = models.FileField(_("tệp"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=40)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
