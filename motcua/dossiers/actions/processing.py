"""The dossier's way through the agency: steps handed on (with joint processing), the
leader's approval or a refusal after appraisal, the result made ready."""

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.dossiers import clock
from motcua.dossiers.actions import kernel
from motcua.dossiers.actions.inputs import cleaned_reasons
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import Dossier, DossierStep, Refusal, RefusalStage
from motcua.dossiers.selectors import joint_agencies, next_planned_step
from motcua.dossiers.states import Action, State
from motcua.units.models import Agency


def _start_step(dossier: Dossier, step: DossierStep, at: datetime, handler: User | None) -> None:
    step.started_at, step.handler = at, handler
    step.save(update_fields=["started_at", "handler"])
    dossier.current_step, dossier.current_agency = step, step.agency


@transaction.atomic
def dossier_transfer(
    *,
    actor: User,
    dossier: Dossier | int,
    handler: User | None = None,
    to_agency: Agency | None = None,
    note: str = "",
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Dossier:
    """Hand the dossier on: to the next step of the procedure, or (with `to_agency`) to
    another agency for joint processing, optionally to a named handler."""
    dossier = kernel.begin(actor, dossier, Action.TRANSFER, expected_version)
    current = kernel.own_step(actor, dossier)
    now, from_state = kernel.moment(at), dossier.state
    if to_agency is not None and to_agency.pk != current.agency_id:
        if dossier.state == State.APPROVED:
            raise DossierError(_("Hồ sơ đã được phê duyệt: không chuyển phối hợp xử lý nữa."))
        if not joint_agencies(step=current).filter(pk=to_agency.pk).exists():
            raise DossierError(
                _("Chỉ phối hợp với cơ quan đang hoạt động trong cùng tỉnh, thành phố.")
            )
        if handler is not None:
            kernel.check_handler(handler, to_agency, "specialist")
        target = DossierStep.objects.create(
            dossier=dossier,
            position=current.position,
            name=_("Phối hợp xử lý: %(agency)s") % {"agency": to_agency.name},
            agency=to_agency,
            role="specialist",
            due_at=current.due_at,
            note=note.strip(),
        )
    else:
        following = next_planned_step(dossier=dossier, after=current)
        if following is None:
            raise DossierError(_("Đây là bước cuối của quy trình: hãy phê duyệt hoặc trả kết quả."))
        if handler is not None:
            kernel.check_handler(handler, following.agency, following.role)
        target = following
    kernel.finish_step(current, now)
    _start_step(dossier, target, now, handler)
    if dossier.state != State.APPROVED:  # an approved dossier stays approved on its way
        dossier.state = State.IN_PROGRESS
    return kernel.record(
        actor,
        dossier,
        Action.TRANSFER,
        from_state,
        reason=note.strip(),
        payload={
            "from_step": current.name,
            "to_step": target.name,
            "to_agency": target.agency_id,
            "handler": handler.pk if handler else None,
        },
    )


def _final_counter_step(dossier: Dossier, after: DossierStep) -> DossierStep | None:
    """The step that hands the result over, if the procedure has one after `after`."""
    last = (
        dossier.steps.filter(procedure_step__isnull=False, position__gt=after.position)
        .order_by("-position")
        .first()
    )
    return last if last is not None and last.role == "counter" else None


@transaction.atomic
def dossier_approve(
    *,
    actor: User,
    dossier: Dossier | int,
    note: str = "",
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Dossier:
    """The leader signs: the result goes to the counter step for handing over."""
    dossier = kernel.begin(actor, dossier, Action.APPROVE, expected_version)
    current = kernel.own_step(actor, dossier)
    now, from_state = kernel.moment(at), dossier.state
    kernel.finish_step(current, now)
    following = next_planned_step(dossier=dossier, after=current)
    if following is not None:
        _start_step(dossier, following, now, None)
    dossier.decision = "approved"
    dossier.state = State.APPROVED
    return kernel.record(actor, dossier, Action.APPROVE, from_state, reason=note.strip())


def _decided(dossier: Dossier, at: datetime) -> None:
    """The result exists (a decision or a refusal): the clock stops."""
    dossier.finished_at = at
    assert dossier.due_at  # noqa: S101
    dossier.timing = clock.classify(at, dossier.due_at, supplement_count=dossier.supplement_count)


@transaction.atomic
def dossier_refuse_after_appraisal(
    *,
    actor: User,
    dossier: Dossier | int,
    reasons: Sequence[str],
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Refusal:
    """Refuse to grant, with reasons: the refusal is the result handed to the citizen."""
    dossier = kernel.begin(actor, dossier, Action.REFUSE_AFTER_APPRAISAL, expected_version)
    current = kernel.own_step(actor, dossier)
    cleaned = cleaned_reasons(reasons)
    now, from_state = kernel.moment(at), dossier.state
    refusal = Refusal.objects.create(
        dossier=dossier,
        stage=RefusalStage.APPRAISAL,
        reasons=cleaned,
        refused_at=now,
        refused_by=actor,
    )
    kernel.finish_step(current, now)
    hand_over = _final_counter_step(dossier, current)
    if hand_over is not None:
        _start_step(dossier, hand_over, now, None)
    dossier.decision = "refused"
    dossier.state = State.REFUSED
    _decided(dossier, now)
    kernel.record(
        actor, dossier, Action.REFUSE_AFTER_APPRAISAL, from_state, reason="\n".join(cleaned)
    )
    return refusal


@transaction.atomic
def dossier_mark_processed(
    *,
    actor: User,
    dossier: Dossier | int,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Dossier:
    """The signed result is ready to hand over; the clock stops here."""
    dossier = kernel.begin(actor, dossier, Action.MARK_PROCESSED, expected_version)
    now, from_state = kernel.moment(at), dossier.state
    dossier.state = State.PROCESSED
    _decided(dossier, now)
    return kernel.record(actor, dossier, Action.MARK_PROCESSED, from_state)
