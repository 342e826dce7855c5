"""The append-only audit log: one hash-chained sequence of events per chain.

A chain is `agency:<id>` for what happens in one agency, or `system` for national data
and the system itself: busy agencies then never wait on one global lock. Writes go through
`motcua.core.audit.audit_record`; `motcua audit verify` recomputes every link.
"""

from typing import Any, NoReturn

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# prev_hash of the first event of every chain.
GENESIS_HASH = "0" * 64


class AppendOnlyError(Exception):
    """An audit event may be written once, never changed or deleted."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    # Bulk writes bypass save()/delete(): refuse them too (the database triggers are the
    # last line; these give a clear error before reaching them).
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit events cannot be updated")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("audit events cannot be deleted")


class AuditChainHead(models.Model):
    """The last event of a chain. Locked by every writer of the chain (gapless sequence),
    and compared by verify: deleting the newest events leaves the head pointing past them."""

    chain = models.CharField(_("chuỗi"), max_length=64, primary_key=True)
    sequence = models.PositiveBigIntegerField(_("số thứ tự cuối"), default=0)
    hash = models.CharField(_("mã băm cuối"), max_length=64, default=GENESIS_HASH)
    # HMAC of (chain, sequence, hash) with a key outside the database (audit_seal).
    seal = models.CharField(_("dấu niêm phong"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("đầu chuỗi nhật ký")
        verbose_name_plural = _("đầu chuỗi nhật ký")

    def __str__(self) -> str:
        return f"{self.chain} #{self.sequence}"


class AuditEvent(models.Model):
    chain = models.CharField(_("chuỗi"), max_length=64)
    sequence = models.PositiveBigIntegerField(_("số thứ tự"))
    occurred_at = models.DateTimeField(_("thời điểm"))
    # PROTECT: whoever acted stays on record; officers are deactivated, never deleted.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    actor_username = models.CharField(_("tên đăng nhập"), max_length=150, blank=True)
    action = models.CharField(_("hành động"), max_length=64)
    target_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("loại đối tượng"),
    )
    target_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    target_label = models.CharField(pgettext_lazy("audit", "đối tượng"), max_length=200, blank=True)
    from_state = models.CharField(_("trạng thái trước"), max_length=100, blank=True)
    to_state = models.CharField(_("trạng thái sau"), max_length=100, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    payload = models.JSONField(_("dữ liệu"), default=dict, blank=True)
    prev_hash = models.CharField(_("mã băm trước"), max_length=64)
    hash = models.CharField(_("mã băm"), max_length=64)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("sự kiện nhật ký")
        verbose_name_plural = _("nhật ký hoạt động")
        ordering = ["chain", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "sequence"], name="audit_event_chain_seq"),
        ]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_event_target")]

    def __str__(self) -> str:
        return f"{self.chain} #{self.sequence} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit events cannot be updated")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit events cannot be deleted")


class NumberSequence(models.Model):
    """A gapless number sequence: dossier codes per agency and day, slip numbers per
    year, hall tickets per day. `core.sequences` takes numbers from it; the row stays
    locked in the transaction that uses the number, so a rollback leaves no gap."""

    # e.g. "agency:12:code:2024-07-24", "hall:3:ticket:20240724"
    key = models.CharField(_("khóa"), max_length=100, unique=True)
    last = models.PositiveBigIntegerField(_("số cuối"), default=0)

    class Meta:
        verbose_name = _("dãy số")
        verbose_name_plural = _("dãy số")

    def __str__(self) -> str:
        return f"{self.key} {self.last}"


class RateCounter(models.Model):
    """Tries of one client in one time window (`core.ratelimit`), in the database so that
    every process of the site counts the same tries."""

    # e.g. "tracking:203.0.113.7:29481234": scope, who, window number
    key = models.CharField(_("khóa"), max_length=200, unique=True)
    count = models.PositiveIntegerField(_("số lần"), default=0)
    expires_at = models.DateTimeField(_("hết hạn lúc"), db_index=True)

    class Meta:
        verbose_name = _("bộ đếm giới hạn tần suất")
        verbose_name_plural = _("bộ đếm giới hạn tần suất")

    def __str__(self) -> str:
        return f"{self.key} {self.count}"
