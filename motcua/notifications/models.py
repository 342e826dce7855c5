"""The notification outbox: one row per message and channel, written in the transaction of
the change it announces, delivered after commit by the background worker, with every
delivery attempt logged.

States: pending (not tried yet) → sent; or failed (tried, a retry is scheduled at
`next_attempt_at`) → … → dead (every allowed attempt failed; an officer may retry it).
In-app messages are delivered by being written: they are created sent.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    IN_APP = "in_app", _("Trong ứng dụng")
    SMS = "sms", _("Tin nhắn SMS")
    EMAIL = "email", _("Thư điện tử")


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi lỗi, sẽ thử lại")
    DEAD = "dead", _("Gửi không thành công")


# Rows the worker still has to deliver.
OUTSTANDING = (DeliveryState.PENDING, DeliveryState.FAILED)


class Notification(models.Model):
    # What the message is about, e.g. "dossier.receive" or "accounts.code".
    kind = models.CharField(_("loại"), max_length=60)
    channel = models.CharField(_("kênh"), max_length=8, choices=Channel.choices)
    # A phone number, an e-mail address, or the account's user name (in-app).
    recipient = models.CharField(_("người nhận"), max_length=254)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("tài khoản"),
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("hồ sơ"),
    )
    subject = models.CharField(_("tiêu đề"), max_length=200)
    body = models.TextField(_("nội dung"))
    # One-time codes and the like: never shown in the delivery log, erased once delivered.
    sensitive = models.BooleanField(_("nội dung bảo mật"), default=False)
    state = models.CharField(
        _("trạng thái"),
        max_length=8,
        choices=DeliveryState.choices,
        default=DeliveryState.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    # When the worker may (re)try; null once sent or dead.
    next_attempt_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    sent_at = models.DateTimeField(_("đã gửi lúc"), null=True, blank=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=DeliveryState.values), name="notifications_state_known"
            ),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="notifications_channel_known"
            ),
        ]
        indexes = [
            # The sweep: outstanding rows by due moment (a handful among millions sent).
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(state__in=OUTSTANDING),
                name="notifications_outstanding",
            ),
            # A citizen's inbox and unread count.
            models.Index(
                fields=["user", "-created_at"],
                condition=Q(channel="in_app"),
                name="notifications_inbox",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.channel} {self.state}"


class DeliveryAttempt(models.Model):
    """One try to hand a notification to its channel (append-only)."""

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries"
    )
    at = models.DateTimeField(_("thời điểm"))
    outcome = models.CharField(
        _("kết quả"),
        max_length=8,
        choices=[(DeliveryState.SENT, _("Thành công")), (DeliveryState.FAILED, _("Lỗi"))],
    )
    error = models.TextField(_("lỗi"), blank=True)

    class Meta:
        verbose_name = _("lần gửi")
        verbose_name_plural = _("nhật ký gửi")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.notification_id} {self.at:%Y-%m-%d %H:%M:%S} {self.outcome}"
