"""A dossier comes into being: received at the counter (with a supplement request or
not), refused at the counter, or submitted online (`online.dossier_submit_online`).

All three go through `new_dossier`: one code sequence per receiving agency and day, and
one idempotency scheme — the same key again, from the same counter form or the same
portal page, returns the dossier the first request made.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.models import User, UserKind
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.catalog.routing import RoutingError, competent_check, competent_for
from motcua.catalog.selectors import procedure_version_on
from motcua.core.audit import audit_record
from motcua.core.digest import request_digest
from motcua.core.sequences import sequence_lock, sequence_next
from motcua.dossiers import clock, codes, search
from motcua.dossiers.actions import kernel
from motcua.dossiers.actions.inputs import (
    Applicant,
    DocumentIn,
    SupplementItemIn,
    checked_applicant,
    checklist_rows,
    cleaned_reasons,
)
from motcua.dossiers.actions.pauses import dossier_supplement_request
from motcua.dossiers.errors import DossierError, IdempotencyMismatch
from motcua.dossiers.models import (
    Channel,
    Dossier,
    DossierDocument,
    DossierStep,
    Refusal,
    RefusalStage,
)
from motcua.dossiers.selectors import processing_rule_on
from motcua.dossiers.states import Action, State
from motcua.units.models import Agency, AgencyKind
from motcua.units.selectors import province_id_of
from motcua.workdays.calendar import WorkingCalendar

APPLICANT_DETAILS_READ = "applicant_details_read"  # audit action, "dossier." prefixed
IDEMPOTENCY_KEY_MAX = 64


@dataclass(frozen=True)
class NewDossier:
    dossier: Dossier
    # False: the idempotency key had already made this dossier; nothing was written.
    created: bool


@dataclass(frozen=True)
class Receipt:
    """What a receipt at the counter made: the dossier, and its checklist and steps as
    written, so that the receipt shown next reads none of them again. The same key
    again gives the first dossier, with its rows left to be read (None)."""

    dossier: Dossier
    documents: list[DossierDocument] | None = None
    steps: list[DossierStep] | None = None


def check_routing(receiving: Agency, competent: Agency) -> None:
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


def competent_of(receiving: Agency, version: ProcedureVersion, named: Agency | None) -> Agency:
    """The agency that decides: `named` (by the counter or the API) when it may, else the
    catalogue's rule (`competent_for`)."""
    try:
        if named is None:
            return competent_for(receiving, version)
        competent_check(receiving=receiving, version=version, competent=named)
    except RoutingError as error:
        raise DossierError(error.message) from error
    return named


def version_in_force(procedure: Procedure, day: date, *, with_fees: bool) -> ProcedureVersion:
    version = procedure_version_on(procedure=procedure, on_date=day, with_fees=with_fees)
    if version is None:
        raise DossierError(
            _("Thủ tục “%(name)s” không có phiên bản còn hiệu lực vào ngày %(day)s.")
            % {"name": procedure.name, "day": f"{day:%d/%m/%Y}"}
        )
    return version


def _twin_or_number(
    receiving: Agency, day: date, idempotency_key: str, digest: str
) -> Dossier | int:
    """The dossier the same key already made, or the next number of the agency's day.
    With a key, the day's sequence row is locked before looking: a duplicate request
    waiting on it finds the first one committed. IdempotencyMismatch when the key made
    a dossier from another request (a dossier stored before digests were is taken as is)."""
    sequence = kernel.agency_sequence(receiving.pk, f"code:{day.isoformat()}")
    if idempotency_key:
        sequence_lock(key=sequence)
        twin = Dossier.objects.filter(
            receiving_agency=receiving, idempotency_key=idempotency_key
        ).first()
        if twin is not None:
            if twin.idempotency_digest and twin.idempotency_digest != digest:
                raise IdempotencyMismatch(
                    _(
                        "Khóa chống gửi trùng này đã được dùng để lập hồ sơ %(code)s với "
                        "nội dung khác; không có gì được ghi thêm. Nếu đây là một hồ sơ "
                        "khác, hãy gửi lại với khóa mới."
                    )
                    % {"code": twin.code}
                )
            return twin
    return sequence_next(key=sequence)


def new_dossier(
    *,
    receiving: Agency,
    competent: Agency,
    procedure: Procedure,
    version: ProcedureVersion,
    applicant: Applicant,
    channel: int,
    state: State,
    day: date,
    owner: User | None,
    idempotency_key: str,
    request: Any = None,
    **columns: Any,
) -> NewDossier:
    """The one way a dossier row is created: routed, coded, with the applicant checked.
    `columns` are what the way of coming in adds (clock, times, form data). The caller
    records the event (`kernel.record`), which counts this as version 1.

    `request`: what the caller was asked for (plain values and dataclasses); its digest
    is bound to `idempotency_key`, and the same key with another request is refused."""
    if len(idempotency_key) > IDEMPOTENCY_KEY_MAX:
        raise DossierError(_("Khóa chống gửi trùng quá dài."))
    if channel not in Channel.values:
        raise DossierError(_("Hình thức nộp hồ sơ không hợp lệ."))
    if owner is not None and owner.kind != UserKind.CITIZEN:
        raise DossierError(_("Chủ hồ sơ trực tuyến phải là tài khoản công dân."))
    check_routing(receiving, competent)
    person = checked_applicant(applicant)
    digest = request_digest(request) if idempotency_key else ""
    number = _twin_or_number(receiving, day, idempotency_key, digest)
    if isinstance(number, Dossier):
        return NewDossier(number, created=False)
    dossier = Dossier.objects.create(
        code=codes.format_code(receiving.eid_code, day, number),
        procedure=procedure,
        procedure_version=version,
        receiving_agency=receiving,
        agency=competent,
        channel=channel,
        state=state,
        **person.dossier_fields(),
        applicant_search=search.name_key(person.name),
        owner=owner,
        time_amount=version.time_amount,
        time_unit=version.time_unit,
        rule=processing_rule_on(on_date=day),
        idempotency_key=idempotency_key,
        idempotency_digest=digest,
        version=0,
        **columns,
    )
    return NewDossier(dossier, created=True)


def create_steps(
    dossier: Dossier, version: ProcedureVersion, calendar: WorkingCalendar, actor: User
) -> list[DossierStep]:
    """The dossier's steps from the version's, the first one started in the hands of the
    receiving officer; the dossier's current step and agency follow."""
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
        steps[0].started_at = dossier.received_at
        steps[0].handler = actor if actor.role == steps[0].role else None
    DossierStep.objects.bulk_create(steps)
    if steps:
        dossier.current_step = steps[0]
        dossier.current_agency = steps[0].agency
    return steps


def start_clock(dossier: Dossier, received_at: datetime) -> WorkingCalendar:
    """Start the legal clock of a dossier received at `received_at` (the paper cut-off
    applies to paper dossiers); returns the calendar it runs on."""
    calendar = kernel.calendar_of(dossier)
    rule = dossier.rule
    start = clock.clock_start(
        calendar, received_at, paper=kernel.is_paper(dossier.channel), rule=rule.as_clock_rule()
    )
    due = clock.due_moment(calendar, start, dossier.legal_time, cutoff=rule.cutoff)
    dossier.received_at = received_at
    dossier.clock_started_at, dossier.due_at, dossier.original_due_at = start, due, due
    return calendar


def _counter_officer(actor: User, message: str) -> Agency:
    if not actor.is_officer or actor.agency is None:
        raise DossierError(message)
    return actor.agency


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
) -> Receipt:
    """Receive a complete dossier at the counter of the actor's agency, for `agency` (the
    competent one, refused when not one the version allows, `competent_check`; when None,
    the agency of the ward that the procedure version names, `competent_for`): code,
    clock, steps, checklist. The same
    `idempotency_key` again returns the first dossier instead of a second one.

    `supplement`: what the applicant must still bring or correct, asked for at once in
    one request (form 02) — the clock starts and pauses; a mandatory document may be
    missing only when an item asks for it."""
    receiving = _counter_officer(actor, _("Chỉ cán bộ của một cơ quan mới tiếp nhận hồ sơ."))
    kernel.check_role(actor, Action.RECEIVE)
    received_at = kernel.moment(at)
    if sets < 1:
        raise DossierError(_("Số bộ hồ sơ ít nhất là 1."))
    day = codes.receipt_day(received_at)
    version = version_in_force(procedure, day, with_fees=False)
    asked_for = {item.requirement_id for item in supplement or ()}
    rows = checklist_rows(version, documents, require_mandatory=True, asked_for=asked_for)
    competent = competent_of(receiving, version, agency)
    made = new_dossier(
        receiving=receiving,
        competent=competent,
        procedure=procedure,
        version=version,
        applicant=applicant,
        channel=channel,
        state=State.RECEIVED,
        day=day,
        owner=owner,
        idempotency_key=idempotency_key,
        request={
            "receive": procedure.pk,
            "agency": agency.pk if agency else None,
            "applicant": applicant,
            "documents": list(documents),
            "channel": channel,
            "sets": sets,
            "note": note,
            "supplement": None if supplement is None else list(supplement),
        },
        current_agency=competent,
        sets=sets,
        note=note.strip(),
        received_by=actor,
    )
    dossier = made.dossier
    if not made.created:
        return Receipt(dossier)
    calendar = start_clock(dossier, received_at)
    checklist = kernel.checklist_add(dossier, rows)
    steps = create_steps(dossier, version, calendar, actor)
    kernel.record(actor, dossier, Action.RECEIVE, "", payload={"code": dossier.code})
    if supplement is not None:
        dossier = dossier_supplement_request(
            actor=actor, dossier=dossier, items=supplement, at=at
        ).dossier
    return Receipt(dossier, checklist, steps)


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
    receiving = _counter_officer(
        actor, _("Chỉ cán bộ của một cơ quan mới từ chối tiếp nhận hồ sơ.")
    )
    kernel.check_role(actor, Action.REFUSE_AT_RECEPTION)
    cleaned = cleaned_reasons(reasons)
    refused_at = kernel.moment(at)
    day = codes.receipt_day(refused_at)
    version = version_in_force(procedure, day, with_fees=False)
    made = new_dossier(
        receiving=receiving,
        competent=competent_of(receiving, version, agency),
        procedure=procedure,
        version=version,
        applicant=applicant,
        channel=channel,
        state=State.NOT_RECEIVED,
        day=day,
        owner=owner,
        idempotency_key=idempotency_key,
        request={
            "refuse": procedure.pk,
            "agency": agency.pk if agency else None,
            "applicant": applicant,
            "reasons": list(reasons),
            "channel": channel,
        },
        current_agency=receiving,
        received_by=actor,
        received_at=refused_at,
        finished_at=refused_at,
    )
    if not made.created:
        return made.dossier
    Refusal.objects.create(
        dossier=made.dossier,
        stage=RefusalStage.RECEPTION,
        reasons=cleaned,
        refused_at=refused_at,
        refused_by=actor,
    )
    return kernel.record(
        actor, made.dossier, Action.REFUSE_AT_RECEPTION, "", reason="\n".join(cleaned)
    )


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
