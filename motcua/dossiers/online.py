"""The online channel of the dossier lifecycle: the citizen submits, answers a supplement
request and asks to stop; the counter accepts or refuses what was submitted.

Same contract as `services`: keyword-only, one transaction each, scope first (another
citizen's or another agency's dossier does not exist), then version, state and role; a
refusal raises a DossierError with a Vietnamese message and writes nothing. Every act
goes through `services._done` (audit event, the citizen's notification, the after-commit
signal).
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.models import User, UserKind
from motcua.catalog.models import OnlineLevel, Procedure, ProcedureVersion
from motcua.catalog.selectors import procedure_version_on
from motcua.dossiers import clock, codes
from motcua.dossiers.filetypes import FileType
from motcua.dossiers.models import (
    Attachment,
    Channel,
    Dossier,
    DossierDocument,
    Refusal,
    RefusalStage,
    StopRequest,
    SupplementAnswer,
    SupplementRequest,
)
from motcua.dossiers.preconditions import receipt_blockers
from motcua.dossiers.selectors import processing_rule_on
from motcua.dossiers.services import (
    Applicant,
    DossierError,
    SupplementItemIn,
    _begin,
    _check_role,
    _check_routing,
    _checked_applicant,
    _cleaned_reasons,
    _code_scope,
    _counter_add,
    _create_steps,
    _done,
    _now,
    _required,
    counter_next,
    dossier_supplement_request,
)
from motcua.dossiers.states import Action, State
from motcua.dossiers.uploads import UploadRejected, attachment_store, upload_check
from motcua.units.models import Agency, AgencyKind
from motcua.workdays.selectors import working_calendar


@dataclass(frozen=True)
class OnlineFile:
    """A file the citizen uploaded (already passed `uploads.upload_check`)."""

    requirement_id: int | None  # the checklist item (catalog DocumentRequirement) it is for
    file: File  # type: ignore[type-arg]  # opened, readable; copied into an Attachment
    original_name: str


def _checked_files(
    version: ProcedureVersion, files: Sequence[OnlineFile]
) -> list[tuple[OnlineFile, FileType]]:
    """Each file with its kind, checked against the version's checklist, before anything
    is written."""
    requirements = {r.pk for r in version.documents.all()}
    checked = []
    for item in files:
        if item.requirement_id is not None and item.requirement_id not in requirements:
            raise DossierError(_("Giấy tờ không thuộc thành phần hồ sơ của thủ tục này."))
        try:
            kind = upload_check(item.file)
        except UploadRejected as error:
            raise DossierError(f"{item.original_name}: {error.message}") from None
        checked.append((item, kind))
    return checked


def _store(
    actor: User,
    dossier: Dossier,
    checked: Sequence[tuple[OnlineFile, FileType]],
    documents: dict[int, DossierDocument],
) -> list[Attachment]:
    # The files written one by one, their rows in one query.
    return Attachment.objects.bulk_create(
        attachment_store(
            actor=actor,
            dossier=dossier,
            upload=item.file,
            kind=kind,
            name=item.original_name,
            document=documents.get(item.requirement_id) if item.requirement_id else None,
            save=False,
        )
        for item, kind in checked
    )


def _in_force(version: ProcedureVersion, procedure: Procedure, day: date) -> bool:
    return (
        version.procedure_id == procedure.pk
        and version.valid_from <= day
        and (version.valid_to is None or day <= version.valid_to)
    )


def _one_stop_unit(agency: Agency) -> Agency:
    """Who receives an online dossier for `agency`: its ward's one-stop unit (the active
    service centre of the same unit), as for a paper dossier; the agency itself when the
    ward has none."""
    centre = (
        Agency.objects.filter(
            unit_id=agency.unit_id, kind=AgencyKind.SERVICE_CENTRE, is_active=True
        )
        .order_by("pk")
        .first()
    )
    return centre or agency


@transaction.atomic
def dossier_submit_online(
    *,
    actor: User,
    procedure: Procedure,
    agency: Agency,
    applicant: Applicant,
    files: Sequence[OnlineFile],
    form_data: dict[str, Any],
    idempotency_key: str,
    at: datetime | None = None,
    version: ProcedureVersion | None = None,
) -> Dossier:
    """A citizen submits a dossier to the competent `agency`: state "newly registered"
    (national code 1) in that agency's online queue, with its code. Every mandatory
    checklist item needs a file. The same `idempotency_key` again (a double click, a
    retried request) returns the first dossier. `version`: the procedure's version the
    caller already read with its documents (`procedure_version_on`); used when it is in
    force on the submission day, read again otherwise."""
    if actor.kind != UserKind.CITIZEN:
        raise DossierError(_("Chỉ tài khoản công dân mới nộp hồ sơ trực tuyến."))
    _check_role(actor, Action.SUBMIT_ONLINE)
    key = idempotency_key.strip()
    if not key or len(key) > 64:
        raise DossierError(_("Thiếu hoặc sai khóa chống gửi trùng; hãy tải lại trang."))
    if not isinstance(form_data, dict):
        raise DossierError(_("Nội dung tờ khai không hợp lệ."))
    receiving = _one_stop_unit(agency)
    _check_routing(receiving, agency)
    submitted_at = _now(at)
    day = codes.receipt_day(submitted_at)
    if version is None or not _in_force(version, procedure, day):
        version = procedure_version_on(procedure=procedure, on_date=day)
    if version is None:
        raise DossierError(
            _("Thủ tục “%(name)s” không có phiên bản còn hiệu lực vào ngày %(day)s.")
            % {"name": procedure.name, "day": f"{day:%d/%m/%Y}"}
        )
    if version.online_level == OnlineLevel.OFFLINE:
        raise DossierError(
            _("Thủ tục “%(name)s” chưa nhận hồ sơ trực tuyến.") % {"name": procedure.name}
        )
    person = _checked_applicant(applicant)
    checked = _checked_files(version, files)
    sent = {item.requirement_id for item, _kind in checked}
    missing = [r.name for r in version.documents.all() if r.is_mandatory and r.pk not in sent]
    if missing:
        raise DossierError(
            _("Còn thiếu tệp của giấy tờ bắt buộc: %(missing)s.") % {"missing": "; ".join(missing)}
        )

    # As at the counter: the day's counter row serialises the submissions to this agency,
    # so a duplicate waiting on it finds the first one committed.
    scope = _code_scope(day)
    _counter_add(receiving, scope, 0)
    existing = Dossier.objects.filter(receiving_agency=receiving, idempotency_key=key).first()
    if existing is not None:
        return existing
    dossier = Dossier.objects.create(
        code=codes.format_code(
            receiving.eid_code, day, counter_next(agency=receiving, scope=scope)
        ),
        procedure=procedure,
        procedure_version=version,
        receiving_agency=receiving,
        agency=agency,
        current_agency=agency,
        channel=Channel.ONLINE,
        state=State.REGISTERED,
        **person.dossier_fields(),
        owner=actor,
        time_amount=version.time_amount,
        time_unit=version.time_unit,
        rule=processing_rule_on(on_date=day),
        submitted_at=submitted_at,
        form_data=form_data,
        idempotency_key=key,
        version=0,  # _done counts the submission as the first version
    )
    # One checklist row per item sent, in the procedure's order; each file is a scan.
    per_item = Counter(item.requirement_id for item, _kind in checked if item.requirement_id)
    rows = DossierDocument.objects.bulk_create(
        DossierDocument(
            dossier=dossier,
            requirement=requirement,
            position=index,
            name=requirement.name,
            photocopies=per_item[requirement.pk],
        )
        for index, requirement in enumerate(r for r in version.documents.all() if r.pk in per_item)
    )
    _store(actor, dossier, checked, {row.requirement_id: row for row in rows})  # type: ignore[misc]
    return _done(
        actor,
        dossier,
        Action.SUBMIT_ONLINE,
        "",
        payload={"code": dossier.code, "files": len(checked)},
    )


def _online(dossier: Dossier) -> None:
    if dossier.channel != Channel.ONLINE:
        raise DossierError(_("Hồ sơ %(code)s không nộp trực tuyến.") % {"code": dossier.code})


@transaction.atomic
def dossier_accept_online(
    *,
    actor: User,
    dossier: Dossier,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Dossier:
    """The counter receives an online dossier: "newly registered" → received. The clock
    starts now, or at the next working period when accepted outside working hours (the
    paper cut-off does not apply online). Refused while fees are not settled."""
    locked = _begin(actor, dossier, Action.RECEIVE, expected_version)
    _online(locked)
    blockers = receipt_blockers(dossier=locked)
    if blockers:
        raise DossierError(" ".join(blockers.values()))
    now = _now(at)
    version = locked.procedure_version
    calendar = working_calendar(agency=locked.agency)
    start = clock.clock_start(calendar, now, paper=False, rule=locked.rule.as_clock_rule())
    due = clock.due_moment(calendar, start, locked.legal_time, cutoff=locked.rule.cutoff)
    locked.received_at, locked.received_by = now, actor
    locked.clock_started_at, locked.due_at, locked.original_due_at = start, due, due
    locked.state = State.RECEIVED
    _create_steps(locked, version, calendar, actor)
    if locked.current_step is not None:
        locked.current_agency = locked.current_step.agency
    return _done(actor, locked, Action.RECEIVE, State.REGISTERED, payload={"code": locked.code})


@transaction.atomic
def dossier_accept_online_with_supplement(
    *,
    actor: User,
    dossier: Dossier,
    items: Sequence[SupplementItemIn],
    note: str = "",
    expected_version: int | None = None,
    at: datetime | None = None,
) -> SupplementRequest:
    """Receive an online dossier and ask at once for every missing or invalid item
    (form 02), as the counter does for a paper one: the clock starts and pauses together;
    both or neither."""
    now = _now(at)
    accepted = dossier_accept_online(
        actor=actor, dossier=dossier, expected_version=expected_version, at=now
    )
    return dossier_supplement_request(
        actor=actor, dossier=accepted.pk, items=items, note=note, at=now
    )


@transaction.atomic
def dossier_refuse_online(
    *,
    actor: User,
    dossier: Dossier,
    reasons: Sequence[str],
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Dossier:
    """The counter refuses an online dossier with reasons (form 03): not received."""
    locked = _begin(actor, dossier, Action.REFUSE_AT_RECEPTION, expected_version)
    _online(locked)
    cleaned = _cleaned_reasons(reasons)
    now = _now(at)
    Refusal.objects.create(
        dossier=locked,
        stage=RefusalStage.RECEPTION,
        reasons=cleaned,
        refused_at=now,
        refused_by=actor,
    )
    # As a refusal at the counter: the refusal is the dossier's outcome, on the ledger.
    locked.received_at, locked.received_by, locked.finished_at = now, actor, now
    locked.state = State.NOT_RECEIVED
    return _done(
        actor, locked, Action.REFUSE_AT_RECEPTION, State.REGISTERED, reason="\n".join(cleaned)
    )


@transaction.atomic
def dossier_supplement_submit_online(
    *,
    actor: User,
    dossier: Dossier,
    files: Sequence[OnlineFile],
    note: str = "",
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Dossier:
    """The owner sends the documents the open supplement request asks for. The dossier
    stays paused until the officer checks them and records the receipt."""
    locked = _begin(actor, dossier, Action.SUPPLEMENT_SUBMIT_ONLINE, expected_version)
    request = locked.supplements.filter(received_at__isnull=True).order_by("-number").first()
    if request is None:
        raise DossierError(_("Hồ sơ không có yêu cầu bổ sung đang chờ."))
    if not files:
        raise DossierError(_("Hãy gửi kèm ít nhất một tệp giấy tờ bổ sung."))
    checked = _checked_files(locked.procedure_version, files)
    answer = SupplementAnswer.objects.create(
        dossier=locked,
        request=request,
        submitted_at=_now(at),
        submitted_by=actor,
        note=note.strip(),
    )
    documents = {d.requirement_id: d for d in locked.documents.filter(requirement__isnull=False)}
    answer.attachments.set(_store(actor, locked, checked, documents))  # type: ignore[arg-type]
    return _done(
        actor,
        locked,
        Action.SUPPLEMENT_SUBMIT_ONLINE,
        locked.state,
        reason=note.strip(),
        payload={"request": request.number, "files": len(checked)},
    )


@transaction.atomic
def dossier_stop_request(
    *,
    actor: User,
    dossier: Dossier,
    reason: str,
    at: datetime | None = None,
) -> Dossier:
    """The owner asks the centre to stop processing a dossier not yet decided; the
    officer sees the request and decides with `services.dossier_stop`."""
    locked = _begin(actor, dossier, Action.STOP_REQUEST, None)
    text = _required(reason, _("Cần nêu lý do đề nghị dừng xử lý hồ sơ."))
    if StopRequest.objects.filter(dossier=locked).exists():
        raise DossierError(_("Bạn đã đề nghị dừng xử lý hồ sơ này; hãy chờ trung tâm trả lời."))
    StopRequest.objects.create(
        dossier=locked, requested_at=_now(at), requested_by=actor, reason=text
    )
    return _done(actor, locked, Action.STOP_REQUEST, locked.state, reason=text)
