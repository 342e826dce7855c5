"""The online channel: the citizen submits, answers a supplement request and asks to
stop; the counter receives or refuses what was submitted."""

from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.models import User, UserKind
from motcua.catalog.models import OnlineLevel, Procedure, ProcedureVersion
from motcua.dossiers import codes
from motcua.dossiers.actions import kernel
from motcua.dossiers.actions.inputs import (
    Applicant,
    OnlineFile,
    SupplementItemIn,
    checked_files,
    cleaned_reasons,
    required_text,
)
from motcua.dossiers.actions.pauses import dossier_supplement_request
from motcua.dossiers.actions.receipt import (
    competent_of,
    create_steps,
    new_dossier,
    start_clock,
    version_in_force,
)
from motcua.dossiers.errors import DossierError
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
from motcua.dossiers.states import Action, State
from motcua.dossiers.uploads import attachment_store
from motcua.units.models import Agency, AgencyKind


def _store(
    actor: User,
    dossier: Dossier,
    checked: Sequence[tuple[OnlineFile, FileType]],
    documents: dict[int | None, DossierDocument],
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
    """A citizen submits a dossier to their ward's `agency` (the competent one is the
    agency of that ward the procedure version names, `competent_for`): state "newly
    registered" (national code 1) in the online queue, with its code. Every mandatory
    checklist item needs a file. The same `idempotency_key` again (a double click, a
    retried request) returns the first dossier. `version`: the procedure's version the
    caller already read with its documents (`procedure_version_on`); used when it is in
    force on the submission day, read again otherwise."""
    if actor.kind != UserKind.CITIZEN:
        raise DossierError(_("Chỉ tài khoản công dân mới nộp hồ sơ trực tuyến."))
    kernel.check_role(actor, Action.SUBMIT_ONLINE)
    key = idempotency_key.strip()
    if not key:
        raise DossierError(_("Thiếu hoặc sai khóa chống gửi trùng; hãy tải lại trang."))
    if not isinstance(form_data, dict):
        raise DossierError(_("Nội dung tờ khai không hợp lệ."))
    submitted_at = kernel.moment(at)
    day = codes.receipt_day(submitted_at)
    if version is None or not _in_force(version, procedure, day):
        version = version_in_force(procedure, day, with_fees=True)
    if version.online_level == OnlineLevel.OFFLINE:
        raise DossierError(
            _("Thủ tục “%(name)s” chưa nhận hồ sơ trực tuyến.") % {"name": procedure.name}
        )
    checked = checked_files(version, files)
    sent = {item.requirement_id for item, _kind in checked}
    missing = [r.name for r in version.documents.all() if r.is_mandatory and r.pk not in sent]
    if missing:
        raise DossierError(
            _("Còn thiếu tệp của giấy tờ bắt buộc: %(missing)s.") % {"missing": "; ".join(missing)}
        )
    competent = competent_of(agency, version, None)
    made = new_dossier(
        receiving=_one_stop_unit(agency),
        competent=competent,
        procedure=procedure,
        version=version,
        applicant=applicant,
        channel=Channel.ONLINE,
        state=State.REGISTERED,
        day=day,
        owner=actor,
        idempotency_key=key,
        current_agency=competent,
        submitted_at=submitted_at,
        form_data=form_data,
    )
    dossier = made.dossier
    if not made.created:
        return dossier
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
    _store(actor, dossier, checked, {row.requirement_id: row for row in rows})
    return kernel.record(
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
    dossier: Dossier | int,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Dossier:
    """The counter receives an online dossier: "newly registered" → received. The clock
    starts now, or at the next working period when accepted outside working hours (the
    paper cut-off does not apply online). Refused while fees are not settled."""
    locked = kernel.begin(actor, dossier, Action.RECEIVE, expected_version)
    _online(locked)
    blockers = receipt_blockers(dossier=locked)
    if blockers:
        raise DossierError(" ".join(blockers.values()))
    calendar = start_clock(locked, kernel.moment(at))
    locked.received_by = actor
    locked.state = State.RECEIVED
    create_steps(locked, locked.procedure_version, calendar, actor)
    return kernel.record(
        actor, locked, Action.RECEIVE, State.REGISTERED, payload={"code": locked.code}
    )


@transaction.atomic
def dossier_accept_online_with_supplement(
    *,
    actor: User,
    dossier: Dossier | int,
    items: Sequence[SupplementItemIn],
    note: str = "",
    expected_version: int | None = None,
    at: datetime | None = None,
) -> SupplementRequest:
    """Receive an online dossier and ask at once for every missing or invalid item
    (form 02), as the counter does for a paper one: the clock starts and pauses together;
    both or neither."""
    now = kernel.moment(at)
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
    dossier: Dossier | int,
    reasons: Sequence[str],
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Dossier:
    """The counter refuses an online dossier with reasons (form 03): not received."""
    locked = kernel.begin(actor, dossier, Action.REFUSE_AT_RECEPTION, expected_version)
    _online(locked)
    cleaned = cleaned_reasons(reasons)
    now = kernel.moment(at)
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
    return kernel.record(
        actor, locked, Action.REFUSE_AT_RECEPTION, State.REGISTERED, reason="\n".join(cleaned)
    )


@transaction.atomic
def dossier_supplement_submit_online(
    *,
    actor: User,
    dossier: Dossier | int,
    files: Sequence[OnlineFile],
    note: str = "",
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Dossier:
    """The owner sends the documents the open supplement request asks for. The dossier
    stays paused until the officer checks them and records the receipt."""
    locked = kernel.begin(actor, dossier, Action.SUPPLEMENT_SUBMIT_ONLINE, expected_version)
    request = locked.supplements.filter(received_at__isnull=True).order_by("-number").first()
    if request is None:
        raise DossierError(_("Hồ sơ không có yêu cầu bổ sung đang chờ."))
    if not files:
        raise DossierError(_("Hãy gửi kèm ít nhất một tệp giấy tờ bổ sung."))
    checked = checked_files(locked.procedure_version, files)
    answer = SupplementAnswer.objects.create(
        dossier=locked,
        request=request,
        submitted_at=kernel.moment(at),
        submitted_by=actor,
        note=note.strip(),
    )
    documents = {d.requirement_id: d for d in locked.documents.filter(requirement__isnull=False)}
    answer.attachments.set(_store(actor, locked, checked, documents))
    return kernel.record(
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
    dossier: Dossier | int,
    reason: str,
    at: datetime | None = None,
) -> Dossier:
    """The owner asks the centre to stop processing a dossier not yet decided; the
    officer sees the request and decides with `closing.dossier_stop`."""
    locked = kernel.begin(actor, dossier, Action.STOP_REQUEST, None)
    text = required_text(reason, _("Cần nêu lý do đề nghị dừng xử lý hồ sơ."))
    if StopRequest.objects.filter(dossier=locked).exists():
        raise DossierError(_("Bạn đã đề nghị dừng xử lý hồ sơ này; hãy chờ trung tâm trả lời."))
    StopRequest.objects.create(
        dossier=locked, requested_at=kernel.moment(at), requested_by=actor, reason=text
    )
    return kernel.record(actor, locked, Action.STOP_REQUEST, locked.state, reason=text)
