"""What every dossier action does around its own work.

An action is one transaction that, in order: finds the dossier within the actor's scope
and locks its row (else DossierNotFound, a 404), refuses a stale form (`expected_version`,
DossierConflict), checks the state and the actor's role (`begin`); then writes, and ends
with `record`: one audit event, the citizen's notification (one outbox call, in the same
transaction), and the `dossier_transitioned` signal once committed. A refusal raises a
DossierError with a Vietnamese message, having written nothing.

`at` is the moment of the act (now when None): the demo generator and tests pass past
moments; views never do.
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import Role, User, UserKind
from motcua.core.audit import audit_record
from motcua.core.sequences import sequence_next
from motcua.core.tz import VN_TZ
from motcua.dossiers import clock
from motcua.dossiers.actions.inputs import DocumentIn
from motcua.dossiers.errors import DossierConflict, DossierError, DossierNotFound
from motcua.dossiers.messages import dossier_notify
from motcua.dossiers.models import Channel, Dossier, DossierDocument, DossierStep
from motcua.dossiers.selectors import dossier_scope
from motcua.dossiers.signals import dossier_transitioned
from motcua.dossiers.states import CITIZEN, MANAGER, TRANSITIONS, Action, State, holds_step
from motcua.units.models import Agency
from motcua.workdays.calendar import WorkingCalendar
from motcua.workdays.selectors import working_calendar


def moment(at: datetime | None) -> datetime:
    return at or timezone.now()


def role_label(role: str) -> str:
    return str(Role(role).label)


def check_role(actor: User, action: Action) -> None:
    role = CITIZEN if actor.kind == UserKind.CITIZEN else actor.role
    if not actor.is_active or role not in TRANSITIONS[action].roles:
        raise DossierError(
            _("Vai trò của bạn (%(role)s) không được thực hiện thao tác này.")
            % {"role": actor.role_label or _("công dân")}
        )


def lock(actor: User, dossier: Dossier | int, expected_version: int | None) -> Dossier:
    """The dossier row, locked until the transaction ends, if the actor may see it."""
    pk = dossier if isinstance(dossier, int) else dossier.pk
    queryset = dossier_scope(Dossier.objects.select_for_update(of=("self",)), user=actor)
    try:
        locked = queryset.select_related("agency", "rule", "current_step").get(pk=pk)
    except Dossier.DoesNotExist:
        raise DossierNotFound(_("Không tìm thấy hồ sơ.")) from None
    if expected_version is not None and locked.version != expected_version:
        raise DossierConflict(
            _(
                "Hồ sơ %(code)s vừa được người khác cập nhật. Hãy tải lại trang để xem "
                "trạng thái mới trước khi thao tác."
            )
            % {"code": locked.code}
        )
    return locked


def begin(
    actor: User, dossier: Dossier | int, action: Action, expected_version: int | None
) -> Dossier:
    """The locked dossier, once scope, version, state and role allow `action`."""
    locked = lock(actor, dossier, expected_version)
    if State(locked.state) not in TRANSITIONS[action].sources:
        raise DossierError(
            _("Hồ sơ %(code)s đang ở trạng thái “%(state)s”: không thể thực hiện thao tác này.")
            % {"code": locked.code, "state": locked.get_state_display()}
        )
    check_role(actor, action)
    return locked


def current_step(dossier: Dossier) -> DossierStep:
    step = dossier.current_step
    if step is None:
        raise DossierError(_("Hồ sơ không có bước xử lý đang thực hiện."))
    return step


def own_step(actor: User, dossier: Dossier) -> DossierStep:
    """The current step, if the actor holds it: the officer named to it, else one of the
    role and the agency it names (a centre manager stands in for anyone)."""
    step = current_step(dossier)
    if holds_step(actor.role, actor.agency_id, step, user_id=actor.pk):
        return step
    if step.handler is not None:
        raise DossierError(
            _("Bước “%(step)s” đã được giao cho %(name)s: hãy nhận xử lý trước khi thao tác.")
            % {"step": step.name, "name": step.handler.get_full_name()}
        )
    raise DossierError(
        _("Bước “%(step)s” do %(role)s của %(agency)s thực hiện.")
        % {"step": step.name, "role": role_label(step.role), "agency": step.agency.name}
    )


def check_handler(handler: User, agency: Agency, role: str) -> None:
    """Refuse to name `handler` to a step of `role` at `agency` unless they are an active
    officer of that agency with that role (or its centre manager)."""
    if not handler.is_active or not handler.is_officer or handler.agency_id != agency.pk:
        raise DossierError(
            _("%(name)s không phải cán bộ của %(agency)s.")
            % {"name": handler.get_full_name(), "agency": agency.name}
        )
    if handler.role != role and handler.role != MANAGER:
        raise DossierError(
            _("%(name)s không có vai trò %(role)s.")
            % {"name": handler.get_full_name(), "role": role_label(role)}
        )


def record(
    actor: User,
    dossier: Dossier,
    action: Action,
    from_state: str,
    *,
    reason: str = "",
    payload: dict[str, Any] | None = None,
) -> Dossier:
    """Save the dossier, record the event, tell the citizen (outbox rows in the same
    transaction: both commit or neither), and announce it once committed."""
    dossier.version += 1
    dossier.save()
    audit_record(
        actor=actor,
        action=f"dossier.{action.value}",
        target=dossier,
        agency=actor.agency if actor.agency_id else dossier.agency,
        from_state=from_state,
        to_state=dossier.state,
        reason=reason,
        payload=payload,
    )
    dossier_notify(dossier=dossier, action=action, from_state=from_state, to_state=dossier.state)
    pk, state = dossier.pk, dossier.state
    transaction.on_commit(
        lambda: dossier_transitioned.send(
            sender=Dossier, dossier_id=pk, action=action, from_state=from_state, to_state=state
        )
    )
    return dossier


def finish_step(step: DossierStep, at: datetime) -> None:
    """The step is done at `at`: early, on time or late against its own due moment."""
    step.finished_at = at
    if step.due_at is not None:
        step.timing = clock.classify(at, step.due_at)
    step.save(update_fields=["finished_at", "timing"])


def checklist_add(
    dossier: Dossier, rows: Sequence[tuple[DocumentIn, str]], *, first_position: int = 0
) -> list[DossierDocument]:
    """Write the checked lines of `checklist_rows` to the dossier's checklist."""
    return DossierDocument.objects.bulk_create(
        DossierDocument(
            dossier=dossier,
            requirement_id=item.requirement_id,
            position=first_position + index,
            name=name,
            originals=item.originals,
            certified_copies=item.certified_copies,
            photocopies=item.photocopies,
        )
        for index, (item, name) in enumerate(rows)
    )


def calendar_of(dossier: Dossier) -> WorkingCalendar:
    return working_calendar(agency=dossier.agency)


def is_paper(channel: int) -> bool:
    return channel != Channel.ONLINE


def agency_sequence(agency_id: int, scope: str) -> str:
    """The key of one of an agency's number sequences ("code:2024-07-24", "apology:2024")."""
    return f"agency:{agency_id}:{scope}"


def year_number(agency: Agency, kind: str, at: datetime) -> int:
    """The next number of a slip the agency numbers per year (apology, stop notice)."""
    year = at.astimezone(VN_TZ).year
    return sequence_next(key=agency_sequence(agency.pk, f"{kind}:{year}"))
