"""Pages of fees and payment. Thin: find the record through a scoped selector (out of
scope: 404), call one service, render."""

import logging
from datetime import date

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from motcua.accounts.decorators import officer_required
from motcua.accounts.http import AuthenticatedHttpRequest
from motcua.core.http import client_ip
from motcua.core.tz import VN_TZ
from motcua.dossiers.models import Dossier
from motcua.dossiers.pdf import PdfUnavailable
from motcua.payments import receipts
from motcua.payments.export import reconciliation_xlsx
from motcua.payments.gateways import GATEWAYS, enabled_gateways, vnpay_secret
from motcua.payments.models import Gateway, Payment, PaymentState
from motcua.payments.selectors import (
    ReconciliationFilter,
    dossier_fee_summary,
    exemption_categories,
    fee_dossier_get,
    payment_get,
    reconciliation,
)
from motcua.payments.services.assessment import dossier_fee_assess, fee_assessment_allow_counter
from motcua.payments.services.cashier import (
    payment_cancel,
    payment_confirm_transfer,
    payment_record_cash,
    payment_refund,
)
from motcua.payments.services.common import CASH_ROLES, PaymentError
from motcua.payments.services.online import payment_ipn_handle, payment_start
from motcua.payments.vnpay import RSP_UNKNOWN, verify

logger = logging.getLogger(__name__)
# The reconciliation page lists this many rows; the spreadsheet has them all.
LIST_LIMIT = 500


def _owned_dossier(request: AuthenticatedHttpRequest, pk: int) -> Dossier:
    dossier = fee_dossier_get(user=request.user, pk=pk)
    if not request.user.is_citizen or dossier.owner_id != request.user.pk:
        raise Http404
    return dossier


@login_required
@require_http_methods(["GET", "POST"])
def pay(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The owner citizen sees what is owed and chooses how to pay."""
    dossier = _owned_dossier(request, pk)
    status = 200
    if request.method == "POST":
        gateway = request.POST.get("gateway", "")
        return_url = request.build_absolute_uri(reverse("payments:vnpay_return"))
        try:
            started = payment_start(
                actor=request.user,
                dossier=dossier,
                gateway=gateway,
                return_url=return_url,
                client_ip=client_ip(request),
            )
        except PaymentError as error:
            messages.error(request, error.message)
            status = 400
        else:
            if started.start.redirect_url:
                return redirect(started.start.redirect_url)
            return redirect("payments:transfer", pk=started.payment.pk)
    context = {
        "dossier": dossier,
        "summary": dossier_fee_summary(dossier=dossier),
        "gateways": enabled_gateways(),
    }
    return render(request, "payments/pay.html", context, status=status)


@login_required
@require_GET
def transfer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The VietQR code of a pending transfer, for the citizen's banking app."""
    payment = payment_get(user=request.user, pk=pk)
    dossier = payment.assessment.dossier
    if dossier.owner_id != request.user.pk or payment.gateway != Gateway.VIETQR:
        raise Http404
    start = GATEWAYS[Gateway.VIETQR].start(payment, return_url="", client_ip="")
    qr = segno.make(start.qr_payload, error="m").svg_inline(scale=5, border=2)
    context = {
        "payment": payment,
        "dossier": dossier,
        "qr_svg": qr,
        "payload": start.qr_payload,
        "bank_bin": settings.VIETQR_BANK_BIN,
        "account": settings.VIETQR_ACCOUNT,
        "account_name": settings.VIETQR_ACCOUNT_NAME,
    }
    return render(request, "payments/transfer.html", context)


@login_required
@require_GET
def vnpay_return(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Where the gateway sends the browser back. It shows what the IPN recorded and never
    marks a payment paid itself (the IPN is the truth); a pending payment is re-read on
    each visit."""
    params = {key: request.GET[key] for key in request.GET}
    if not verify(params, vnpay_secret()):
        return render(request, "payments/return.html", {"invalid": True}, status=400)
    payment = payment_get(user=request.user, order_ref=params.get("vnp_TxnRef", ""))
    context = {
        "payment": payment,
        "dossier": payment.assessment.dossier,
        "gateway_ok": params.get("vnp_ResponseCode") == "00",
        "recheck_url": request.get_full_path(),
    }
    return render(request, "payments/return.html", context)


@require_GET
def vnpay_ipn(request: HttpRequest) -> JsonResponse:
    """VNPay's server-to-server notification (GET, signed): the answer is JSON. With
    VNPAY_IPN_ALLOWED_IPS set, a call from elsewhere is refused before it is read."""
    allowed = settings.VNPAY_IPN_ALLOWED_IPS
    if allowed and client_ip(request) not in allowed:
        logger.warning("IPN refused from %s: not a VNPay address", client_ip(request))
        return JsonResponse({"RspCode": RSP_UNKNOWN, "Message": "Forbidden"}, status=403)
    params = {key: request.GET[key] for key in request.GET}
    try:
        answer = payment_ipn_handle(gateway=Gateway.VNPAY, params=params)
    except Exception:  # VNPay retries on 99; the error itself goes to the log
        logger.exception("IPN failed for %s", params.get("vnp_TxnRef"))
        return JsonResponse({"RspCode": RSP_UNKNOWN, "Message": "Unknown error"})
    return JsonResponse(answer.as_json())


# --- officers -------------------------------------------------------------------------------


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(value or default)
    except ValueError:
        return -1


def _payment_of(dossier: Dossier, request: AuthenticatedHttpRequest) -> Payment:
    payment = payment_get(user=request.user, pk=_int(request.POST.get("payment")))
    if payment.assessment.dossier_id != dossier.pk:
        raise Http404
    return payment


def _fees_action(request: AuthenticatedHttpRequest, dossier: Dossier) -> str:
    """Run the posted action; the success message."""
    actor = request.user
    action = request.POST.get("action", "")
    if action == "assess":
        copies = _int(request.POST.get("copies"), 1)
        dossier_fee_assess(
            actor=actor,
            dossier=dossier,
            copies=copies,
            exemption=request.POST.get("exemption", ""),
        )
        return _("Đã tính phí, lệ phí.")
    if action == "counter":
        fee_assessment_allow_counter(actor=actor, dossier=dossier)
        return _("Đã cho phép nộp phí, lệ phí tại quầy.")
    if action == "cash":
        payment_record_cash(actor=actor, dossier=dossier)
        return _("Đã thu tiền mặt tại quầy.")
    if action == "confirm":
        payment_confirm_transfer(
            actor=actor,
            payment=_payment_of(dossier, request),
            bank_txn_no=request.POST.get("bank_txn_no", ""),
        )
        return _("Đã xác nhận tiền chuyển khoản về tài khoản.")
    if action == "cancel":
        payment_cancel(
            actor=actor,
            payment=_payment_of(dossier, request),
            reason=request.POST.get("reason", ""),
        )
        return _("Đã hủy giao dịch chờ.")
    if action == "refund":
        payment_refund(
            actor=actor,
            payment=_payment_of(dossier, request),
            reason=request.POST.get("reason", ""),
        )
        return _("Đã ghi nhận hoàn tiền.")
    raise PaymentError(_("Thao tác không hợp lệ."))


@officer_required
@require_http_methods(["GET", "POST"])
def dossier_fees(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """An officer's view of a dossier's fees and the counter's actions on them."""
    dossier = fee_dossier_get(user=request.user, pk=pk)
    status = 200
    if request.method == "POST":
        try:
            done = _fees_action(request, dossier)
        except PaymentError as error:
            messages.error(request, error.message)
            status = 400
        else:
            messages.success(request, done)
            return redirect("payments:dossier_fees", pk=dossier.pk)
    context = {
        "dossier": dossier,
        "summary": dossier_fee_summary(dossier=dossier),
        "exemptions": exemption_categories(dossier=dossier),
        "can_handle_cash": getattr(request.user, "role", "") in CASH_ROLES,
    }
    return render(request, "payments/dossier_fees.html", context, status=status)


@login_required
@require_GET
def receipt_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The receipt (biên lai) of a paid payment: its owner or the agency's officers."""
    payment = payment_get(user=request.user, pk=pk)
    if payment.state != PaymentState.PAID:
        raise Http404
    try:
        data = receipts.receipt_pdf(payment=payment)
    except PdfUnavailable as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    headers = {
        "Content-Disposition": f'inline; filename="bien-lai-{payment.order_ref}.pdf"',
        "Cache-Control": "private, no-store",
    }
    return HttpResponse(data, content_type="application/pdf", headers=headers)


def _reconciliation_filter(request: HttpRequest) -> tuple[ReconciliationFilter, dict[str, str]]:
    today = timezone.localdate(timezone.now(), VN_TZ)
    errors: dict[str, str] = {}
    dates: dict[str, date] = {}
    for name, default in (("from", today.replace(day=1)), ("to", today)):
        text = request.GET.get(name, "")
        try:
            dates[name] = date.fromisoformat(text) if text else default
        except ValueError:
            errors[name] = _("Ngày không hợp lệ (định dạng năm-tháng-ngày).")
            dates[name] = default
    if dates["to"] < dates["from"]:
        errors["to"] = _("Ngày cuối phải sau ngày đầu.")
        dates["to"] = dates["from"]
    gateways = [g for g in request.GET.getlist("gateway") if g in Gateway.values]
    states = [s for s in request.GET.getlist("state") if s in PaymentState.values]
    return (
        ReconciliationFilter(
            first=dates["from"],
            last=dates["to"],
            gateways=gateways,
            states=states,
            order_ref=request.GET.get("ref", "")[:25],
        ),
        errors,
    )


@officer_required
@require_GET
def reconciliation_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Payments of a period by gateway and state (đối soát), with the list and an .xlsx."""
    filters, errors = _reconciliation_filter(request)
    report = reconciliation(user=request.user, filters=filters)
    if request.GET.get("export") == "xlsx" and not errors:
        data = reconciliation_xlsx(report, filters)
        filename = f"doi-soat-{filters.first:%Y%m%d}-{filters.last:%Y%m%d}.xlsx"
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    rows = list(report.rows[: LIST_LIMIT + 1])
    context = {
        "filters": filters,
        "errors": errors,
        "report": report,
        "table": [
            (label, [report.cells[(value, s)] for s in PaymentState.values])
            for value, label in Gateway.choices
        ],
        "total_cells": [report.totals[s] for s in PaymentState.values],
        "states": PaymentState.choices,
        "gateways": Gateway.choices,
        "rows": rows[:LIST_LIMIT],
        "truncated": len(rows) > LIST_LIMIT,
        "export_query": request.GET.urlencode(),
    }
    return render(request, "payments/reconciliation.html", context, status=400 if errors else 200)
