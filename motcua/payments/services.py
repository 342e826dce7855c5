"""Writes of fees and payments: assess, start a payment, take a gateway's callback, and
what officers record at the counter. Each one atomic, checked first, audited."""

import secrets
import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import Role
from motcua.catalog.models import ProcedureVersion
from motcua.core import formatting
from motcua.core.audit import audit_record
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_scope
from motcua.payments import vnpay
from motcua.payments.fees import FeeInputError, fee_compute
from motcua.payments.gateways import GatewayStart, gateway_get
from motcua.payments.models import (
    OWED_STATES,
    AssessmentState,
    FeeAssessment,
    Gateway,
    Payment,
    PaymentState,
)
from motcua.payments.selectors import fee_items

if TYPE_CHECKING:
    from motcua.accounts.models import User

# Officers who handle money at the counter and reconcile.
CASH_ROLES = frozenset({Role.COUNTER_OFFICER, Role.CENTRE_MANAGER, Role.SYSTEM_ADMIN})
ORDER_REF_ALPHABET = string.ascii_uppercase + string.digits
MAX_COPIES = 100
# A late IPN may still arrive this long after the gateway's pay window closed.
EXPIRY_GRACE = timedelta(minutes=5)


class PaymentError(Exception):
    """A refused action; `message` is fit to show the person who tried it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PaymentNotFound(PaymentError, Http404):
    """Out of the actor's scope, or no such record: the same answer for both."""


def _locked_dossier(actor: "User", dossier: Dossier) -> Dossier:
    """The dossier, row-locked, if the actor may see it (PaymentNotFound otherwise)."""
    found = dossier_scope(Dossier.objects.all(), user=actor).filter(pk=dossier.pk)
    locked = found.select_for_update().select_related("agency").first()
    if locked is None:
        raise PaymentNotFound(_("Không tìm thấy hồ sơ."))
    return locked


def _require_cashier(actor: "User") -> None:
    if not (actor.is_authenticated and actor.is_officer and actor.role in CASH_ROLES):
        raise PaymentError(_("Chỉ cán bộ một cửa hoặc quản lý trung tâm được thực hiện việc này."))


def _audit(actor: "User | None", action: str, target: Any, dossier: Dossier, **kwargs: Any) -> None:
    audit_record(actor=actor, action=action, target=target, agency=dossier.agency, **kwargs)


# --- assessment ---------------------------------------------------------------------------


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
    dossier = _locked_dossier(actor, dossier)
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
        _audit(
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
    _audit(
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
        _audit(
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
    _require_cashier(actor)
    dossier = _locked_dossier(actor, dossier)
    assessment = _assessment_locked(dossier) or dossier_fee_assess(actor=actor, dossier=dossier)
    if assessment.state != AssessmentState.UNPAID:
        raise PaymentError(_("Chỉ cho phép nộp tại quầy khi hồ sơ chưa nộp phí, lệ phí."))
    assessment.state = AssessmentState.PAYABLE_AT_COUNTER
    assessment.save(update_fields=["state"])
    _audit(
        actor,
        "fee.allow_counter",
        assessment,
        dossier,
        from_state=AssessmentState.UNPAID,
        to_state=assessment.state,
    )
    return assessment


def _assessment_locked(dossier: Dossier) -> FeeAssessment | None:
    return FeeAssessment.objects.select_for_update().filter(dossier=dossier).first()


def _new_order_ref() -> str:
    # 12 random characters: unguessable, short enough for a transfer's purpose field.
    return "MC" + "".join(secrets.choice(ORDER_REF_ALPHABET) for _ in range(10))


def _notify_paid(payment: Payment, dossier: Dossier) -> None:
    # Written in this transaction, delivered after commit by the notifications worker.
    from motcua.notifications.services import citizen_language, notification_enqueue

    values = {
        "amount": formatting.number(payment.amount),
        "code": dossier.code,
        "ref": payment.order_ref,
    }
    with citizen_language():  # a cash taking is recorded by an officer, maybe in English
        subject = _("Đã nhận phí, lệ phí hồ sơ %(code)s") % values
        body = (
            _("Đã nhận %(amount)s đồng phí, lệ phí của hồ sơ %(code)s (mã giao dịch %(ref)s).")
            % values
        )
    notification_enqueue(
        kind="payment.paid",
        subject=subject,
        body=body,
        user=dossier.owner,
        phone=dossier.applicant_phone,
        email=dossier.applicant_email,
        dossier=dossier,
    )


def _mark_paid(
    payment: Payment,
    *,
    actor: "User | None",
    at: datetime,
    txn_no: str = "",
    bank_code: str = "",
    response_code: str = "",
    raw: Mapping[str, str] | None = None,
) -> None:
    """A pending payment (locked) becomes paid, and its assessment with it."""
    assessment = FeeAssessment.objects.select_for_update().get(pk=payment.assessment_id)
    dossier = Dossier.objects.select_related("agency").get(pk=assessment.dossier_id)
    from_state = payment.state
    payment.state = PaymentState.PAID
    payment.paid_at = at
    payment.gateway_txn_no = txn_no or payment.gateway_txn_no
    payment.bank_code = bank_code or payment.bank_code
    payment.response_code = response_code
    payment.confirmed_by = actor
    if raw is not None:
        payment.raw_callback = dict(raw)
    payment.save()
    _audit(
        actor,
        "payment.paid",
        payment,
        dossier,
        from_state=from_state,
        to_state=payment.state,
        payload={"amount": payment.amount, "gateway": payment.gateway, "txn_no": txn_no},
    )
    if assessment.state != AssessmentState.PAID:
        previous = assessment.state
        assessment.state, assessment.paid_at = AssessmentState.PAID, at
        assessment.save(update_fields=["state", "paid_at"])
        _audit(
            actor,
            "fee.paid",
            assessment,
            dossier,
            from_state=previous,
            to_state=assessment.state,
            payload={"order_ref": payment.order_ref},
        )
    _notify_paid(payment, dossier)


@dataclass(frozen=True)
class PaymentStarted:
    payment: Payment
    start: GatewayStart


@transaction.atomic
def payment_start(
    *, actor: "User", dossier: Dossier, gateway: str, return_url: str, client_ip: str
) -> PaymentStarted:
    """The owner citizen starts paying the dossier's fees through `gateway`. A VietQR
    transfer already waiting is shown again rather than a second one opened."""
    dossier = _locked_dossier(actor, dossier)
    if not (actor.is_citizen and dossier.owner_id == actor.pk):
        raise PaymentNotFound(_("Không tìm thấy hồ sơ."))
    if not dossier.is_open:
        raise PaymentError(_("Hồ sơ đã kết thúc: không nộp phí, lệ phí trực tuyến được nữa."))
    chosen = gateway_get(gateway)
    if chosen is None:
        raise PaymentError(_("Hãy chọn một hình thức thanh toán."))
    assessment = _assessment_locked(dossier) or dossier_fee_assess(actor=actor, dossier=dossier)
    if assessment.state not in OWED_STATES or assessment.total == 0:
        raise PaymentError(_("Hồ sơ không còn khoản phí, lệ phí nào phải nộp trực tuyến."))
    payment = None
    if gateway == Gateway.VIETQR:
        payment = assessment.payments.filter(
            gateway=gateway, state=PaymentState.PENDING, amount=assessment.total
        ).first()
    if payment is None:
        payment = Payment.objects.create(
            assessment=assessment,
            gateway=gateway,
            order_ref=_new_order_ref(),
            amount=assessment.total,
            created_by=actor,
        )
        _audit(
            actor,
            "payment.start",
            payment,
            dossier,
            to_state=payment.state,
            payload={"amount": payment.amount, "gateway": gateway},
        )
    start = chosen.start(payment, return_url=return_url, client_ip=client_ip)
    return PaymentStarted(payment, start)


# --- the gateway's IPN ----------------------------------------------------------------------


@dataclass(frozen=True)
class IpnAnswer:
    code: str

    def as_json(self) -> dict[str, str]:
        return {"RspCode": self.code, "Message": vnpay.IPN_MESSAGES[self.code]}


@transaction.atomic
def payment_ipn_handle(*, gateway: str, params: Mapping[str, str]) -> IpnAnswer:
    """A gateway's server-to-server notification: the only thing that marks a gateway
    payment paid or failed. Repeated or late callbacks never change a settled payment
    (answer 02); a wrong signature (97), unknown order (01) or amount (04) writes nothing."""
    chosen = gateway_get(gateway)
    if chosen is None:
        return IpnAnswer(vnpay.RSP_INVALID_SIGNATURE)
    outcome = chosen.verify_callback(params)
    if not outcome.valid:
        return IpnAnswer(vnpay.RSP_INVALID_SIGNATURE)
    payment = (
        Payment.objects.select_for_update()
        .filter(order_ref=outcome.order_ref, gateway=gateway)
        .first()
    )
    if payment is None:
        return IpnAnswer(vnpay.RSP_ORDER_NOT_FOUND)
    if outcome.amount != payment.amount:
        return IpnAnswer(vnpay.RSP_INVALID_AMOUNT)
    if payment.state != PaymentState.PENDING:
        return IpnAnswer(vnpay.RSP_ALREADY_CONFIRMED)
    at = outcome.paid_at or timezone.now()
    if outcome.success:
        _mark_paid(
            payment,
            actor=None,
            at=at,
            txn_no=outcome.txn_no,
            bank_code=outcome.bank_code,
            response_code=outcome.response_code,
            raw=params,
        )
    else:
        payment.state = PaymentState.FAILED
        payment.response_code = outcome.response_code
        payment.gateway_txn_no = outcome.txn_no
        payment.bank_code = outcome.bank_code
        payment.raw_callback = dict(params)
        payment.save()
        dossier = Dossier.objects.select_related("agency").get(pk=payment.assessment.dossier_id)
        _audit(
            None,
            "payment.failed",
            payment,
            dossier,
            from_state=PaymentState.PENDING,
            to_state=payment.state,
            payload={"response_code": outcome.response_code},
        )
    return IpnAnswer(vnpay.RSP_CONFIRMED)


# --- at the counter ---------------------------------------------------------------------------


def _locked_payment(actor: "User", payment: Payment) -> tuple[Payment, Dossier]:
    """The payment, row-locked, if the actor is a cashier who sees its dossier."""
    _require_cashier(actor)
    locked = Payment.objects.select_for_update().filter(pk=payment.pk).first()
    if locked is None:
        raise PaymentNotFound(_("Không tìm thấy giao dịch."))
    dossier = Dossier.objects.get(pk=FeeAssessment.objects.get(pk=locked.assessment_id).dossier_id)
    return locked, _locked_dossier(actor, dossier)


@transaction.atomic
def payment_record_cash(*, actor: "User", dossier: Dossier, at: datetime | None = None) -> Payment:
    """ "Thu tại quầy": the officer takes the whole amount in cash."""
    _require_cashier(actor)
    dossier = _locked_dossier(actor, dossier)
    assessment = _assessment_locked(dossier) or dossier_fee_assess(actor=actor, dossier=dossier)
    if assessment.state not in OWED_STATES:
        raise PaymentError(_("Hồ sơ không còn khoản phí, lệ phí nào phải thu."))
    if assessment.total == 0:
        raise PaymentError(_("Hồ sơ không có khoản phí, lệ phí nào phải thu."))
    payment = Payment.objects.create(
        assessment=assessment,
        gateway=Gateway.CASH,
        order_ref=_new_order_ref(),
        amount=assessment.total,
        created_by=actor,
    )
    _mark_paid(payment, actor=actor, at=at or timezone.now())
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
    _mark_paid(
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
    _audit(
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
        _audit(
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
    _audit(
        actor,
        "payment.cancel",
        payment,
        dossier,
        from_state=PaymentState.PENDING,
        to_state=payment.state,
        reason=reason,
    )
    return payment
