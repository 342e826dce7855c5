"""`motcua check` (and `check --deploy`): a payment configuration that could mark a fee paid
without money, or send citizens' money to an account that is not the centre's, is an error."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

SANDBOX_SECRET = "motcua-sandbox-secret"  # noqa: S105 - the published one, refused for real use


@register(Tags.security)
def payments_configured(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    gateways = settings.PAYMENT_GATEWAYS
    if "vnpay" in gateways and settings.VNPAY_PAY_URL:
        if not settings.VNPAY_TMN_CODE or not settings.VNPAY_HASH_SECRET:
            errors.append(
                Error(
                    "VNPAY_PAY_URL is set without VNPAY_TMN_CODE and VNPAY_HASH_SECRET.",
                    hint="Set the merchant code and secret VNPay issued.",
                    id="payments.E001",
                )
            )
        elif settings.VNPAY_HASH_SECRET == SANDBOX_SECRET or len(settings.VNPAY_HASH_SECRET) < 16:
            errors.append(
                Error(
                    "VNPAY_HASH_SECRET is the published sandbox secret or too short.",
                    hint="Use the secret VNPay issued for this merchant.",
                    id="payments.E002",
                )
            )
    if "vietqr" in gateways and not (
        settings.VIETQR_BANK_BIN and settings.VIETQR_ACCOUNT and settings.VIETQR_ACCOUNT_NAME
    ):
        errors.append(
            Error(
                "VietQR is offered without the centre's bank BIN, account and holder.",
                hint="Set VIETQR_BANK_BIN, VIETQR_ACCOUNT, VIETQR_ACCOUNT_NAME.",
                id="payments.E003",
            )
        )
    return errors


@register(Tags.security, deploy=True)
def payments_sandbox_off(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if not settings.VNPAY_SANDBOX:
        return []
    return [
        Error(
            "VNPAY_SANDBOX is on: fees can be marked paid without money.",
            hint="Unset VNPAY_SANDBOX (and VNPAY_SANDBOX_TEST_DEPLOYMENT) in production.",
            id="payments.E010",
        )
    ]
