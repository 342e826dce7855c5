"""Paying online: the owner citizen starts a payment through a gateway, and the
gateway's server-to-server notification (IPN) settles it."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers.models import Dossier
from motcua.payments import vnpay
from motcua.payments.gateways import GatewayStart, gateway_get
from motcua.payments.models import OWED_STATES, Gateway, Payment, PaymentState
from motcua.payments.services.assessment import dossier_fee_assess
from motcua.payments.services.common import (
    PaymentError,
    PaymentNotFound,
    assessment_locked,
    dossier_locked,
    new_order_ref,
    payment_audit,
    payment_mark_paid,
)

if TYPE_CHECKING:
    from motcua.accounts.models import User


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
    dossier = dossier_locked(actor, dossier)
    if not (actor.is_citizen and dossier.owner_id == actor.pk):
        raise PaymentNotFound(_("Không tìm thấy hồ sơ."))
    if not dossier.is_open:
        raise PaymentError(_("Hồ sơ đã kết thúc: không nộp phí, lệ phí trực tuyến được nữa."))
    chosen = gateway_get(gateway)
    if chosen is None:
        raise PaymentError(_("Hãy chọn một hình thức thanh toán."))
    assessment = assessment_locked(dossier) or dossier_fee_assess(actor=actor, dossier=dossier)
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
            order_ref=new_order_ref(),
            amount=assessment.total,
            created_by=actor,
        )
        payment_audit(
            actor,
            "payment.start",
            payment,
            dossier,
            to_state=payment.state,
            payload={"amount": payment.amount, "gateway": gateway},
        )
    start = chosen.start(payment, return_url=return_url, client_ip=client_ip)
    return PaymentStarted(payment, start)


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
        payment_mark_paid(
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
        payment_audit(
            None,
            "payment.failed",
            payment,
            dossier,
            from_state=PaymentState.PENDING,
            to_state=payment.state,
            payload={"response_code": outcome.response_code},
        )
    return IpnAnswer(vnpay.RSP_CONFIRMED)
