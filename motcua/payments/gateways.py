"""Payment gateways behind one interface, registered by name (settings.PAYMENT_GATEWAYS).

A gateway turns a pending payment into what the citizen's browser needs (a redirect URL
or a QR payload) and reads a gateway's signed callback into an outcome. It writes
nothing: services do, on the outcome.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from motcua.payments import vietqr, vnpay
from motcua.payments.models import Gateway, Payment


@dataclass(frozen=True)
class GatewayStart:
    redirect_url: str = ""  # send the browser there (VNPay)
    qr_payload: str = ""  # draw it for the citizen's banking app (VietQR)


@dataclass(frozen=True)
class CallbackOutcome:
    valid: bool  # the signature checks out
    order_ref: str = ""
    amount: int | None = None  # VND; None when the amount field is malformed
    success: bool = False
    txn_no: str = ""
    bank_code: str = ""
    response_code: str = ""
    paid_at: datetime | None = None


class PaymentGateway(Protocol):
    name: str
    label: StrOrPromise
    description: StrOrPromise

    def start(self, payment: Payment, *, return_url: str, client_ip: str) -> GatewayStart: ...

    def verify_callback(self, params: Mapping[str, str]) -> CallbackOutcome: ...


def _site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def vnpay_secret() -> str:
    if not settings.VNPAY_HASH_SECRET:
        raise ImproperlyConfigured("VNPAY_HASH_SECRET is required when VNPAY_PAY_URL is set")
    return str(settings.VNPAY_HASH_SECRET)


def vnpay_pay_url() -> str:
    return settings.VNPAY_PAY_URL or _site_url(reverse("payments:sandbox_pay"))


def vnpay_ipn_url() -> str:
    return settings.VNPAY_IPN_URL or _site_url(reverse("payments:vnpay_ipn"))


class VnpayGateway:
    name = Gateway.VNPAY.value
    label: StrOrPromise = _("Thẻ ATM, thẻ quốc tế, ví điện tử (VNPay)")
    description: StrOrPromise = _(
        "Chuyển sang trang thanh toán của VNPay, thanh toán xong quay lại đây."
    )

    def start(self, payment: Payment, *, return_url: str, client_ip: str) -> GatewayStart:
        params = vnpay.payment_params(
            tmn_code=settings.VNPAY_TMN_CODE,
            amount=payment.amount,
            txn_ref=payment.order_ref,
            # ASCII only: some banks' pages mangle diacritics in the order description.
            order_info=f"Nop phi ho so {payment.assessment.dossier.code}",
            return_url=return_url,
            ip_addr=client_ip or "127.0.0.1",
            created=timezone.now(),
        )
        return GatewayStart(
            redirect_url=f"{vnpay_pay_url()}?{vnpay.signed_query(params, vnpay_secret())}"
        )

    def verify_callback(self, params: Mapping[str, str]) -> CallbackOutcome:
        if not vnpay.verify(params, vnpay_secret()):
            return CallbackOutcome(valid=False)
        paid_at = None
        if params.get("vnp_PayDate"):
            try:
                paid_at = vnpay.parse_vnp_date(params["vnp_PayDate"])
            except ValueError:
                paid_at = None
        return CallbackOutcome(
            valid=params.get("vnp_TmnCode") == settings.VNPAY_TMN_CODE,
            order_ref=params.get("vnp_TxnRef", ""),
            amount=vnpay.amount_from_vnp(params.get("vnp_Amount", "")),
            success=params.get("vnp_ResponseCode") == vnpay.RESPONSE_SUCCESS
            and params.get("vnp_TransactionStatus", vnpay.RESPONSE_SUCCESS)
            == vnpay.RESPONSE_SUCCESS,
            txn_no=params.get("vnp_TransactionNo", "")[:64],
            bank_code=params.get("vnp_BankCode", "")[:20],
            response_code=params.get("vnp_ResponseCode", "")[:4],
            paid_at=paid_at,
        )


class VietqrGateway:
    name = Gateway.VIETQR.value
    label: StrOrPromise = _("Chuyển khoản ngân hàng bằng mã VietQR")
    description: StrOrPromise = _(
        "Quét mã bằng ứng dụng ngân hàng; cán bộ xác nhận khi tiền về tài khoản."
    )

    def start(self, payment: Payment, *, return_url: str, client_ip: str) -> GatewayStart:
        transfer = vietqr.Transfer(
            bank_bin=settings.VIETQR_BANK_BIN,
            account=settings.VIETQR_ACCOUNT,
            amount=payment.amount,
            purpose=payment.order_ref,
        )
        return GatewayStart(qr_payload=vietqr.build_payload(transfer))

    def verify_callback(self, params: Mapping[str, str]) -> CallbackOutcome:
        # Banks send no callback here: an officer confirms the transfer (reconciliation).
        return CallbackOutcome(valid=False)


GATEWAYS: dict[str, PaymentGateway] = {
    gateway.name: gateway for gateway in (VnpayGateway(), VietqrGateway())
}


def enabled_gateways() -> list[PaymentGateway]:
    return [GATEWAYS[name] for name in settings.PAYMENT_GATEWAYS if name in GATEWAYS]


def gateway_get(name: str) -> PaymentGateway | None:
    return GATEWAYS.get(name) if name in settings.PAYMENT_GATEWAYS else None
