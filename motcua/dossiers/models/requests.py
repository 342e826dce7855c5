"""What the citizen is asked for while the clock waits (supplements, financial
obligations) and what the citizen asks (an online supplement, to withdraw, to stop)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models.dossier import Dossier
from motcua.dossiers.models_attachments import Attachment


class SupplementRequest(models.Model):
    """One consolidated request: every missing or invalid item at once, each with a
    reason, so the citizen comes back once."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="supplements")
    number = models.PositiveSmallIntegerField(_("lần"))
    requested_at = models.DateTimeField(_("yêu cầu lúc"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("ghi chú"), blank=True)
    received_at = models.DateTimeField(_("nhận đủ lúc"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("yêu cầu bổ sung")
        verbose_name_plural = _("yêu cầu bổ sung")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "number"], name="dossiers_supplement_no")
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}/{self.number}"


class SupplementItem(models.Model):
    request = models.ForeignKey(SupplementRequest, on_delete=models.CASCADE, related_name="items")
    requirement = models.ForeignKey(
        "catalog.DocumentRequirement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    name = models.CharField(_("giấy tờ"), max_length=500)
    reason = models.TextField(_("lý do"))
    originals = models.PositiveSmallIntegerField(_("bản chính"), default=0)
    certified_copies = models.PositiveSmallIntegerField(_("bản sao chứng thực"), default=0)
    photocopies = models.PositiveSmallIntegerField(_("bản chụp, bản sao"), default=0)

    class Meta:
        verbose_name = _("nội dung bổ sung")
        verbose_name_plural = _("nội dung bổ sung")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class SupplementAnswer(models.Model):
    """What the citizen sent online in answer to a supplement request. The dossier stays
    paused until an officer checks it and records the receipt (dossier_supplement_receive)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="answers")
    request = models.ForeignKey(SupplementRequest, on_delete=models.CASCADE, related_name="answers")
    submitted_at = models.DateTimeField(_("gửi lúc"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("ghi chú của công dân"), blank=True)
    attachments = models.ManyToManyField(Attachment, related_name="+", blank=True)

    class Meta:
        verbose_name = _("hồ sơ bổ sung trực tuyến")
        verbose_name_plural = _("hồ sơ bổ sung trực tuyến")
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.dossier_id}/{self.request_id}"


class FinancialObligation(models.Model):
    """A request to pay taxes or charges before the result; the clock waits meanwhile."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="obligations")
    requested_at = models.DateTimeField(_("yêu cầu lúc"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(_("nội dung nghĩa vụ tài chính"))
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"), null=True, blank=True)
    fulfilled_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("nghĩa vụ tài chính")
        verbose_name_plural = _("nghĩa vụ tài chính")
        ordering = ["requested_at"]

    def __str__(self) -> str:
        return self.description[:60]


class Withdrawal(models.Model):
    """The citizen's request to withdraw an undecided dossier."""

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="withdrawal")
    requested_at = models.DateTimeField(_("đề nghị lúc"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("lý do"), blank=True)

    class Meta:
        verbose_name = _("rút hồ sơ")
        verbose_name_plural = _("rút hồ sơ")

    def __str__(self) -> str:
        return str(self.dossier_id)


class StopRequest(models.Model):
    """The citizen asks the centre to stop processing; the centre decides (dossier_stop)."""

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="stop_request")
    requested_at = models.DateTimeField(_("đề nghị lúc"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("lý do"))

    class Meta:
        verbose_name = _("đề nghị dừng xử lý")
        verbose_name_plural = _("đề nghị dừng xử lý")

    def __str__(self) -> str:
        return str(self.dossier_id)
