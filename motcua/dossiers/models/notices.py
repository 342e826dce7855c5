"""What the agency issues about a dossier besides its result: refusals, apology slips,
stop notices and early-return notices."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models.dossier import Dossier


class RefusalStage(models.TextChoices):
    RECEPTION = "reception", _("Từ chối tiếp nhận")
    APPRAISAL = "appraisal", _("Từ chối sau thẩm định")


class Refusal(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="refusals")
    stage = models.CharField(_("giai đoạn"), max_length=10, choices=RefusalStage.choices)
    reasons = models.JSONField(_("lý do"), default=list)  # list of strings, in order
    refused_at = models.DateTimeField(_("thời điểm"))
    refused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("từ chối")
        verbose_name_plural = _("từ chối")
        ordering = ["refused_at"]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.stage}"


class NumberedNotice(models.Model):
    """A notice the agency issues under its own number (per agency and year), with a
    reason: what the apology slip and the stop notice have in common."""

    number = models.PositiveIntegerField(_("số"))
    issuing_agency = models.ForeignKey("units.Agency", on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("ngày lập"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("lý do"))

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.number} ({self.dossier_id})"  # type: ignore[attr-defined]


class Apology(NumberedNotice):
    """The apology slip and new appointment (phiếu xin lỗi và hẹn lại ngày trả)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="apologies")
    previous_due_at = models.DateTimeField(_("hẹn trả cũ"))
    new_due_at = models.DateTimeField(_("hẹn trả mới"))

    class Meta:
        verbose_name = _("phiếu xin lỗi, hẹn lại")
        verbose_name_plural = _("phiếu xin lỗi, hẹn lại")
        ordering = ["issued_at"]


class StopNotice(NumberedNotice):
    """The notice that processing stops (withdrawn at the citizen's request, or stopped)."""

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="stop_notice")
    at_citizen_request = models.BooleanField(_("theo đề nghị của công dân"), default=False)

    class Meta:
        verbose_name = _("thông báo dừng xử lý")
        verbose_name_plural = _("thông báo dừng xử lý")


class EarlyReturnNotice(models.Model):
    """Advance notice that the result can be collected before the appointment."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="early_return_notices"
    )
    notified_at = models.DateTimeField(_("thông báo lúc"))
    notified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    available_from = models.DateTimeField(_("nhận kết quả từ"))
    message = models.TextField(_("nội dung"), blank=True)

    class Meta:
        verbose_name = _("thông báo trả kết quả sớm")
        verbose_name_plural = _("thông báo trả kết quả sớm")
        ordering = ["notified_at"]

    def __str__(self) -> str:
        return str(self.dossier_id)
