"""Assessing what a dossier owes from its procedure's fees, and allowing it to be paid
at the counter when the result is handed over."""

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.models import Dossier
from motcua.payments import vnpay
from motcua.payments.fees import FeeInputError, fee_compute
from motcua.payments.models import AssessmentState, FeeAssessment, Gateway, PaymentState
from motcua.payments.selectors import fee_items
from motcua.payments.services.common import (
    PaymentError,
    assessment_locked,
    dossier_locked,
    payment_audit,
    require_cashier,
)

if TYPE_CHECKING:
    from motcua.accounts.models import User

MAX_COPIES = 100
# A late IPN may still arrive this long after the gateway's pay window closed.
EXPIRY_GRACE = timedelta(minutes=5)


@transaction.atomic
def dossier_fee_assess(
    *,
    actor: "User",
    dossier: Dossier,
    copies: int = 1,
    exemption: str = "",
    version: ProcedureVersion | None = None,
) -> FeeAssessment:
    """What the dossier owes, from its procedure version's fees (`version`: that version
    already read with its fees, see `selectors.fee_items`). Assessing again with the
    same figures returns the same row; different figures recompute it while nothing has
    been paid or is waiting for a gateway."""
    dossier = dossier_locked(actor, dossier)
    exemption = " ".join(exemption.split())
    if exemption and not actor.is_officer:
        raise PaymentError(_("Chỉ cán bộ tiếp nhận xác nhận đối tượng được miễn phí, lệ phí."))
    if not 0 <= copies <= MAX_COPIES:
        raise PaymentError(_("Số bản phải từ 0 đến %(max)d.") % {"max": MAX_COPIES})
    try:
        computation = fee_compute(
            fee_items(dossier=dossier, version=version), copies=copies, exemption=exemption
        )
    except FeeInputError as error:
        raise PaymentError(
            _("Thủ tục này không có trường hợp miễn cho đối tượng đã chọn.")
        ) from error
    lines = [line.as_dict() for line in computation.lines]
    now = timezone.now()
    assessment = FeeAssessment.objects.select_for_update().filter(dossier=dossier).first()
    if assessment is None:
        assessment = FeeAssessment.objects.create(
            dossier=dossier,
            lines=lines,
            copies=copies,
            exemption=exemption,
            total=computation.total,
            state=AssessmentState.WAIVED if computation.total == 0 else AssessmentState.UNPAID,
            assessed_by=actor,
            assessed_at=now,
        )
        payment_audit(
            actor,
            "fee.assess",
            assessment,
            dossier,
            to_state=assessment.state,
            payload={"total": assessment.total, "copies": copies, "exemption": exemption},
        )
        return assessment
    if (assessment.copies, assessment.exemption, assessment.lines) == (copies, exemption, lines):
        return assessment
    if assessment.state == AssessmentState.PAID:
        raise PaymentError(_("Hồ sơ đã nộp phí, lệ phí: không tính lại được."))
    _close_expired(actor, assessment, dossier, now)
    if assessment.payments.filter(state=PaymentState.PENDING).exists():
        raise PaymentError(
            _("Đang có giao dịch thanh toán chờ kết quả: chưa tính lại phí, lệ phí được.")
        )
    from_state = assessment.state
    assessment.lines, assessment.copies, assessment.exemption = lines, copies, exemption
    assessment.total = computation.total
    if computation.total == 0:
        assessment.state = AssessmentState.WAIVED
    elif from_state == AssessmentState.WAIVED:
        assessment.state = AssessmentState.UNPAID
    assessment.assessed_by, assessment.assessed_at = actor, now
    assessment.save()
    payment_audit(
        actor,
        "fee.reassess",
        assessment,
        dossier,
        from_state=from_state,
        to_state=assessment.state,
        payload={"total": assessment.total, "copies": copies, "exemption": exemption},
    )
    return assessment


def _close_expired(
    actor: "User", assessment: FeeAssessment, dossier: Dossier, now: datetime
) -> None:
    """Gateway payments the gateway no longer accepts (past vnp_ExpireDate, with a margin
    for a late IPN) are closed as failed, so they no longer hold the assessment."""
    cutoff = now - vnpay.PAY_WINDOW - EXPIRY_GRACE
    expired = assessment.payments.select_for_update().filter(
        gateway=Gateway.VNPAY, state=PaymentState.PENDING, created_at__lt=cutoff
    )
    for payment in expired:
        payment.state, payment.response_code = PaymentState.FAILED, vnpay.RESPONSE_EXPIRED
        payment.save(update_fields=["state", "response_code", "updated_at"])
        payment_audit(
            actor,
            "payment.expired",
            payment,
            dossier,
            from_state=PaymentState.PENDING,
            to_state=payment.state,
        )


@transaction.atomic
def fee_assessment_allow_counter(*, actor: "User", dossier: Dossier) -> FeeAssessment:
    """ "Cho phép nộp tại quầy": the dossier may be received now, the fee is taken in cash
    when the result is handed over."""
    require_cashier(actor)
    dossier = dossier_locked(actor, dossier)
    assessment = assessment_locked(dossier) or dossier_fee_assess(actor=actor, dossier=dossier)
    if assessment.state != AssessmentState.UNPAID:
        raise PaymentError(_("Chỉ cho phép nộp tại quầy khi hồ sơ chưa nộp phí, lệ phí."))
    assessment.state = AssessmentState.PAYABLE_AT_COUNTER
    assessment.save(update_fields=["state"])
    payment_audit(
        actor,
        "fee.allow_counter",
        assessment,
        dossier,
        from_state=AssessmentState.UNPAID,
        to_state=assessment.state,
    )
    return assessment
