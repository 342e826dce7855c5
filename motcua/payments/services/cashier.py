"""What officers record at the counter: cash taken, a VietQR transfer found on the
statement, a refund, a transfer that will not come."""

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers.models import Dossier
from motcua.payments.models import (
    OWED_STATES,
    AssessmentState,
    FeeAssessment,
    Gateway,
    Payment,
    PaymentState,
)
from motcua.payments.services.assessment import dossier_fee_assess
from motcua.payments.services.common import (
    PaymentError,
    PaymentNotFound,
    assessment_locked,
    dossier_locked,
    new_order_ref,
    payment_audit,
    payment_mark_paid,
    require_cashier,
)

if TYPE_CHECKING:
    from motcua.accounts.models import User


def _locked_payment(actor: "User", payment: Payment) -> tuple[Payment, Dossier]:
    """The payment, row-locked, if the actor is a cashier who sees its dossier."""
    require_cashier(actor)
    locked = Payment.objects.select_for_update().filter(pk=payment.pk).first()
    if locked is None:
        raise PaymentNotFound(_("Không tìm thấy giao dịch."))
    dossier = Dossier.objects.get(pk=FeeAssessment.objects.get(pk=locked.assessment_id).dossier_id)
    return locked, dossier_locked(actor, dossier)


@transaction.atomic
def payment_record_cash(*, actor: "User", dossier: Dossier, at: datetime | None = None) -> Payment:
    """ "Thu tại quầy": the officer takes the whole amount in cash."""
    require_cashier(actor)
    dossier = dossier_locked(actor, dossier)
    assessment = assessment_locked(dossier) or dossier_fee_assess(actor=actor, dossier=dossier)
    if assessment.state not in OWED_STATES:
        raise PaymentError(_("Hồ sơ không còn khoản phí, lệ phí nào phải thu."))
    if assessment.total == 0:
        raise PaymentError(_("Hồ sơ không có khoản phí, lệ phí nào phải thu."))
    payment = Payment.objects.create(
        assessment=assessment,
        gateway=Gateway.CASH,
        order_ref=new_order_ref(),
        amount=assessment.total,
        created_by=actor,
    )
    payment_mark_paid(payment, actor=actor, at=at or timezone.now())
    return payment


@transaction.atomic
def payment_confirm_transfer(
    *, actor: "User", payment: Payment, bank_txn_no: str = "", at: datetime | None = None
) -> Payment:
    """The officer found the VietQR transfer on the account statement (matched by its
    order reference in the purpose)."""
    payment, _dossier = _locked_payment(actor, payment)
    if payment.gateway != Gateway.VIETQR:
        raise PaymentError(_("Chỉ xác nhận được giao dịch chuyển khoản VietQR."))
    if payment.state != PaymentState.PENDING:
        raise PaymentError(_("Giao dịch này đã được xử lý."))
    payment_mark_paid(
        payment,
        actor=actor,
        at=at or timezone.now(),
        txn_no=bank_txn_no.strip()[:64],
        bank_code="VIETQR",
    )
    return payment


@transaction.atomic
def payment_refund(*, actor: "User", payment: Payment, reason: str) -> Payment:
    """Money given back (a double payment, a refused dossier): the fee is owed again unless
    another payment covers it."""
    payment, dossier = _locked_payment(actor, payment)
    reason = reason.strip()
    if not reason:
        raise PaymentError(_("Hãy ghi lý do hoàn tiền."))
    if payment.state != PaymentState.PAID:
        raise PaymentError(_("Chỉ hoàn tiền được giao dịch đã thanh toán."))
    payment.state, payment.refunded_at = PaymentState.REFUNDED, timezone.now()
    payment.save(update_fields=["state", "refunded_at", "updated_at"])
    payment_audit(
        actor,
        "payment.refund",
        payment,
        dossier,
        from_state=PaymentState.PAID,
        to_state=payment.state,
        reason=reason,
        payload={"amount": payment.amount},
    )
    assessment = FeeAssessment.objects.select_for_update().get(pk=payment.assessment_id)
    still_paid = assessment.payments.filter(state=PaymentState.PAID).exists()
    if assessment.state == AssessmentState.PAID and not still_paid:
        assessment.state, assessment.paid_at = AssessmentState.UNPAID, None
        assessment.save(update_fields=["state", "paid_at"])
        payment_audit(
            actor,
            "fee.unpaid",
            assessment,
            dossier,
            from_state=AssessmentState.PAID,
            to_state=assessment.state,
            reason=reason,
        )
    return payment


@transaction.atomic
def payment_cancel(*, actor: "User", payment: Payment, reason: str) -> Payment:
    """An officer closes a VietQR transfer that will not come (the citizen paid otherwise,
    or the fee must be assessed again). A transfer arriving later is refunded."""
    payment, dossier = _locked_payment(actor, payment)
    reason = reason.strip()
    if not reason:
        raise PaymentError(_("Hãy ghi lý do hủy giao dịch."))
    if payment.gateway != Gateway.VIETQR or payment.state != PaymentState.PENDING:
        raise PaymentError(_("Chỉ hủy được giao dịch chuyển khoản VietQR đang chờ."))
    payment.state = PaymentState.FAILED
    payment.save(update_fields=["state", "updated_at"])
    payment_audit(
        actor,
        "payment.cancel",
        payment,
        dossier,
        from_state=PaymentState.PENDING,
        to_state=payment.state,
        reason=reason,
    )
    return payment
