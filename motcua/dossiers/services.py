"""Every write to a dossier: receipt and each transition of its life.

Each service is one transaction that checks, in order, that the actor may see the dossier
(else DossierNotFound, a 404), that the form was not stale (`expected_version`), that the
state allows the action and that the actor's role does; it locks the dossier row, so two
officers acting at once are served one after the other and the second finds the state
changed. Only then does it write, with one audit event; the `dossier_transitioned` signal
(notifications) goes out after commit. A refusal raises a DossierError with a Vietnamese
message, and changes and records nothing.

`at` is the moment of the act (now when None): the demo generator and tests pass past
moments; views never do.
"""

from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.models import F, Max
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from motcua.accounts.models import Role, User, UserKind
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.catalog.selectors import procedure_version_on
from motcua.core.audit import audit_record
from motcua.core.idnumber import InvalidPersonalId, parse_personal_id
from motcua.core.tz import VN_TZ
from motcua.dossiers import clock, codes, reprojection
from motcua.dossiers.messages import dossier_notify
from motcua.dossiers.models import (
    Apology,
    Channel,
    Counter,
    Dossier,
    DossierDocument,
    DossierStep,
    EarlyReturnNotice,
    FinancialObligation,
    ProcessingRule,
    Refusal,
    RefusalStage,
    StopNotice,
    SupplementItem,
    SupplementRequest,
    Withdrawal,
)
from motcua.dossiers.selectors import (
    dossier_scope,
    joint_agencies,
    next_planned_step,
    processing_rule_on,
)
from motcua.dossiers.signals import dossier_transitioned
from motcua.dossiers.states import CITIZEN, MANAGER, TRANSITIONS, Action, State
from motcua.units.models import Agency, AgencyKind
from motcua.units.selectors import province_id_of
from motcua.workdays.calendar import WorkingCalendar
from motcua.workdays.selectors import working_calendar

APPLICANT_DETAILS_READ = "applicant_details_read"  # audit action, "dossier." prefixed


class DossierError(Exception):
    """A refused action; `message` is fit to show the person who tried it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DossierNotFound(DossierError, Http404):
    """Out of the actor's scope, or no such dossier: the same answer for both."""


class DossierConflict(DossierError):
    """Someone else changed the dossier since the actor's screen was drawn."""


# --- inputs -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Applicant:
    name: str
    personal_id: str = ""
    birth_date: date | None = None
    phone: str = ""
    email: str = ""
    address: str = ""

    def dossier_fields(self) -> dict[str, Any]:
        """The applicant as the `applicant_*` columns of a dossier."""
        return {f"applicant_{name}": value for name, value in asdict(self).items()}


@dataclass(frozen=True)
class DocumentIn:
    """One checklist item handed in: a requirement of the procedure, or typed (`name`)."""

    requirement_id: int | None = None
    name: str = ""
    originals: int = 0
    certified_copies: int = 0
    photocopies: int = 0


@dataclass(frozen=True)
class SupplementItemIn:
    reason: str
    requirement_id: int | None = None
    name: str = ""
    originals: int = 0
    certified_copies: int = 0
    photocopies: int = 0


# --- shared checks and writes -------------------------------------------------------------


def _now(at: datetime | None) -> datetime:
    return at or timezone.now()


def _role_of(actor: User) -> str:
    return CITIZEN if actor.kind == UserKind.CITIZEN else actor.role


def _check_role(actor: User, action: Action) -> None:
    if not actor.is_active or _role_of(actor) not in TRANSITIONS[action].roles:
        raise DossierError(
            _("Vai trò của bạn (%(role)s) không được thực hiện thao tác này.")
            % {"role": actor.role_label or _("công dân")}
        )


def _locked(actor: User, dossier: Dossier | int, expected_version: int | None) -> Dossier:
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


def _begin(
    actor: User, dossier: Dossier | int, action: Action, expected_version: int | None
) -> Dossier:
    locked = _locked(actor, dossier, expected_version)
    if State(locked.state) not in TRANSITIONS[action].sources:
        raise DossierError(
            _("Hồ sơ %(code)s đang ở trạng thái “%(state)s”: không thể thực hiện thao tác này.")
            % {"code": locked.code, "state": locked.get_state_display()}
        )
    _check_role(actor, action)
    return locked


def _at_own_step(actor: User, dossier: Dossier) -> DossierStep:
    """Step actions are for the role and the agency the current step names."""
    step = dossier.current_step
    if step is None:
        raise DossierError(_("Hồ sơ không có bước xử lý đang thực hiện."))
    if actor.role != MANAGER and (actor.role != step.role or actor.agency_id != step.agency_id):
        raise DossierError(
            _("Bước “%(step)s” do %(role)s của %(agency)s thực hiện.")
            % {"step": step.name, "role": _role_label(step.role), "agency": step.agency.name}
        )
    return step


def _role_label(role: str) -> str:
    return str(Role(role).label)


def _done(
    actor: User,
    dossier: Dossier,
    action: Action,
    from_state: str,
    *,
    reason: str = "",
    payload: dict[str, Any] | None = None,
) -> Dossier:
    """Save the dossier, record the event, tell the citizen (outbox rows in the same
    transaction), and announce it once committed."""
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


def _calendar(dossier: Dossier) -> WorkingCalendar:
    return working_calendar(agency=dossier.agency)


def _is_paper(channel: int) -> bool:
    return channel != Channel.ONLINE


def _cleaned_reasons(reasons: Sequence[str]) -> list[str]:
    cleaned = [r.strip() for r in reasons if r.strip()]
    if not cleaned:
        raise DossierError(_("Cần nêu ít nhất một lý do."))
    return cleaned


def _required(text: str, message: str) -> str:
    if not text.strip():
        raise DossierError(message)
    return text.strip()


def counter_next(*, agency: Agency, scope: str) -> int:
    """The next number of a per-agency sequence. Call inside the transaction that uses the
    number: the counter row stays locked until it ends, and a rollback takes the number
    back, so numbers have no gaps."""
    return _counter_add(agency, scope, 1)


def _counter_add(agency: Agency, scope: str, step: int) -> int:
    """Add `step` (0 only locks) to a sequence, created at 0 when new, and return its
    value, in one statement: parallel first writers of a new sequence queue on the row
    like any later writer."""
    table = connection.ops.quote_name(Counter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (agency_id, scope, last) VALUES (%s, %s, %s) "  # noqa: S608 (placeholders only)
            f"ON CONFLICT (agency_id, scope) DO UPDATE SET last = {table}.last + %s "
            "RETURNING last",
            [agency.pk, scope, step, step],
        )
        return int(cursor.fetchone()[0])


def _code_scope(day: date) -> str:
    return f"code:{day.isoformat()}"


def _year_number(agency: Agency, kind: str, at: datetime) -> int:
    return counter_next(agency=agency, scope=f"{kind}:{at.astimezone(VN_TZ).year}")


# --- receipt ------------------------------------------------------------------------------


def _check_routing(receiving: Agency, competent: Agency) -> None:
    """A ward receives for its own agencies; a service centre for any agency of its
    province (Decree 118/2025)."""
    if receiving.pk == competent.pk or receiving.unit_id == competent.unit_id:
        return
    if receiving.kind == AgencyKind.SERVICE_CENTRE and province_id_of(
        agency=receiving
    ) == province_id_of(agency=competent):
        return
    raise DossierError(
        _("%(receiving)s không tiếp nhận hồ sơ thuộc thẩm quyền của %(competent)s.")
        % {"receiving": receiving.name, "competent": competent.name}
    )


def _checked_applicant(applicant: Applicant) -> Applicant:
    name = " ".join(applicant.name.split())
    if not name:
        raise DossierError(_("Cần nhập họ và tên người nộp hồ sơ."))
    personal_id = ""
    if applicant.personal_id.strip():
        try:
            personal_id = parse_personal_id(applicant.personal_id).number
        except InvalidPersonalId as error:
            raise DossierError(_(error.template) % error.params) from None
    email = applicant.email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise DossierError(
                _("Địa chỉ thư điện tử không hợp lệ: %(email)s") % {"email": email}
            ) from None
    phone = "".join(applicant.phone.split())
    if phone and not (phone.lstrip("+").isdigit() and 8 <= len(phone) <= 15):
        raise DossierError(_("Số điện thoại không hợp lệ: %(phone)s") % {"phone": applicant.phone})
    return Applicant(
        name=name,
        personal_id=personal_id,
        birth_date=applicant.birth_date,
        phone=phone,
        email=email,
        address=" ".join(applicant.address.split()),
    )


def _document_rows(
    version: ProcedureVersion,
    documents: Sequence[Any],
    *,
    require_mandatory: bool,
    asked_for: Collection[int | None] = (),
) -> list[tuple[Any, str]]:
    """(item, printed name) for each item, checked against the version's requirements.
    A mandatory document may be missing when it is `asked_for` in a supplement request."""
    requirements = {r.pk: r for r in version.documents.all()}
    rows = []
    for item in documents:
        if item.requirement_id is not None and item.requirement_id not in requirements:
            raise DossierError(_("Giấy tờ không thuộc thành phần hồ sơ của thủ tục này."))
        name = item.name.strip() or (
            requirements[item.requirement_id].name if item.requirement_id else ""
        )
        if not name:
            raise DossierError(_("Cần ghi tên giấy tờ."))
        if min(item.originals, item.certified_copies, item.photocopies) < 0:
            raise DossierError(_("Số lượng giấy tờ không được âm."))
        rows.append((item, name))
    if require_mandatory:
        handed_in = {
            item.requirement_id
            for item in documents
            if item.originals + item.certified_copies + item.photocopies > 0
        }
        missing = [
            r.name
            for r in requirements.values()
            if r.is_mandatory and r.pk not in handed_in and r.pk not in asked_for
        ]
        if missing:
            raise DossierError(
                _(
                    "Hồ sơ còn thiếu giấy tờ bắt buộc: %(missing)s. Hãy hướng dẫn công dân "
                    "bổ sung một lần, hoặc từ chối tiếp nhận."
                )
                % {"missing": "; ".join(missing)}
            )
    return rows


def _create_steps(
    dossier: Dossier, version: ProcedureVersion, calendar: WorkingCalendar, actor: User
) -> list[DossierStep]:
    """The dossier's steps from the version's, the first one started; returns them."""
    planned = list(version.steps.all())
    assert dossier.clock_started_at and dossier.due_at  # noqa: S101 (set just before)
    dues = clock.step_dues(
        calendar, dossier.clock_started_at, dossier.due_at, [s.budget for s in planned]
    )
    steps = [
        DossierStep(
            dossier=dossier,
            procedure_step=step,
            position=index,
            name=step.name,
            # The counter's steps happen at the desk that received; the rest where decided.
            agency=dossier.receiving_agency if step.role == "counter" else dossier.agency,
            role=step.role,
            budget=step.budget,
            due_at=due.astimezone(UTC),  # as read back: the receipt's answer shows these
        )
        for index, (step, due) in enumerate(zip(planned, dues, strict=True))
    ]
    if steps:
        # The first step starts with the receipt, in the hands of the receiving officer.
        steps[0].started_at = dossier.received_at
        steps[0].handler = actor if actor.role == steps[0].role else None
    DossierStep.objects.bulk_create(steps)
    if steps:
        dossier.current_step = steps[0]
    return steps


def _as_prefetched(dossier: Dossier, **related: list[Any]) -> None:
    """Rows just written, kept on the dossier as prefetch_related keeps them: the receipt
    shown next reads none of them again (refresh_from_db forgets them, as any prefetch)."""
    cache = {}
    for name, rows in related.items():
        queryset = getattr(dossier, name).all()
        queryset._result_cache, queryset._prefetch_done = rows, True
        cache[name] = queryset
    dossier._prefetched_objects_cache = cache  # type: ignore[attr-defined]


def _number_or_twin(
    receiving: Agency, day: date, idempotency_key: str
) -> tuple[int, Dossier | None]:
    """The next number of the agency's day, or the dossier the same counter form already
    made. The counter row serialises the agency's receipts for the day: a duplicate
    submission waiting on it finds the first one committed, and gives its number back
    (the row is still locked: nobody took a later one)."""
    if len(idempotency_key) > 64:
        raise DossierError(_("Khóa chống gửi trùng quá dài."))
    scope = _code_scope(day)
    sequence = counter_next(agency=receiving, scope=scope)
    if idempotency_key:
        existing = Dossier.objects.filter(
            receiving_agency=receiving, idempotency_key=idempotency_key
        ).first()
        if existing is not None:
            Counter.objects.filter(agency=receiving, scope=scope).update(last=F("last") - 1)
            return sequence, existing
    return sequence, None


@transaction.atomic
def dossier_receive(
    *,
    actor: User,
    procedure: Procedure,
    applicant: Applicant,
    documents: Sequence[DocumentIn],
    channel: int = Channel.IN_PERSON,
    agency: Agency | None = None,
    owner: User | None = None,
    sets: int = 1,
    note: str = "",
    idempotency_key: str = "",
    supplement: Sequence[SupplementItemIn] | None = None,
    at: datetime | None = None,
) -> Dossier:
    """Receive a complete dossier at the counter of the actor's agency, for `agency` (the
    competent one; the actor's own when None): code, clock, steps, checklist. The same
    `idempotency_key` again returns the first dossier instead of a second one.

    `supplement`: what the applicant must still bring or correct, asked for at once in
    one request (form 02) — the clock starts and pauses; a mandatory document may be
    missing only when an item asks for it."""
    if not actor.is_officer or actor.agency is None:
        raise DossierError(_("Chỉ cán bộ của một cơ quan mới tiếp nhận hồ sơ."))
    _check_role(actor, Action.RECEIVE)
    receiving = actor.agency
    competent = agency or receiving
    received_at = _now(at)
    if channel not in Channel.values:
        raise DossierError(_("Hình thức nộp hồ sơ không hợp lệ."))
    if sets < 1:
        raise DossierError(_("Số bộ hồ sơ ít nhất là 1."))
    if owner is not None and owner.kind != UserKind.CITIZEN:
        raise DossierError(_("Chủ hồ sơ trực tuyến phải là tài khoản công dân."))
    _check_routing(receiving, competent)
    day = codes.receipt_day(received_at)
    version = procedure_version_on(procedure=procedure, on_date=day, with_fees=False)
    if version is None:
        raise DossierError(
            _("Thủ tục “%(name)s” không có phiên bản còn hiệu lực vào ngày %(day)s.")
            % {"name": procedure.name, "day": f"{day:%d/%m/%Y}"}
        )
    person = _checked_applicant(applicant)
    asked_for = {item.requirement_id for item in supplement or ()}
    rows = _document_rows(version, documents, require_mandatory=True, asked_for=asked_for)

    sequence, existing = _number_or_twin(receiving, day, idempotency_key)
    if existing is not None:
        return existing

    rule = processing_rule_on(on_date=day)
    calendar = working_calendar(agency=competent)
    legal = clock.LegalTime(version.time_amount, clock.TimeUnit(version.time_unit))
    start = clock.clock_start(
        calendar, received_at, paper=_is_paper(channel), rule=rule.as_clock_rule()
    )
    due = clock.due_moment(calendar, start, legal, cutoff=rule.cutoff)
    dossier = Dossier.objects.create(
        code=codes.format_code(receiving.eid_code, day, sequence),
        procedure=procedure,
        procedure_version=version,
        receiving_agency=receiving,
        agency=competent,
        current_agency=competent,
        channel=channel,
        state=State.RECEIVED,
        **person.dossier_fields(),
        owner=owner,
        sets=sets,
        note=note.strip(),
        received_by=actor,
        time_amount=version.time_amount,
        time_unit=version.time_unit,
        rule=rule,
        received_at=received_at,
        clock_started_at=start,
        due_at=due,
        original_due_at=due,
        idempotency_key=idempotency_key,
    )
    handed_in = DossierDocument.objects.bulk_create(
        DossierDocument(
            dossier=dossier,
            requirement_id=item.requirement_id,
            position=index,
            name=name,
            originals=item.originals,
            certified_copies=item.certified_copies,
            photocopies=item.photocopies,
        )
        for index, (item, name) in enumerate(rows)
    )
    steps = _create_steps(dossier, version, calendar, actor)
    _as_prefetched(dossier, documents=handed_in, steps=steps)
    if dossier.current_step is not None:
        dossier.current_agency = dossier.current_step.agency
    dossier.version = 0  # _done counts the receipt as the first version
    dossier = _done(actor, dossier, Action.RECEIVE, "", payload={"code": dossier.code})
    if supplement is not None:
        return dossier_supplement_request(
            actor=actor, dossier=dossier, items=supplement, at=at
        ).dossier
    return dossier


@transaction.atomic
def applicant_details_read_record(*, actor: User, source: Dossier) -> None:
    """The counter filled a new dossier with the applicant details of `source`: reading
    personal data of one dossier for another is traced on it (Decree 13/2023)."""
    audit_record(
        actor=actor,
        action="dossier." + APPLICANT_DETAILS_READ,
        target=source,
        agency=actor.agency,
        payload={"code": source.code},
    )


@transaction.atomic
def dossier_refuse_at_reception(
    *,
    actor: User,
    procedure: Procedure,
    applicant: Applicant,
    reasons: Sequence[str],
    channel: int = Channel.IN_PERSON,
    agency: Agency | None = None,
    owner: User | None = None,
    idempotency_key: str = "",
    at: datetime | None = None,
) -> Dossier:
    """Refuse a dossier at the counter with reasons (form 03). The dossier is recorded
    with its code (state 3, not received) so the refusal can be printed and traced. The
    same `idempotency_key` again returns the first refusal."""
    if not actor.is_officer or actor.agency is None:
        raise DossierError(_("Chỉ cán bộ của một cơ quan mới từ chối tiếp nhận hồ sơ."))
    _check_role(actor, Action.REFUSE_AT_RECEPTION)
    cleaned = _cleaned_reasons(reasons)
    receiving, refused_at = actor.agency, _now(at)
    competent = agency or receiving
    _check_routing(receiving, competent)
    day = codes.receipt_day(refused_at)
    version = procedure_version_on(procedure=procedure, on_date=day, with_fees=False)
    if version is None:
        raise DossierError(_("Thủ tục không có phiên bản còn hiệu lực vào ngày này."))
    person = _checked_applicant(applicant)
    sequence, existing = _number_or_twin(receiving, day, idempotency_key)
    if existing is not None:
        return existing
    dossier = Dossier.objects.create(
        code=codes.format_code(receiving.eid_code, day, sequence),
        procedure=procedure,
        procedure_version=version,
        receiving_agency=receiving,
        agency=competent,
        current_agency=receiving,
        channel=channel,
        state=State.NOT_RECEIVED,
        **person.dossier_fields(),
        owner=owner,
        received_by=actor,
        time_amount=version.time_amount,
        time_unit=version.time_unit,
        rule=processing_rule_on(on_date=day),
        received_at=refused_at,
        finished_at=refused_at,
        idempotency_key=idempotency_key,
        version=0,
    )
    Refusal.objects.create(
        dossier=dossier,
        stage=RefusalStage.RECEPTION,
        reasons=cleaned,
        refused_at=refused_at,
        refused_by=actor,
    )
    return _done(actor, dossier, Action.REFUSE_AT_RECEPTION, "", reason="\n".join(cleaned))


# --- supplements and obligations: the clock pauses ----------------------------------------


def _pause(dossier: Dossier, at: datetime) -> None:
    assert dossier.clock_started_at  # noqa: S101 (a received dossier has a clock)
    dossier.clock_consumed = clock.consumed_until(
        _calendar(dossier), dossier.clock_started_at, dossier.clock_consumed, at
    )
    dossier.paused_at = at


def _resume(dossier: Dossier, at: datetime, policy: clock.SupplementPolicy) -> None:
    assert dossier.paused_at  # noqa: S101 (only a paused dossier resumes)
    calendar = _calendar(dossier)
    rule = dossier.rule
    restart = clock.resume(
        calendar,
        paused_at=dossier.paused_at,
        consumed_at_pause=dossier.clock_consumed,
        resumed_at=at,
        paper=_is_paper(dossier.channel),
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
    dossier = _begin(actor, dossier, Action.SUPPLEMENT_REQUEST, expected_version)
    now = _now(at)
    if not items:
        raise DossierError(_("Cần liệt kê đầy đủ các giấy tờ phải bổ sung, mỗi giấy tờ một lý do."))
    for item in items:
        if not item.reason.strip():
            raise DossierError(_("Mỗi giấy tờ yêu cầu bổ sung phải ghi rõ lý do."))
    rows = _document_rows(dossier.procedure_version, items, require_mandatory=False)
    # Counted from receipt, or from the last complete supplement.
    last_complete = dossier.supplements.aggregate(last=Max("received_at"))["last"]
    base = max(filter(None, [dossier.received_at, last_complete]))
    deadline = clock.supplement_deadline(_calendar(dossier), base, dossier.rule.as_clock_rule())
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
    _done(
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
    dossier = _begin(actor, dossier, Action.SUPPLEMENT_RECEIVE, expected_version)
    now = _now(at)
    rows = _document_rows(dossier.procedure_version, documents, require_mandatory=False)
    request = dossier.supplements.filter(received_at__isnull=True).order_by("-number").first()
    if request is not None:
        request.received_at, request.received_by = now, actor
        request.save(update_fields=["received_at", "received_by"])
    position = dossier.documents.count()
    DossierDocument.objects.bulk_create(
        DossierDocument(
            dossier=dossier,
            requirement_id=item.requirement_id,
            position=position + index,
            name=name,
            originals=item.originals,
            certified_copies=item.certified_copies,
            photocopies=item.photocopies,
        )
        for index, (item, name) in enumerate(rows)
    )
    from_state = dossier.state
    _resume(dossier, now, clock.SupplementPolicy(dossier.rule.supplement_policy))
    dossier.state = State.IN_PROGRESS
    return _done(actor, dossier, Action.SUPPLEMENT_RECEIVE, from_state)


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
    dossier = _begin(actor, dossier, Action.FINANCIAL_OBLIGATION_REQUEST, expected_version)
    _at_own_step(actor, dossier)
    text = _required(description, _("Cần ghi rõ nghĩa vụ tài chính phải thực hiện."))
    if amount is not None and amount < 0:
        raise DossierError(_("Số tiền không được âm."))
    now, from_state = _now(at), dossier.state
    obligation = FinancialObligation.objects.create(
        dossier=dossier, requested_at=now, requested_by=actor, description=text, amount=amount
    )
    _pause(dossier, now)
    dossier.state = State.FINANCIAL_OBLIGATION
    _done(actor, dossier, Action.FINANCIAL_OBLIGATION_REQUEST, from_state, reason=text)
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
    dossier = _begin(actor, dossier, Action.FINANCIAL_OBLIGATION_FULFIL, expected_version)
    now, from_state = _now(at), dossier.state
    dossier.obligations.filter(fulfilled_at__isnull=True).update(fulfilled_at=now)
    _resume(dossier, now, clock.SupplementPolicy.RESUME)
    dossier.state = State.IN_PROGRESS
    return _done(actor, dossier, Action.FINANCIAL_OBLIGATION_FULFIL, from_state)


# --- processing steps ---------------------------------------------------------------------


def _finish_step(step: DossierStep, at: datetime) -> None:
    step.finished_at = at
    if step.due_at is not None:
        step.timing = clock.classify(at, step.due_at)
    step.save(update_fields=["finished_at", "timing"])


def _start_step(dossier: Dossier, step: DossierStep, at: datetime, handler: User | None) -> None:
    step.started_at, step.handler = at, handler
    step.save(update_fields=["started_at", "handler"])
    dossier.current_step, dossier.current_agency = step, step.agency


def _checked_handler(handler: User | None, agency: Agency, role: str) -> None:
    if handler is None:
        return
    if not handler.is_active or not handler.is_officer or handler.agency_id != agency.pk:
        raise DossierError(
            _("%(name)s không phải cán bộ của %(agency)s.")
            % {"name": handler.get_full_name(), "agency": agency.name}
        )
    if handler.role != role and handler.role != MANAGER:
        raise DossierError(
            _("%(name)s không có vai trò %(role)s.")
            % {"name": handler.get_full_name(), "role": _role_label(role)}
        )


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
    dossier = _begin(actor, dossier, Action.TRANSFER, expected_version)
    current = _at_own_step(actor, dossier)
    now, from_state = _now(at), dossier.state
    if to_agency is not None and to_agency.pk != current.agency_id:
        if not joint_agencies(step=current).filter(pk=to_agency.pk).exists():
            raise DossierError(
                _("Chỉ phối hợp với cơ quan đang hoạt động trong cùng tỉnh, thành phố.")
            )
        _checked_handler(handler, to_agency, "specialist")
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
        _checked_handler(handler, following.agency, following.role)
        target = following
    _finish_step(current, now)
    _start_step(dossier, target, now, handler)
    dossier.state = State.IN_PROGRESS
    return _done(
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
    dossier = _begin(actor, dossier, Action.APPROVE, expected_version)
    current = _at_own_step(actor, dossier)
    now, from_state = _now(at), dossier.state
    _finish_step(current, now)
    following = next_planned_step(dossier=dossier, after=current)
    if following is not None:
        _start_step(dossier, following, now, None)
    dossier.decision = "approved"
    dossier.state = State.APPROVED
    return _done(actor, dossier, Action.APPROVE, from_state, reason=note.strip())


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
    dossier = _begin(actor, dossier, Action.REFUSE_AFTER_APPRAISAL, expected_version)
    current = _at_own_step(actor, dossier)
    cleaned = _cleaned_reasons(reasons)
    now, from_state = _now(at), dossier.state
    refusal = Refusal.objects.create(
        dossier=dossier,
        stage=RefusalStage.APPRAISAL,
        reasons=cleaned,
        refused_at=now,
        refused_by=actor,
    )
    _finish_step(current, now)
    hand_over = _final_counter_step(dossier, current)
    if hand_over is not None:
        _start_step(dossier, hand_over, now, None)
    dossier.decision = "refused"
    dossier.state = State.REFUSED
    _decided(dossier, now)
    _done(actor, dossier, Action.REFUSE_AFTER_APPRAISAL, from_state, reason="\n".join(cleaned))
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
    dossier = _begin(actor, dossier, Action.MARK_PROCESSED, expected_version)
    now, from_state = _now(at), dossier.state
    dossier.state = State.PROCESSED
    _decided(dossier, now)
    return _done(actor, dossier, Action.MARK_PROCESSED, from_state)


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
    dossier = _begin(actor, dossier, Action.RETURN_RESULT, expected_version)
    now, from_state = _now(at), dossier.state
    if dossier.current_step is not None and dossier.current_step.finished_at is None:
        _finish_step(dossier.current_step, now)
    dossier.current_step = None
    dossier.returned_at = now
    dossier.state = State.RETURNED
    return _done(
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
    dossier = _begin(actor, dossier, Action.RETURN_EARLY, expected_version)
    now = _now(at)
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
    _done(
        actor,
        dossier,
        Action.RETURN_EARLY,
        dossier.state,
        reason=message.strip(),
        payload={"available_from": available},
    )
    return notice


# --- apology, withdrawal, stop ------------------------------------------------------------


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
    dossier = _begin(actor, dossier, Action.APOLOGISE, expected_version)
    text = _required(reason, _("Cần nêu lý do chậm trả kết quả."))
    if new_due_at.tzinfo is None:
        raise DossierError(_("Ngày hẹn mới cần có múi giờ."))
    now = _now(at)
    rule = dossier.rule.as_clock_rule()
    assert dossier.due_at  # noqa: S101
    problem = clock.apology_problem(
        _calendar(dossier),
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
        number=_year_number(issuer, "apology", now),
        issuing_agency=issuer,
        issued_at=now,
        issued_by=actor,
        reason=text,
        previous_due_at=dossier.due_at,
        new_due_at=new_due_at,
    )
    dossier.due_at = dossier.apology_due_at = new_due_at
    dossier.apology_count += 1
    _done(
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
    dossier = _begin(actor, dossier, Action.WITHDRAW, expected_version)
    now, from_state = _now(at), dossier.state
    withdrawal = Withdrawal.objects.create(
        dossier=dossier, requested_at=now, recorded_by=actor, reason=reason.strip()
    )
    _close(dossier, State.WITHDRAWN, now)
    _done(actor, dossier, Action.WITHDRAW, from_state, reason=reason.strip())
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
    dossier = _begin(actor, dossier, Action.STOP, expected_version)
    text = _required(reason, _("Cần nêu lý do dừng xử lý hồ sơ."))
    now, from_state = _now(at), dossier.state
    issuer = actor.agency or dossier.agency
    notice = StopNotice.objects.create(
        dossier=dossier,
        number=_year_number(issuer, "stop", now),
        issuing_agency=issuer,
        issued_at=now,
        issued_by=actor,
        reason=text,
        at_citizen_request=at_citizen_request,
    )
    _close(dossier, State.STOPPED, now)
    _done(actor, dossier, Action.STOP, from_state, reason=text, payload={"number": notice.number})
    return notice


# --- re-projection ------------------------------------------------------------------------


@transaction.atomic
def dossiers_reproject(*, agency: Agency | None = None, first_day: date | None = None) -> int:
    """Recompute the due moment of every dossier whose clock runs, of `agency` (every
    agency when None), with the calendar as it is now; return how many changed.

    An apology's new appointment is a promise on paper and is left alone; `first_day`
    skips dossiers due before that day (a change of the calendar cannot move them). The
    work is done in bulk by `reprojection.reproject`.
    """
    changed = reprojection.reproject(agency=agency, first_day=first_day)
    if changed:
        audit_record(
            actor=None,
            action="dossiers.reproject",
            agency=agency,
            payload={"changed": changed, "first_day": first_day},
        )
    return changed


# --- processing rules ---------------------------------------------------------------------


@transaction.atomic
def processing_rule_save(*, actor: User, rule: ProcessingRule) -> ProcessingRule:
    """Create or change a processing rule (the admin's form). A change of the law is a new
    row from its effective date; editing a row changes it for every dossier it governs."""
    if not actor.has_perm("dossiers.change_processingrule"):
        raise DossierError(_("Bạn không có quyền sửa quy định tiếp nhận, xử lý hồ sơ."))
    previous = ProcessingRule.objects.filter(pk=rule.pk).values().first() if rule.pk else None
    rule.full_clean()
    rule.save()
    audit_record(
        actor=actor,
        action="dossiers.rule_save",
        target=rule,
        payload={
            "before": previous,
            "after": ProcessingRule.objects.filter(pk=rule.pk).values().get(),
        },
    )
    return rule
