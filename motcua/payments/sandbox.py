"""A VNPay-compatible sandbox inside motcua, for the demo and the tests: it takes the
same signed `pay` request, shows a bank-like page, then does what VNPay does: calls the
merchant's IPN server to server (signed, over real HTTP) and sends the browser back to
vnp_ReturnUrl with the signed result. No money moves; it is on only while
settings.VNPAY_SANDBOX is (no real gateway configured)."""

import logging
import secrets
import urllib.error
import urllib.request
from collections.abc import Mapping

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua.payments import vnpay
from motcua.payments.gateways import vnpay_ipn_url, vnpay_secret

logger = logging.getLogger(__name__)

# NCB's test card in VNPay's sandbox documentation.
TEST_CARD = "9704198526191432198"
TEST_BANK = "NCB"
IPN_TIMEOUT_SECONDS = 10


def result_params(request_params: Mapping[str, str], *, paid: bool) -> dict[str, str]:
    """The signed result VNPay sends to the IPN and the return URL."""
    params = {
        "vnp_Amount": request_params["vnp_Amount"],
        "vnp_BankCode": TEST_BANK,
        "vnp_BankTranNo": "VNP" + "".join(secrets.choice("0123456789") for _ in range(8)),
        "vnp_CardType": "ATM",
        "vnp_OrderInfo": request_params.get("vnp_OrderInfo", ""),
        "vnp_PayDate": vnpay.vnp_date(timezone.now()),
        "vnp_ResponseCode": vnpay.RESPONSE_SUCCESS if paid else vnpay.RESPONSE_CANCELLED,
        "vnp_TmnCode": request_params["vnp_TmnCode"],
        "vnp_TransactionNo": "".join(secrets.choice("0123456789") for _ in range(8)),
        "vnp_TransactionStatus": "00" if paid else "02",
        "vnp_TxnRef": request_params["vnp_TxnRef"],
    }
    params["vnp_SecureHash"] = vnpay.sign(params, vnpay_secret())
    return params


def call_ipn(query: str) -> str:
    """GET the merchant's IPN like VNPay does; its RspCode, or "" when it did not answer
    (VNPay would retry later; the payment stays pending until then)."""
    url = f"{vnpay_ipn_url()}?{query}"
    try:
        with urllib.request.urlopen(url, timeout=IPN_TIMEOUT_SECONDS) as response:  # noqa: S310
            body = response.read().decode()
    except (urllib.error.URLError, OSError) as error:
        logger.warning("sandbox: IPN call to %s failed: %s", vnpay_ipn_url(), error)
        return ""
    return body


def _request_params(request: HttpRequest) -> dict[str, str] | None:
    params = {key: request.GET[key] for key in request.GET}
    required = ("vnp_Amount", "vnp_TxnRef", "vnp_TmnCode", "vnp_ReturnUrl", "vnp_Command")
    if not all(params.get(key) for key in required) or params["vnp_Command"] != "pay":
        return None
    if params["vnp_TmnCode"] != settings.VNPAY_TMN_CODE:
        return None
    if (
        not vnpay.verify(params, vnpay_secret())
        or vnpay.amount_from_vnp(params["vnp_Amount"]) is None
    ):
        return None
    return params


@require_http_methods(["GET", "POST"])
def sandbox_pay(request: HttpRequest) -> HttpResponse:
    if not settings.VNPAY_SANDBOX:
        raise Http404
    params = _request_params(request)
    if params is None:
        return render(request, "payments/sandbox.html", {"invalid": True}, status=400)
    context: dict[str, object] = {
        "params": params,
        "amount": vnpay.amount_from_vnp(params["vnp_Amount"]),
        "test_card": TEST_CARD,
        "query": request.GET.urlencode(),
    }
    if request.method == "GET":
        return render(request, "payments/sandbox.html", context)
    paid = request.POST.get("action") == "pay"
    if paid and "".join(request.POST.get("card_number", "").split()) != TEST_CARD:
        context["card_error"] = _("Số thẻ không đúng. Hãy dùng thẻ thử nghiệm.")
        context["card_number"] = request.POST.get("card_number", "")
        return render(request, "payments/sandbox.html", context, status=400)
    result = result_params(params, paid=paid)
    query = vnpay.signed_query(result, vnpay_secret())
    call_ipn(query)
    separator = "&" if "?" in params["vnp_ReturnUrl"] else "?"
    return HttpResponseRedirect(f"{params['vnp_ReturnUrl']}{separator}{query}")
