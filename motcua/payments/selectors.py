"""Reads of fees and payments, scoped like the dossiers they belong to (out of scope: 404)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from motcua.accounts.scoping import Viewer
from motcua.catalog.models import Fee, ProcedureVersion
from motcua.core.tz import VN_TZ
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_scope
from motcua.payments.fees import FeeComputation, FeeItem, fee_compute
from motcua.payments.models import (
    OWED_STATES,
    FeeAssessment,
    Gateway,
    Payment,
    PaymentState,
)


def fee_items(*, dossier: Dossier, version: ProcedureVersion | None = None) -> list[FeeItem]:
    """The fees of the procedure version the dossier is judged by. `version`: that version
    already read with its fees and their exemptions (`procedure_version_on`), which
    spares reading them again."""
    fees: Iterable[Fee]
    if version is not None and version.pk == dossier.procedure_version_id:
        fees = version.fees.all()
    else:
        fees = Fee.objects.filter(version_id=dossier.procedure_version_id).prefetch_related(
            "exemptions"
        )
    return [
        FeeItem(
            label=fee.label,
            amount=fee.amount,
            basis=fee.basis,
            exemption_categories=tuple(e.category for e in fee.exemptions.all()),
        )
        for fee in fees
    ]


def exemption_categories(*, dossier: Dossier) -> list[str]:
    """The exemption categories any fee of the dossier's procedure lists, once each."""
    seen: dict[str, str] = {}
    for item in fee_items(dossier=dossier):
        for category in item.exemption_categories:
            seen.setdefault(" ".join(category.split()).casefold(), category)
    return list(seen.values())


def dossier_fees_settled(*, dossier: Dossier) -> bool:
    """True when the dossier may be received: no fee applies, it is paid, waived, or the
    centre lets the citizen pay at the counter."""
    assessment = FeeAssessment.objects.filter(dossier_id=dossier.pk).only("state").first()
    if assessment is not None:
        return assessment.settled
    return fee_compute(fee_items(dossier=dossier)).total == 0


def dossier_fees_precondition(dossier: Dossier) -> str | None:
    """The receipt precondition payments sets on dossiers (`RECEIPT_PRECONDITIONS`): an
    online dossier is received only once its fees are settled."""
    if dossier_fees_settled(dossier=dossier):
        return None
    return _(
        "Hồ sơ %(code)s chưa nộp phí, lệ phí: chỉ tiếp nhận khi công dân đã thanh toán "
        "hoặc được ghi nhận nộp tại quầy."
    ) % {"code": dossier.code}


@dataclass(frozen=True)
class FeeSummary:
    """What a dossier owes and what was paid, for the citizen's and the officer's pages."""

    assessment: FeeAssessment | None
    # The catalogue's figures when nothing has been assessed yet (one copy, no exemption);
    # once assessed, the assessment's own figures answer everything and this is empty.
    computation: FeeComputation
    payments: list[Payment] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.assessment.total if self.assessment else self.computation.total

    @property
    def settled(self) -> bool:
        return self.assessment.settled if self.assessment else self.computation.total == 0

    @property
    def payable_online(self) -> bool:
        if self.assessment is None:
            return self.computation.total > 0
        return self.assessment.state in OWED_STATES and self.assessment.total > 0

    @property
    def lines(self) -> list[dict[str, Any]]:
        if self.assessment is not None:
            return list(self.assessment.lines)
        return [line.as_dict() for line in self.computation.lines]


def dossier_fee_summary(*, dossier: Dossier) -> FeeSummary:
    assessment = FeeAssessment.objects.filter(dossier_id=dossier.pk).first()
    payments = list(assessment.payments.order_by("-created_at", "-id")) if assessment else []
    # Once assessed, the catalogue's figures are not shown: not read.
    computation = fee_compute(fee_items(dossier=dossier) if assessment is None else [])
    return FeeSummary(assessment, computation, payments)


def fee_dossier_get(*, user: Viewer, pk: int) -> Dossier:
    """A dossier the viewer may see (citizen: own; officer: agency), Http404 otherwise."""
    queryset = Dossier.objects.select_related("procedure", "procedure_version", "agency", "owner")
    return get_object_or_404(dossier_scope(queryset, user=user), pk=pk)


def payment_scope(queryset: QuerySet[Payment], *, user: Viewer) -> QuerySet[Payment]:
    dossiers = dossier_scope(Dossier.objects.all(), user=user)
    return queryset.filter(assessment__dossier__in=dossiers)


def payment_get(*, user: Viewer, pk: int | None = None, order_ref: str | None = None) -> Payment:
    lookup: dict[str, Any] = {"pk": pk} if pk is not None else {"order_ref": order_ref or ""}
    queryset = Payment.objects.select_related(
        "assessment", "assessment__dossier", "assessment__dossier__agency"
    )
    return get_object_or_404(payment_scope(queryset, user=user), **lookup)


# --- reconciliation ---------------------------------------------------------------------


@dataclass(frozen=True)
class ReconciliationFilter:
    first: date
    last: date
    gateways: Sequence[str] = ()
    states: Sequence[str] = ()
    order_ref: str = ""


@dataclass(frozen=True)
class ReconciliationCell:
    count: int
    amount: int


@dataclass(frozen=True)
class Reconciliation:
    # (gateway, state) → count and sum; every gateway and state present, zeros included.
    cells: dict[tuple[str, str], ReconciliationCell]
    totals: dict[str, ReconciliationCell]  # by state, all gateways
    rows: QuerySet[Payment]


def _period(first: date, last: date) -> tuple[datetime, datetime]:
    start = datetime.combine(first, time.min, tzinfo=VN_TZ)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=VN_TZ)
    return start, end


def reconciliation(*, user: Viewer, filters: ReconciliationFilter) -> Reconciliation:
    """Payments created in a period (Vietnamese days), in the viewer's scope: counts and
    sums by gateway and state, and the matching rows, newest first."""
    start, end = _period(filters.first, filters.last)
    rows = payment_scope(Payment.objects.all(), user=user).filter(
        created_at__gte=start, created_at__lt=end
    )
    if filters.gateways:
        rows = rows.filter(gateway__in=filters.gateways)
    if filters.order_ref:
        rows = rows.filter(order_ref__icontains=filters.order_ref.strip())
    # The table counts every state of the selected gateways; the list narrows to the states.
    grouped = rows.values("gateway", "state").annotate(n=Count("id"), amount=Sum("amount"))
    cells = {(g.value, s.value): ReconciliationCell(0, 0) for g in Gateway for s in PaymentState}
    for row in grouped:
        cells[(row["gateway"], row["state"])] = ReconciliationCell(row["n"], row["amount"] or 0)
    totals = {
        s.value: ReconciliationCell(
            sum(cells[(g.value, s.value)].count for g in Gateway),
            sum(cells[(g.value, s.value)].amount for g in Gateway),
        )
        for s in PaymentState
    }
    if filters.states:
        rows = rows.filter(state__in=filters.states)
    rows = rows.select_related(
        "assessment__dossier", "assessment__dossier__agency", "confirmed_by"
    ).order_by("-created_at", "-id")
    return Reconciliation(cells, totals, rows)
