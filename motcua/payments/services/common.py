"""What the fee and payment services share: the refusals, who may handle cash, the
locked dossier and assessment, the audit event, and marking a payment paid."""

import secrets
import string
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.http import Http404
from django.utils.translation import gettext as _

from motcua.accounts.models import Role
from motcua.core import formatting
from motcua.core.audit import audit_record
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_scope
from motcua.payments.models import AssessmentState, FeeAssessment, Payment, PaymentState

if TYPE_CHECKING:
    from motcua.accounts.models import User

# Officers who handle money at the counter and reconcile.
CASH_ROLES = frozenset({Role.COUNTER_OFFICER, Role.CENTRE_MANAGER, Role.SYSTEM_ADMIN})
ORDER_REF_ALPHABET = string.ascii_uppercase + string.digits


class PaymentError(Exception):
    """A refused action; `message` is fit to show the person who tried it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PaymentNotFound(PaymentError, Http404):
    """Out of the actor's scope, or no such record: the same answer for both."""


def dossier_locked(actor: "User", dossier: Dossier) -> Dossier:
    """The dossier, row-locked, if the actor may see it (PaymentNotFound otherwise)."""
    found = dossier_scope(Dossier.objects.all(), user=actor).filter(pk=dossier.pk)
    locked = found.select_for_update().select_related("agency").first()
    if locked is None:
        raise PaymentNotFound(_("Không tìm thấy hồ sơ."))
    return locked


def require_cashier(actor: "User") -> None:
    """Refuse unless the actor is an officer of CASH_ROLES."""
    if not (actor.is_authenticated and actor.is_officer and actor.role in CASH_ROLES):
        raise PaymentError(_("Chỉ cán bộ một cửa hoặc quản lý trung tâm được thực hiện việc này."))


def payment_audit(
    actor: "User | None", action: str, target: Any, dossier: Dossier, **kwargs: Any
) -> None:
    """The audit event of a fee or payment change, in the chain of the dossier's agency."""
    audit_record(actor=actor, action=action, target=target, agency=dossier.agency, **kwargs)


def assessment_locked(dossier: Dossier) -> FeeAssessment | None:
    """The dossier's assessment, row-locked; None before the first assessment."""
    return FeeAssessment.objects.select_for_update().filter(dossier=dossier).first()


def new_order_ref() -> str:
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


def payment_mark_paid(
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
    payment_audit(
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
        payment_audit(
            actor,
            "fee.paid",
            assessment,
            dossier,
            from_state=previous,
            to_state=assessment.state,
            payload={"order_ref": payment.order_ref},
        )
    _notify_paid(payment, dossier)
