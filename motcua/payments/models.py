"""Fees assessed on a dossier and the payments made against them.

Every write goes through `motcua.payments.services`. Amounts are whole dong (VND has no
minor unit in use).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AssessmentState(models.TextChoices):
    UNPAID = "unpaid", _("Chưa nộp")
    PAID = "paid", _("Đã nộp")
    PAYABLE_AT_COUNTER = "counter", _("Nộp tại quầy khi nhận kết quả")
    WAIVED = "waived", _("Không phải nộp")


# Still to be paid, online or at the counter (being allowed to pay at the counter is not an
# obligation to).
OWED_STATES = frozenset({AssessmentState.UNPAID, AssessmentState.PAYABLE_AT_COUNTER})
# The citizen may be received: nothing is owed online any more.
SETTLED_STATES = frozenset(
    {AssessmentState.PAID, AssessmentState.PAYABLE_AT_COUNTER, AssessmentState.WAIVED}
)


class FeeAssessment(models.Model):
    """What one dossier owes, computed from its procedure version's fees."""

    dossier = models.OneToOneField(
        "dossiers.Dossier",
        on_delete=models.CASCADE,
        related_name="fee_assessment",
        verbose_name=_("hồ sơ"),
    )
    # [{label, basis, unit_amount, quantity, amount, exempt, unknown}] (fees.FeeLine).
    lines = models.JSONField(_("các khoản thu"), default=list)
    copies = models.PositiveSmallIntegerField(_("số bản"), default=1)
    exemption = models.CharField(_("đối tượng miễn"), max_length=300, blank=True)
    total = models.PositiveBigIntegerField(_("tổng số tiền (đồng)"))
    state = models.CharField(
        _("trạng thái"), max_length=8, choices=AssessmentState.choices, db_index=True
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người tính phí"),
    )
    assessed_at = models.DateTimeField(_("thời điểm tính phí"))
    paid_at = models.DateTimeField(_("thời điểm nộp"), null=True, blank=True)

    class Meta:
        verbose_name = _("phí, lệ phí của hồ sơ")
        verbose_name_plural = _("phí, lệ phí của hồ sơ")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=[s.value for s in AssessmentState]),
                name="payments_assessment_state_known",
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.total}"

    @property
    def settled(self) -> bool:
        return self.state in SETTLED_STATES


class Gateway(models.TextChoices):
    VNPAY = "vnpay", _("VNPay")
    VIETQR = "vietqr", _("Chuyển khoản VietQR")
    CASH = "cash", _("Tiền mặt tại quầy")


class PaymentState(models.TextChoices):
    PENDING = "pending", _("Đang chờ")
    PAID = "paid", _("Đã thanh toán")
    FAILED = "failed", _("Không thành công")
    REFUNDED = "refunded", _("Đã hoàn tiền")


class Payment(models.Model):
    """One attempt to pay an assessment, through one gateway, under one order reference."""

    assessment = models.ForeignKey(FeeAssessment, on_delete=models.PROTECT, related_name="payments")
    gateway = models.CharField(_("hình thức"), max_length=10, choices=Gateway.choices)
    # vnp_TxnRef, and the purpose of a VietQR transfer: what reconciliation matches on.
    order_ref = models.CharField(_("mã giao dịch"), max_length=25, unique=True)
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    state = models.CharField(
        _("trạng thái"), max_length=8, choices=PaymentState.choices, default=PaymentState.PENDING
    )
    gateway_txn_no = models.CharField(
        _("mã giao dịch tại cổng/ngân hàng"), max_length=64, blank=True
    )
    bank_code = models.CharField(_("ngân hàng"), max_length=20, blank=True)
    response_code = models.CharField(_("mã phản hồi"), max_length=4, blank=True)
    paid_at = models.DateTimeField(_("thời điểm thanh toán"), null=True, blank=True)
    refunded_at = models.DateTimeField(_("thời điểm hoàn tiền"), null=True, blank=True)
    # The last signed callback that changed this payment, as received.
    raw_callback = models.JSONField(_("dữ liệu phản hồi"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người tạo"),
    )
    # The officer who took the cash or confirmed the transfer; empty for the gateway's IPN.
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người xác nhận"),
    )
    created_at = models.DateTimeField(_("thời điểm tạo"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("giao dịch thanh toán")
        verbose_name_plural = _("giao dịch thanh toán")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=[s.value for s in PaymentState]),
                name="payments_payment_state_known",
            ),
            models.CheckConstraint(
                condition=Q(gateway__in=[g.value for g in Gateway]),
                name="payments_payment_gateway_known",
            ),
        ]

    def __str__(self) -> str:
        return self.order_ref
