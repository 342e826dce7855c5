"""The VNPay IPN: the only thing that marks a gateway payment paid, whatever the order and
the number of callbacks, with order, amount and signature checked."""

from collections.abc import Callable

import pytest
from django.conf import settings
from django.utils import translation

from motcua.core.models import AuditEvent
from motcua.notifications.models import Notification
from motcua.payments import vnpay
from motcua.payments.models import AssessmentState, FeeAssessment, Payment, PaymentState
from motcua.payments.selectors import dossier_fees_settled
from motcua.payments.services.assessment import dossier_fee_assess, fee_assessment_allow_counter
from motcua.payments.services.cashier import (
    payment_cancel,
    payment_confirm_transfer,
    payment_record_cash,
    payment_refund,
)
from motcua.payments.services.common import PaymentError, PaymentNotFound
from motcua.payments.services.online import PaymentStarted, payment_ipn_handle, payment_start

pytestmark = pytest.mark.django_db


def start(dossier, gateway: str = "vnpay") -> PaymentStarted:
    return payment_start(
        actor=dossier.owner,
        dossier=dossier,
        gateway=gateway,
        return_url="http://testserver/payments/vnpay/return/",
        client_ip="127.0.0.1",
    )


def callback(
    payment: Payment, *, code: str = "00", amount: int | None = None, **extra: str
) -> dict[str, str]:
    params = {
        "vnp_Amount": str((payment.amount if amount is None else amount) * 100),
        "vnp_BankCode": "NCB",
        "vnp_PayDate": "20260105093000",
        "vnp_ResponseCode": code,
        "vnp_TmnCode": settings.VNPAY_TMN_CODE,
        "vnp_TransactionNo": "14000001",
        "vnp_TransactionStatus": "00" if code == "00" else "02",
        "vnp_TxnRef": payment.order_ref,
        **extra,
    }
    params["vnp_SecureHash"] = vnpay.sign(params, settings.VNPAY_HASH_SECRET)
    return params


def ipn(params: dict[str, str]) -> str:
    return payment_ipn_handle(gateway="vnpay", params=params).code


@pytest.fixture
def started(owned) -> Payment:
    return start(owned).payment


def test_starting_a_vnpay_payment_gives_a_signed_redirect(owned) -> None:
    result = start(owned)
    url = result.start.redirect_url
    assert url.startswith(settings.SITE_URL.rstrip("/") + "/payments/sandbox/pay/?")
    query = dict(part.split("=", 1) for part in url.split("?", 1)[1].split("&"))
    assert query["vnp_TxnRef"] == result.payment.order_ref
    assert query["vnp_Amount"] == str(result.payment.amount * 100)
    assert result.payment.state == PaymentState.PENDING


def test_a_success_ipn_marks_the_payment_and_the_dossier_paid_and_notifies(started) -> None:
    assert ipn(callback(started)) == "00"
    started.refresh_from_db()
    assert started.state == PaymentState.PAID
    assert started.gateway_txn_no == "14000001"
    dossier = started.assessment.dossier
    assert dossier_fees_settled(dossier=dossier)
    assert AuditEvent.objects.filter(action="payment.paid", target_id=str(started.pk)).count() == 1
    assert Notification.objects.filter(kind="payment.paid", dossier=dossier).exists()


def test_the_same_ipn_twice_counts_once(started) -> None:
    params = callback(started)
    assert ipn(params) == "00"
    assert ipn(params) == "02"
    assert AuditEvent.objects.filter(action="payment.paid").count() == 1
    assert Notification.objects.filter(kind="payment.paid", channel="in_app").count() == 1


def test_a_failure_after_a_success_never_regresses_the_payment(started) -> None:
    assert ipn(callback(started)) == "00"
    assert ipn(callback(started, code="24")) == "02"
    started.refresh_from_db()
    assert started.state == PaymentState.PAID


def test_a_cancelled_payment_is_failed_and_the_fee_still_owed(started) -> None:
    assert ipn(callback(started, code="24")) == "00"
    started.refresh_from_db()
    assert started.state == PaymentState.FAILED
    assert not dossier_fees_settled(dossier=started.assessment.dossier)
    assert ipn(callback(started)) == "02"  # a late success of a closed order is refused


@pytest.mark.parametrize(
    "tamper,code",
    [
        (lambda p: {**p, "vnp_SecureHash": "0" * 128}, "97"),
        (lambda p: {**p, "vnp_Amount": "100"}, "97"),  # changed after signing
        (lambda p: {k: v for k, v in p.items() if k != "vnp_SecureHash"}, "97"),
    ],
)
def test_a_bad_signature_writes_nothing(started, tamper: Callable, code: str) -> None:
    events = AuditEvent.objects.count()
    assert ipn(tamper(callback(started))) == code
    started.refresh_from_db()
    assert started.state == PaymentState.PENDING
    assert AuditEvent.objects.count() == events


def test_a_wrong_amount_or_unknown_order_writes_nothing(started) -> None:
    assert ipn(callback(started, amount=started.amount - 1000)) == "04"
    assert ipn(callback(started, vnp_TxnRef="MCNOSUCHORDER")) == "01"
    started.refresh_from_db()
    assert started.state == PaymentState.PENDING


def test_another_merchant_code_is_refused(started) -> None:
    assert ipn(callback(started, vnp_TmnCode="OTHER")) == "97"


def test_only_the_owner_citizen_starts_a_payment(owned, team_a, citizen) -> None:
    from tests.factories import CitizenFactory

    for actor in (team_a.counter, CitizenFactory.create(username="nguoikhac")):
        with pytest.raises(PaymentNotFound):
            payment_start(actor=actor, dossier=owned, gateway="vnpay", return_url="", client_ip="")
    assert not Payment.objects.exists()


def test_an_unknown_gateway_is_refused(owned) -> None:
    with pytest.raises(PaymentError):
        start(owned, gateway="bitcoin")
    assert not Payment.objects.exists()


def test_a_vietqr_transfer_shown_twice_is_one_payment(owned) -> None:
    first, second = start(owned, "vietqr"), start(owned, "vietqr")
    assert first.payment.pk == second.payment.pk
    assert first.start.qr_payload.endswith(first.start.qr_payload[-4:])
    assert first.payment.order_ref in first.start.qr_payload


def test_an_officer_confirms_a_transfer_and_can_refund_it(owned, team_a) -> None:
    payment = start(owned, "vietqr").payment
    payment_confirm_transfer(actor=team_a.counter, payment=payment, bank_txn_no="FT123")
    assessment = FeeAssessment.objects.get()
    assert assessment.state == AssessmentState.PAID
    with pytest.raises(PaymentError):
        payment_confirm_transfer(actor=team_a.counter, payment=payment)
    with pytest.raises(PaymentError):
        payment_refund(actor=team_a.counter, payment=payment, reason="  ")
    payment_refund(actor=team_a.counter, payment=payment, reason="Nộp trùng")
    payment.refresh_from_db()
    assessment.refresh_from_db()
    assert payment.state == PaymentState.REFUNDED
    assert assessment.state == AssessmentState.UNPAID
    assert AuditEvent.objects.filter(action="payment.refund", reason="Nộp trùng").exists()


def test_another_agency_cannot_confirm_a_transfer(owned, team_b) -> None:
    payment = start(owned, "vietqr").payment
    with pytest.raises(PaymentNotFound):
        payment_confirm_transfer(actor=team_b.counter, payment=payment)
    payment.refresh_from_db()
    assert payment.state == PaymentState.PENDING


def test_cash_at_the_counter_pays_the_dossier(owned, team_a) -> None:
    payment = payment_record_cash(actor=team_a.counter, dossier=owned)
    assert payment.state == PaymentState.PAID
    assert payment.confirmed_by == team_a.counter
    assert dossier_fees_settled(dossier=owned)
    with pytest.raises(PaymentError):
        payment_record_cash(actor=team_a.counter, dossier=owned)


def test_cash_taken_by_an_officer_working_in_english_is_announced_in_vietnamese(
    owned, team_a
) -> None:
    with translation.override("en"):
        payment_record_cash(actor=team_a.counter, dossier=owned)
    sent = Notification.objects.filter(kind="payment.paid", dossier=owned).first()
    assert sent is not None and sent.subject == f"Đã nhận phí, lệ phí hồ sơ {owned.code}"


def test_a_specialist_cannot_take_cash(owned, team_a) -> None:
    with pytest.raises(PaymentError):
        payment_record_cash(actor=team_a.specialist, dossier=owned)
    assert not Payment.objects.exists()


def test_a_paid_dossier_cannot_be_reassessed(started, team_a) -> None:
    ipn(callback(started))
    with pytest.raises(PaymentError):
        dossier_fee_assess(actor=team_a.counter, dossier=started.assessment.dossier, copies=4)


def test_a_pending_payment_blocks_reassessment(started, team_a) -> None:
    with pytest.raises(PaymentError):
        dossier_fee_assess(actor=team_a.counter, dossier=started.assessment.dossier, copies=4)
    assert FeeAssessment.objects.get().copies == 1


def test_a_closed_dossier_takes_no_online_payment(owned) -> None:
    from motcua.dossiers.models import Dossier
    from motcua.dossiers.states import State

    Dossier.objects.filter(pk=owned.pk).update(state=State.WITHDRAWN)
    owned.refresh_from_db()
    with pytest.raises(PaymentError):
        start(owned)
    assert not Payment.objects.exists()


def test_a_payment_after_cash_is_recorded_and_left_to_refund(started, team_a) -> None:
    """The citizen paid at the counter while a gateway payment was open: the money moved
    twice, both show, and the officer refunds one."""
    dossier = started.assessment.dossier
    payment_record_cash(actor=team_a.counter, dossier=dossier)
    assert ipn(callback(started)) == "00"
    assert Payment.objects.filter(state=PaymentState.PAID).count() == 2
    payment_refund(actor=team_a.counter, payment=started, reason="Nộp hai lần")
    assert FeeAssessment.objects.get().state == AssessmentState.PAID


def test_allowed_at_the_counter_the_citizen_may_still_pay_online(owned, team_a) -> None:
    fee_assessment_allow_counter(actor=team_a.counter, dossier=owned)
    payment = start(owned).payment
    assert ipn(callback(payment)) == "00"
    assert FeeAssessment.objects.get().state == AssessmentState.PAID


def test_an_abandoned_gateway_payment_stops_blocking_reassessment_once_expired(
    started, team_a
) -> None:
    from datetime import timedelta

    dossier = started.assessment.dossier
    with pytest.raises(PaymentError):
        dossier_fee_assess(actor=team_a.counter, dossier=dossier, copies=2)
    Payment.objects.filter(pk=started.pk).update(
        created_at=started.created_at - vnpay.PAY_WINDOW - timedelta(minutes=6)
    )
    assessment = dossier_fee_assess(actor=team_a.counter, dossier=dossier, copies=2)
    assert assessment.copies == 2
    started.refresh_from_db()
    assert (started.state, started.response_code) == (PaymentState.FAILED, "11")
    assert ipn(callback(started)) == "02"  # the late IPN of a closed order changes nothing


def test_an_officer_cancels_a_transfer_that_will_not_come(owned, team_a) -> None:
    payment = start(owned, "vietqr").payment
    with pytest.raises(PaymentError):
        payment_cancel(actor=team_a.counter, payment=payment, reason="")
    payment_cancel(actor=team_a.counter, payment=payment, reason="Công dân nộp tại quầy")
    payment.refresh_from_db()
    assert payment.state == PaymentState.FAILED
    with pytest.raises(PaymentError):
        payment_cancel(actor=team_a.counter, payment=payment, reason="lần nữa")
    assert dossier_fee_assess(actor=team_a.counter, dossier=owned, copies=2).copies == 2
