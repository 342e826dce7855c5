"""The VNPay 2.1.0 redirect/IPN protocol (no Django): building a signed payment URL,
verifying signed callbacks, and the IPN answer codes.

Signing: every vnp_* parameter but the hash itself, sorted by name, each name and value
URL-encoded (form style: space as "+"), joined "k=v&k=v"; vnp_SecureHash is the
HMAC-SHA512 of that string with the merchant's hash secret, in hex.
"""

import hashlib
import hmac
from collections.abc import Mapping
from datetime import datetime, timedelta
from urllib.parse import quote_plus
from zoneinfo import ZoneInfo

VERSION = "2.1.0"
GMT7 = ZoneInfo("Asia/Ho_Chi_Minh")
HASH_FIELDS_EXCLUDED = frozenset({"vnp_SecureHash", "vnp_SecureHashType"})
DATE_FORMAT = "%Y%m%d%H%M%S"
# How long the gateway waits for the customer (vnp_ExpireDate - vnp_CreateDate).
PAY_WINDOW = timedelta(minutes=15)

# IPN answers (VNPay's merchant integration guide).
RSP_CONFIRMED = "00"
RSP_ORDER_NOT_FOUND = "01"
RSP_ALREADY_CONFIRMED = "02"
RSP_INVALID_AMOUNT = "04"
RSP_INVALID_SIGNATURE = "97"
RSP_UNKNOWN = "99"
IPN_MESSAGES = {
    RSP_CONFIRMED: "Confirm Success",
    RSP_ORDER_NOT_FOUND: "Order not found",
    RSP_ALREADY_CONFIRMED: "Order already confirmed",
    RSP_INVALID_AMOUNT: "Invalid amount",
    RSP_INVALID_SIGNATURE: "Invalid signature",
    RSP_UNKNOWN: "Unknown error",
}
# vnp_ResponseCode of a transaction: "00" success; "24" the customer cancelled.
RESPONSE_SUCCESS = "00"
RESPONSE_CANCELLED = "24"
RESPONSE_EXPIRED = "11"


def hash_data(params: Mapping[str, str]) -> str:
    return "&".join(
        f"{quote_plus(key)}={quote_plus(str(params[key]))}"
        for key in sorted(params)
        if key.startswith("vnp_") and key not in HASH_FIELDS_EXCLUDED and params[key] != ""
    )


def sign(params: Mapping[str, str], secret: str) -> str:
    return hmac.new(secret.encode(), hash_data(params).encode(), hashlib.sha512).hexdigest()


def signed_query(params: Mapping[str, str], secret: str) -> str:
    """The query string of a signed request: the sorted parameters, then the hash."""
    return hash_data(params) + "&vnp_SecureHash=" + sign(params, secret)


def verify(params: Mapping[str, str], secret: str) -> bool:
    received = params.get("vnp_SecureHash", "")
    return bool(received) and hmac.compare_digest(received.lower(), sign(params, secret))


def vnp_date(moment: datetime) -> str:
    """A moment as VNPay writes it: GMT+7, yyyyMMddHHmmss."""
    return moment.astimezone(GMT7).strftime(DATE_FORMAT)


def parse_vnp_date(text: str) -> datetime:
    return datetime.strptime(text, DATE_FORMAT).replace(tzinfo=GMT7)


def payment_params(
    *,
    tmn_code: str,
    amount: int,
    txn_ref: str,
    order_info: str,
    return_url: str,
    ip_addr: str,
    created: datetime,
    expires_in: timedelta = PAY_WINDOW,
    locale: str = "vn",
) -> dict[str, str]:
    """The unsigned parameters of a `pay` request for `amount` VND."""
    return {
        "vnp_Version": VERSION,
        "vnp_Command": "pay",
        "vnp_TmnCode": tmn_code,
        "vnp_Amount": str(amount * 100),  # VNPay counts in hundredths of a dong
        "vnp_CurrCode": "VND",
        "vnp_TxnRef": txn_ref,
        "vnp_OrderInfo": order_info,
        "vnp_OrderType": "other",
        "vnp_Locale": locale,
        "vnp_ReturnUrl": return_url,
        "vnp_IpAddr": ip_addr,
        "vnp_CreateDate": vnp_date(created),
        "vnp_ExpireDate": vnp_date(created + expires_in),
    }


def amount_from_vnp(text: str) -> int | None:
    """vnp_Amount back to VND; None when it is not a whole number of dong."""
    if not text.isdigit() or int(text) % 100:
        return None
    return int(text) // 100
