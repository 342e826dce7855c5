"""The dossier's end: the result handed over (or announced early), an apology with a new
appointment when it will be late, the citizen's withdrawal, a stop with its notice."""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from motcua.accounts.models import User
from motcua.core.tz import VN_TZ
from motcua.dossiers import clock
from motcua.dossiers.actions import kernel
from motcua.dossiers.actions.inputs import required_text
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import Apology, Dossier, EarlyReturnNotice, StopNotice, Withdrawal
from motcua.dossiers.states import Action, State


@transaction.atomic
def dossier_return_result(
    *,
    actor: User,
    dossier: Dossier | int,
    note: str = "",
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Dossier:
    """Hand the result to the citizen; early / on time / late is recorded."""
    dossier = kernel.begin(actor, dossier, Action.RETURN_RESULT, expected_version)
    now, from_state = kernel.moment(at), dossier.state
    if dossier.current_step is not None and dossier.current_step.finished_at is None:
        kernel.finish_step(dossier.current_step, now)
    dossier.current_step = None
    dossier.returned_at = now
    dossier.state = State.RETURNED
    return kernel.record(
        actor,
        dossier,
        Action.RETURN_RESULT,
        from_state,
        reason=note.strip(),
        payload={"timing": dossier.timing},
    )


@transaction.atomic
def dossier_return_early(
    *,
    actor: User,
    dossier: Dossier | int,
    available_from: datetime | None = None,
    message: str = "",
    expected_version: int | None = None,
    at: datetime | None = None,
) -> EarlyReturnNotice:
    """Tell the citizen the result can be collected before the appointment."""
    dossier = kernel.begin(actor, dossier, Action.RETURN_EARLY, expected_version)
    now = kernel.moment(at)
    available = available_from or now
    assert dossier.due_at  # noqa: S101
    if available >= dossier.due_at:
        raise DossierError(
            _("Thời điểm nhận kết quả phải trước ngày hẹn trả (%(due)s).")
            % {"due": f"{dossier.due_at.astimezone(VN_TZ):%H:%M %d/%m/%Y}"}
        )
    if available < now:
        raise DossierError(_("Thời điểm nhận kết quả không được ở trong quá khứ."))
    notice = EarlyReturnNotice.objects.create(
        dossier=dossier,
        notified_at=now,
        notified_by=actor,
        available_from=available,
        message=message.strip(),
    )
    kernel.record(
        actor,
        dossier,
        Action.RETURN_EARLY,
        dossier.state,
        reason=message.strip(),
        payload={"available_from": available},
    )
    return notice


APOLOGY_MESSAGES = {
    clock.ApologyProblem.LIMIT: gettext_noop(
        "Hồ sơ đã được hẹn lại %(count)d lần; quy định chỉ cho hẹn lại %(limit)d lần."
    ),
    clock.ApologyProblem.TOO_LATE: gettext_noop(
        "Phiếu xin lỗi phải gửi trước thời hạn trả kết quả ít nhất %(days)d ngày làm việc."
    ),
    clock.ApologyProblem.NOT_LATER: gettext_noop("Ngày hẹn mới phải sau ngày hẹn hiện tại."),
}


@transaction.atomic
def dossier_apologise(
    *,
    actor: User,
    dossier: Dossier | int,
    reason: str,
    new_due_at: datetime,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Apology:
    """Issue the apology slip with a new appointment (form 04): at least the rule's number
    of working days before the due time, and only as many times as the rule allows."""
    dossier = kernel.begin(actor, dossier, Action.APOLOGISE, expected_version)
    text = required_text(reason, _("Cần nêu lý do chậm trả kết quả."))
    if new_due_at.tzinfo is None:
        raise DossierError(_("Ngày hẹn mới cần có múi giờ."))
    now = kernel.moment(at)
    rule = dossier.rule.as_clock_rule()
    assert dossier.due_at  # noqa: S101
    problem = clock.apology_problem(
        kernel.calendar_of(dossier),
        now=now,
        due=dossier.due_at,
        new_due=new_due_at,
        apologies_so_far=dossier.apology_count,
        rule=rule,
    )
    if problem is not None:
        raise DossierError(
            _(APOLOGY_MESSAGES[problem])
            % {
                "count": dossier.apology_count,
                "limit": rule.apology_limit,
                "days": rule.apology_min_days,
            }
        )
    issuer = actor.agency or dossier.agency
    apology = Apology.objects.create(
        dossier=dossier,
        number=kernel.year_number(issuer, "apology", now),
        issuing_agency=issuer,
        issued_at=now,
        issued_by=actor,
        reason=text,
        previous_due_at=dossier.due_at,
        new_due_at=new_due_at,
    )
    dossier.due_at = dossier.apology_due_at = new_due_at
    dossier.apology_count += 1
    kernel.record(
        actor,
        dossier,
        Action.APOLOGISE,
        dossier.state,
        reason=text,
        payload={
            "number": apology.number,
            "previous_due": apology.previous_due_at,
            "new_due": new_due_at,
        },
    )
    return apology


def _close(dossier: Dossier, state: State, at: datetime) -> None:
    if dossier.current_step is not None and dossier.current_step.finished_at is None:
        dossier.current_step.finished_at = at
        dossier.current_step.save(update_fields=["finished_at"])
    dossier.current_step = None
    dossier.state = state


@transaction.atomic
def dossier_withdraw(
    *,
    actor: User,
    dossier: Dossier | int,
    reason: str = "",
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Withdrawal:
    """The citizen withdraws a dossier not yet decided (at the counter, or online for
    their own dossier)."""
    dossier = kernel.begin(actor, dossier, Action.WITHDRAW, expected_version)
    now, from_state = kernel.moment(at), dossier.state
    withdrawal = Withdrawal.objects.create(
        dossier=dossier, requested_at=now, recorded_by=actor, reason=reason.strip()
    )
    _close(dossier, State.WITHDRAWN, now)
    kernel.record(actor, dossier, Action.WITHDRAW, from_state, reason=reason.strip())
    return withdrawal


@transaction.atomic
def dossier_stop(
    *,
    actor: User,
    dossier: Dossier | int,
    reason: str,
    at_citizen_request: bool = False,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> StopNotice:
    """Stop processing a dossier not yet decided, with a numbered stop notice."""
    dossier = kernel.begin(actor, dossier, Action.STOP, expected_version)
    text = required_text(reason, _("Cần nêu lý do dừng xử lý hồ sơ."))
    now, from_state = kernel.moment(at), dossier.state
    issuer = actor.agency or dossier.agency
    notice = StopNotice.objects.create(
        dossier=dossier,
        number=kernel.year_number(issuer, "stop", now),
        issuing_agency=issuer,
        issued_at=now,
        issued_by=actor,
        reason=text,
        at_citizen_request=at_citizen_request,
    )
    _close(dossier, State.STOPPED, now)
    kernel.record(
        actor, dossier, Action.STOP, from_state, reason=text, payload={"number": notice.number}
    )
    return notice
