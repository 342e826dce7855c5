"""Feedback (phản ánh, kiến nghị — PAKN) that citizens send an agency, in general or about
one of their dossiers, and the agency's answer within a deadline in working days.

Every write goes through `motcua.feedback.services`. Online ratings of a dossier live with
the counter devices' ratings in `motcua.hall.models.Rating` (channel "online"), so the
service-quality index counts both from one table.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FeedbackState(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận, chờ trả lời")
    ANSWERED = "answered", _("Đã trả lời")
    CLOSED = "closed", _("Đã kết thúc")


def attachment_path(instance: "Feedback", filename: str) -> str:
    # Random name under MEDIA_ROOT (never served directly); `filename` is the sniffed
    # extension only, never the sender's name.
    return f"feedback/{timezone.now():%Y/%m}/{secrets.token_urlsafe(24)}.{filename}"


class Feedback(models.Model):
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="feedback_sent",
        verbose_name=_("công dân gửi"),
    )
    agency = models.ForeignKey(
        "units.Agency",
        on_delete=models.PROTECT,
        related_name="feedback",
        verbose_name=_("cơ quan nhận"),
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name=_("hồ sơ liên quan"),
    )
    subject = models.CharField(_("tiêu đề"), max_length=200)
    content = models.TextField(_("nội dung"))
    state = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=FeedbackState.choices,
        default=FeedbackState.RECEIVED,
    )
    received_at = models.DateTimeField(_("thời điểm tiếp nhận"))
    due_at = models.DateTimeField(_("hạn trả lời"))
    # The same key from the same citizen (a double click, a retried request) is one
    # feedback, not two.
    idempotency_key = models.CharField(max_length=64, blank=True, editable=False)

    attachment = models.FileField(
        _("tệp đính kèm"), upload_to=attachment_path, max_length=200, blank=True
    )
    attachment_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    attachment_type = models.CharField(_("loại tệp"), max_length=40, blank=True)

    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cán bộ được giao"),
    )
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người trả lời"),
    )
    answered_at = models.DateTimeField(_("thời điểm trả lời"), null=True, blank=True)
    # Recorded once at the answer: the agency evaluation counts answers on time.
    answered_on_time = models.BooleanField(_("trả lời đúng hạn"), null=True, blank=True)
    closed_at = models.DateTimeField(_("thời điểm kết thúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("phản ánh, kiến nghị")
        verbose_name_plural = _("phản ánh, kiến nghị")
        ordering = ["due_at", "pk"]
        indexes = [
            models.Index(fields=["agency", "state", "due_at"], name="feedback_inbox"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["citizen", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="feedback_idempotency_key_unique",
            ),
            # An answered or closed feedback has its answer.
            models.CheckConstraint(
                condition=Q(state="received")
                | Q(answered_at__isnull=False, answered_on_time__isnull=False) & ~Q(answer=""),
                name="feedback_answered_has_answer",
            ),
        ]

    def __str__(self) -> str:
        return f"PAKN-{self.pk}: {self.subject}"
