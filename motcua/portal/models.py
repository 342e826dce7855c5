"""Drafts of online applications: what a citizen typed and uploaded before submitting.

One draft per citizen per procedure at a time. Its `key` is the idempotency key of the
submission: the form carries it, so a double click or a retried request finds the first
dossier instead of creating a second one. Files live under MEDIA_ROOT with random names
and are read only through the portal's owner-checked views.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_key() -> str:
    return secrets.token_hex(16)


DRAFTS_DIR = "portal/drafts"  # in the default storage


def draft_file_path(instance: "DraftFile", filename: str) -> str:
    # `filename` is the sniffed extension only, never the sender's name.
    now = timezone.now()
    return f"{DRAFTS_DIR}/{now:%Y/%m}/{secrets.token_urlsafe(24)}.{filename}"


class Draft(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portal_drafts"
    )
    procedure = models.ForeignKey(
        "catalog.Procedure", on_delete=models.CASCADE, related_name="+", verbose_name=_("thủ tục")
    )
    # The competent agency the citizen chose (their ward), once chosen.
    agency = models.ForeignKey(
        "units.Agency",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cơ quan giải quyết"),
    )
    values = models.JSONField(_("nội dung tờ khai"), default=dict, blank=True)
    key = models.CharField(max_length=64, unique=True, default=new_key, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ nháp")
        verbose_name_plural = _("hồ sơ nháp")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "procedure"], name="portal_one_draft")
        ]

    def __str__(self) -> str:
        return f"{self.owner_id}/{self.procedure_id}"


class DraftFile(models.Model):
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="files")
    # The checklist item the file is for (several files per item are allowed).
    requirement = models.ForeignKey(
        "catalog.DocumentRequirement",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("thành phần hồ sơ"),
    )
    file = models.FileField(_("tệp"), upload_to=draft_file_path, max_length=200)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=40)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("tải lên lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("tệp của hồ sơ nháp")
        verbose_name_plural = _("tệp của hồ sơ nháp")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            # Re-sending the same file for the same item (a retried upload) is one file.
            models.UniqueConstraint(
                fields=["draft", "requirement", "sha256"], name="portal_draft_file_once"
            )
        ]

    def __str__(self) -> str:
        return self.original_name
