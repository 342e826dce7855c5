"""The payment settings as a deployment gets them: no sandbox unless asked for, never with
DEBUG off by accident, and `check --deploy` failing on anything that could mark a fee paid
without money. Run as real processes, with the environment a deployment would have."""

import os
import subprocess
import sys

import pytest
from django.urls import reverse

from motcua.payments import vnpay
from motcua.payments.models import PaymentState
from tests.payments.test_ipn import start

BASE = {
    key: value
    for key, value in os.environ.items()
    if not key.startswith(("VNPAY_", "VIETQR_", "PAYMENT_", "DEBUG"))
}


def motcua(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "motcua.cli", *args],
        capture_output=True,
        text=True,
        env={**BASE, "DJANGO_SETTINGS_MODULE": "config.settings", "SECRET_KEY": "x" * 50, **env},
        check=False,
    )


def setting(name: str, **env: str) -> str:
    result = motcua(
        "shell", "-c", f"from django.conf import settings; print(repr(settings.{name}))", **env
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]  # after the shell's import notice


def test_production_defaults_offer_no_sandbox_and_no_illustrative_account() -> None:
    assert setting("VNPAY_SANDBOX") == "False"
    assert setting("VNPAY_HASH_SECRET") == "''"
    assert setting("PAYMENT_GATEWAYS") == "[]"


def test_the_sandbox_with_debug_off_refuses_to_start_unless_declared_a_test_deployment() -> None:
    refused = motcua("check", VNPAY_SANDBOX="1")
    assert refused.returncode != 0
    assert "VNPAY_SANDBOX_TEST_DEPLOYMENT" in refused.stderr
    declared = motcua("check", VNPAY_SANDBOX="1", VNPAY_SANDBOX_TEST_DEPLOYMENT="1")
    assert declared.returncode == 0, declared.stderr


def test_check_deploy_fails_on_the_sandbox_and_on_the_published_secret() -> None:
    sandbox = motcua("check", "--deploy", VNPAY_SANDBOX="1", VNPAY_SANDBOX_TEST_DEPLOYMENT="1")
    assert sandbox.returncode != 0 and "payments.E010" in sandbox.stderr
    published = motcua(
        "check",
        VNPAY_PAY_URL="https://pay.vnpay.vn/vpcpay.html",
        VNPAY_TMN_CODE="ABC",
        VNPAY_HASH_SECRET="motcua-sandbox-secret",
    )
    assert published.returncode != 0 and "payments.E002" in published.stderr
    no_account = motcua("check", PAYMENT_GATEWAYS="vietqr", VIETQR_ACCOUNT="1")
    assert no_account.returncode != 0 and "payments.E003" in no_account.stderr


@pytest.mark.django_db
def test_an_ipn_signed_with_the_published_secret_pays_nothing_without_the_sandbox(
    client, owned, settings
) -> None:
    payment = start(owned).payment
    settings.VNPAY_SANDBOX = False
    settings.VNPAY_HASH_SECRET = ""
    params = {
        "vnp_TmnCode": "MOTCUA01",
        "vnp_TxnRef": payment.order_ref,
        "vnp_Amount": str(payment.amount * 100),
        "vnp_ResponseCode": "00",
        "vnp_TransactionStatus": "00",
        "vnp_TransactionNo": "1",
    }
    params["vnp_SecureHash"] = vnpay.sign(params, "motcua-sandbox-secret")
    answer = client.get(reverse("payments:vnpay_ipn"), params).json()
    assert answer["RspCode"] != "00"
    payment.refresh_from_db()
    assert payment.state == PaymentState.PENDING


@pytest.mark.django_db
def test_an_ipn_from_outside_the_gateway_addresses_is_refused(client, owned, settings) -> None:
    payment = start(owned).payment
    settings.VNPAY_IPN_ALLOWED_IPS = ["113.160.92.202"]
    response = client.get(reverse("payments:vnpay_ipn"), {"vnp_TxnRef": payment.order_ref})
    assert response.status_code == 403
