"""The clock pauses: one consolidated supplement request (form 02) and the complete
dossier back; a financial obligation and its fulfilment."""

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.core.tz import VN_TZ
from motcua.dossiers import clock
from motcua.dossiers.actions import kernel
from motcua.dossiers.actions.inputs import (
    DocumentIn,
    SupplementItemIn,
    checklist_rows,
    required_text,
)
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import (
    Dossier,
    DossierStep,
    FinancialObligation,
    SupplementItem,
    SupplementRequest,
)
from motcua.dossiers.states import Action, State
from motcua.workdays.calendar import WorkingCalendar


def _pause(dossier: Dossier, at: datetime) -> None:
    assert dossier.clock_started_at  # noqa: S101 (a received dossier has a clock)
    dossier.clock_consumed = clock.consumed_until(
        kernel.calendar_of(dossier), dossier.clock_started_at, dossier.clock_consumed, at
    )
    dossier.paused_at = at


def _resume(dossier: Dossier, at: datetime, policy: clock.SupplementPolicy) -> None:
    assert dossier.paused_at  # noqa: S101 (only a paused dossier resumes)
    calendar = kernel.calendar_of(dossier)
    rule = dossier.rule
    restart = clock.resume(
        calendar,
        paused_at=dossier.paused_at,
        consumed_at_pause=dossier.clock_consumed,
        resumed_at=at,
        paper=kernel.is_paper(dossier.channel),
        rule=rule.as_clock_rule(),
        policy=policy,
    )
    dossier.clock_started_at, dossier.clock_consumed = restart.start, restart.consumed
    dossier.paused_total += restart.waited
    dossier.paused_at = None
    dossier.due_at = clock.due_moment(
        calendar, restart.start, dossier.legal_time, consumed=restart.consumed, cutoff=rule.cutoff
    )
    _reproject_open_steps(dossier, calendar)


def _reproject_open_steps(dossier: Dossier, calendar: WorkingCalendar) -> None:
    """Unfinished steps share out the time left, from the clock's new start."""
    assert dossier.clock_started_at and dossier.due_at  # noqa: S101
    steps = list(dossier.steps.filter(finished_at__isnull=True, procedure_step__isnull=False))
    dues = clock.step_dues(
        calendar, dossier.clock_started_at, dossier.due_at, [s.budget for s in steps]
    )
    for step, due in zip(steps, dues, strict=True):
        step.due_at = due
    DossierStep.objects.bulk_update(steps, ["due_at"])


@transaction.atomic
def dossier_supplement_request(
    *,
    actor: User,
    dossier: Dossier | int,
    items: Sequence[SupplementItemIn],
    note: str = "",
    expected_version: int | None = None,
    at: datetime | None = None,
) -> SupplementRequest:
    """Ask the citizen, once, for every missing or invalid item, each with its reason
    (form 02). Within the rule's deadline after receipt; the clock pauses."""
    dossier = kernel.begin(actor, dossier, Action.SUPPLEMENT_REQUEST, expected_version)
    now = kernel.moment(at)
    if not items:
        raise DossierError(_("Cần liệt kê đầy đủ các giấy tờ phải bổ sung, mỗi giấy tờ một lý do."))
    for item in items:
        if not item.reason.strip():
            raise DossierError(_("Mỗi giấy tờ yêu cầu bổ sung phải ghi rõ lý do."))
    rows = checklist_rows(dossier.procedure_version, items, require_mandatory=False)
    # Counted from receipt, or from the last complete supplement.
    last_complete = dossier.supplements.aggregate(last=Max("received_at"))["last"]
    base = max(filter(None, [dossier.received_at, last_complete]))
    deadline = clock.supplement_deadline(
        kernel.calendar_of(dossier), base, dossier.rule.as_clock_rule()
    )
    if now > deadline:
        raise DossierError(
            _(
                "Đã quá hạn yêu cầu bổ sung (%(days)d ngày làm việc kể từ khi tiếp nhận, "
                "đến %(deadline)s)."
            )
            % {
                "days": dossier.rule.supplement_request_days,
                "deadline": f"{deadline.astimezone(VN_TZ):%H:%M %d/%m/%Y}",
            }
        )
    from_state = dossier.state
    dossier.supplement_count += 1
    request = SupplementRequest.objects.create(
        dossier=dossier,
        number=dossier.supplement_count,
        requested_at=now,
        requested_by=actor,
        note=note.strip(),
    )
    SupplementItem.objects.bulk_create(
        SupplementItem(
            request=request,
            requirement_id=item.requirement_id,
            position=index,
            name=name,
            reason=item.reason.strip(),
            originals=item.originals,
            certified_copies=item.certified_copies,
            photocopies=item.photocopies,
        )
        for index, (item, name) in enumerate(rows)
    )
    _pause(dossier, now)
    dossier.state = State.SUPPLEMENT_REQUESTED
    kernel.record(
        actor,
        dossier,
        Action.SUPPLEMENT_REQUEST,
        from_state,
        reason="\n".join(f"{name}: {item.reason.strip()}" for item, name in rows),
        payload={"number": request.number, "items": len(rows)},
    )
    return request


@transaction.atomic
def dossier_supplement_receive(
    *,
    actor: User,
    dossier: Dossier | int,
    documents: Sequence[DocumentIn] = (),
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Dossier:
    """The complete dossier is back: the clock restarts from zero (or resumes, as the
    rule in force at receipt says), and the handed-in items join the checklist."""
    dossier = kernel.begin(actor, dossier, Action.SUPPLEMENT_RECEIVE, expected_version)
    now = kernel.moment(at)
    rows = checklist_rows(dossier.procedure_version, documents, require_mandatory=False)
    request = dossier.supplements.filter(received_at__isnull=True).order_by("-number").first()
    if request is not None:
        request.received_at, request.received_by = now, actor
        request.save(update_fields=["received_at", "received_by"])
    kernel.checklist_add(dossier, rows, first_position=dossier.documents.count())
    from_state = dossier.state
    _resume(dossier, now, clock.SupplementPolicy(dossier.rule.supplement_policy))
    dossier.state = State.IN_PROGRESS
    return kernel.record(actor, dossier, Action.SUPPLEMENT_RECEIVE, from_state)


@transaction.atomic
def dossier_financial_obligation_request(
    *,
    actor: User,
    dossier: Dossier | int,
    description: str,
    amount: int | None = None,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> FinancialObligation:
    """Ask the citizen to pay taxes or charges; the clock waits until they do."""
    dossier = kernel.begin(actor, dossier, Action.FINANCIAL_OBLIGATION_REQUEST, expected_version)
    kernel.own_step(actor, dossier)
    text = required_text(description, _("Cần ghi rõ nghĩa vụ tài chính phải thực hiện."))
    if amount is not None and amount < 0:
        raise DossierError(_("Số tiền không được âm."))
    now, from_state = kernel.moment(at), dossier.state
    obligation = FinancialObligation.objects.create(
        dossier=dossier, requested_at=now, requested_by=actor, description=text, amount=amount
    )
    _pause(dossier, now)
    dossier.state = State.FINANCIAL_OBLIGATION
    kernel.record(actor, dossier, Action.FINANCIAL_OBLIGATION_REQUEST, from_state, reason=text)
    return obligation


@transaction.atomic
def dossier_financial_obligation_fulfil(
    *,
    actor: User,
    dossier: Dossier | int,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Dossier:
    """The citizen has paid: the clock goes on with the time that was left (paying is not
    a defect of the dossier, so it never restarts the clock)."""
    dossier = kernel.begin(actor, dossier, Action.FINANCIAL_OBLIGATION_FULFIL, expected_version)
    now, from_state = kernel.moment(at), dossier.state
    dossier.obligations.filter(fulfilled_at__isnull=True).update(fulfilled_at=now)
    _resume(dossier, now, clock.SupplementPolicy.RESUME)
    dossier.state = State.IN_PROGRESS
    return kernel.record(actor, dossier, Action.FINANCIAL_OBLIGATION_FULFIL, from_state)
