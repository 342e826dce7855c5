"""Writes of the citizen portal: drafts, their files, and the submission.

Each is one transaction, keyword-only, citizen only, and acts on the actor's own drafts
(another citizen's draft does not exist). A refused action raises PortalError with a
Vietnamese message and writes nothing.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.accounts.selectors import citizen_profile
from motcua.catalog.models import DocumentRequirement, OnlineLevel, Procedure, ProcedureVersion
from motcua.catalog.selectors import procedure_version_on
from motcua.catalog.specs import EformFieldSpec, parse_eform_fields
from motcua.core.audit import audit_record
from motcua.core.formatting import number
from motcua.core.tz import VN_TZ
from motcua.dossiers.actions import Applicant, DossierError, OnlineFile, dossier_submit_online
from motcua.dossiers.models import Dossier
from motcua.dossiers.uploads import FileType, UploadRejected, sha256_of, upload_check
from motcua.payments.services.assessment import dossier_fee_assess
from motcua.payments.services.common import PaymentError
from motcua.portal import eforms
from motcua.portal.models import DRAFTS_DIR, Draft, DraftFile, new_key
from motcua.portal.selectors import draft_bytes, online_agencies
from motcua.units.models import Agency

_KEY = re.compile(r"[0-9a-f]{32}")


class PortalError(Exception):
    """A refused action; `message` is fit to show the citizen."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class FormInvalid(PortalError):
    """The e-form or its files are not complete: `errors` by field key, `missing_files`
    the mandatory checklist items without a file."""

    def __init__(self, errors: dict[str, str], missing_files: list[str]) -> None:
        super().__init__(_("Tờ khai chưa đầy đủ hoặc có thông tin chưa hợp lệ."))
        self.errors = errors
        self.missing_files = missing_files


def _field_error_text(error: eforms.FieldError) -> str:
    return _(error.template) % error.params


def _day(at: datetime | None) -> date:
    return (at or timezone.now()).astimezone(VN_TZ).date()


def _citizen(actor: User) -> None:
    if not (actor.is_authenticated and actor.is_active and actor.is_citizen):
        raise PortalError(_("Chỉ tài khoản công dân mới nộp hồ sơ trực tuyến."))


def _version(
    procedure: Procedure, at: datetime | None = None, known: ProcedureVersion | None = None
) -> ProcedureVersion:
    """The version in force, offered online. `known`: the one the page just read with its
    documents, fees and steps (`selectors.online_procedure`); one read per request."""
    version = (
        known
        if known is not None and known.procedure_id == procedure.pk
        else procedure_version_on(procedure=procedure, on_date=_day(at))
    )
    if version is None or version.online_level == OnlineLevel.OFFLINE:
        raise PortalError(
            _("Thủ tục “%(name)s” chưa nhận hồ sơ trực tuyến.") % {"name": procedure.name}
        )
    return version


def _locked(actor: User, draft: Draft) -> Draft:
    """The actor's own draft, locked; another citizen's draft does not exist."""
    _citizen(actor)
    locked = Draft.objects.select_for_update().filter(pk=draft.pk, owner=actor).first()
    if locked is None:
        raise Http404
    # What the caller already holds is not read again: the procedure never changes under
    # a draft, and the agency is reused only when the locked row still names it.
    if Draft.procedure.is_cached(draft):
        locked.procedure = draft.procedure
    if Draft.agency.is_cached(draft) and draft.agency_id == locked.agency_id:
        locked.agency = draft.agency
    return locked


def _checked_agency(procedure: Procedure, agency: Agency | None) -> Agency | None:
    if (
        agency is not None
        and not online_agencies(procedure=procedure).filter(pk=agency.pk).exists()
    ):
        raise PortalError(_("Cơ quan đã chọn không tiếp nhận hồ sơ trực tuyến của thủ tục này."))
    return agency


def delete_files_on_commit(names: list[str]) -> None:
    # The rows go with the transaction; the files only once it has committed.
    def delete() -> None:
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(delete)


@transaction.atomic
def draft_open(
    *, actor: User, procedure: Procedure, key: str = "", version: ProcedureVersion | None = None
) -> Draft:
    """The citizen's draft for the procedure: the one in progress, or a new one under
    `key` (the idempotency key the form page embedded) when it is a fresh, well-formed
    key, a random one otherwise. `version`: as for `draft_save`."""
    _citizen(actor)
    _version(procedure, known=version)
    draft = Draft.objects.filter(owner=actor, procedure=procedure).first()
    if draft is not None:
        return draft
    key = key if _KEY.fullmatch(key) else new_key()
    try:
        with transaction.atomic():
            return Draft.objects.create(owner=actor, procedure=procedure, key=key)
    except IntegrityError:
        # Opened at the same moment in another tab, or the key is taken: never share it.
        draft = Draft.objects.filter(owner=actor, procedure=procedure).first()
        return draft or Draft.objects.create(owner=actor, procedure=procedure)


@transaction.atomic
def draft_save(
    *,
    actor: User,
    draft: Draft,
    values: Mapping[str, Any],
    agency: Agency | None,
    version: ProcedureVersion | None = None,
) -> Draft:
    """Keep what was typed ("Lưu nháp"), valid or not: it is checked on submission.
    `version`: the procedure's version in force, when the caller has read it."""
    draft = _locked(actor, draft)
    version = _version(draft.procedure, known=version)
    draft.agency = _checked_agency(draft.procedure, agency)
    draft.values = eforms.raw_values(parse_eform_fields(version.form_fields), values)
    draft.save()
    return draft


def draft_file_add(
    *,
    actor: User,
    draft: Draft,
    requirement_id: int,
    upload: File,
    version: ProcedureVersion | None = None,
) -> DraftFile:
    """Attach one file to one checklist item (see `draft_files_add`)."""
    uploads = [(requirement_id, upload)]
    return draft_files_add(actor=actor, draft=draft, uploads=uploads, version=version)[0]


@transaction.atomic
def draft_files_add(
    *,
    actor: User,
    draft: Draft,
    uploads: Sequence[tuple[int, File]],
    version: ProcedureVersion | None = None,
) -> list[DraftFile]:
    """Attach files to checklist items, given as (requirement id, file), all or none: one
    refused file refuses them all with its reason. The same file again for the same item
    (a retried upload) is the file already there. `version`: as for `draft_save`."""
    draft = _locked(actor, draft)
    version = _version(draft.procedure, known=version)
    requirements = {r.pk: r for r in version.documents.all()}
    checked: dict[tuple[int, str], tuple[DocumentRequirement, File, FileType]] = {}
    order: list[tuple[int, str]] = []
    for requirement_id, upload in uploads:
        requirement = requirements.get(requirement_id)
        if requirement is None:
            raise PortalError(_("Giấy tờ không thuộc thành phần hồ sơ của thủ tục này."))
        try:
            kind = upload_check(upload)
        except UploadRejected as error:
            raise PortalError(error.message) from None
        key = (requirement_id, sha256_of(upload))
        checked.setdefault(key, (requirement, upload, kind))
        order.append(key)
    found = {
        (f.requirement_id, f.sha256): f
        for f in DraftFile.objects.filter(draft=draft, sha256__in={sha for _, sha in checked})
    }
    new = {key: value for key, value in checked.items() if key not in found}
    if new and draft.files.count() + len(new) > settings.PORTAL_DRAFT_MAX_FILES:
        raise PortalError(
            _("Mỗi hồ sơ nháp giữ tối đa %(max)s tệp; hãy bỏ bớt tệp không cần.")
            % {"max": settings.PORTAL_DRAFT_MAX_FILES}
        )
    _check_quota(actor, sum(upload.size or 0 for _, upload, _kind in new.values()))
    found |= _files_stored(draft, new)
    if new:
        draft.save(update_fields=["updated_at"])
        audit_record(
            actor=actor,
            action="portal.draft_file_add",
            target=draft,
            agency=draft.agency,
            payload={
                "files": [
                    {"file": found[key].pk, "requirement": key[0], "sha256": key[1]} for key in new
                ]
            },
        )
    return [found[key] for key in order]


def _check_quota(actor: User, adding: int) -> None:
    limit = settings.CITIZEN_STORAGE_MAX_BYTES
    if adding and draft_bytes(user=actor) + adding > limit:
        raise PortalError(
            _(
                "Các hồ sơ nháp của bạn đã dùng gần hết dung lượng được phép (%(limit)s MB): "
                "hãy xóa bớt tệp hoặc hồ sơ nháp không cần rồi tải lên lại."
            )
            % {"limit": number(limit / 1024 / 1024, 0)}
        )


def _files_stored(
    draft: Draft,
    new: Mapping[tuple[int, str], tuple[DocumentRequirement, File, FileType]],
) -> dict[tuple[int, str], DraftFile]:
    """The files written under random names (models.draft_file_path: only the sniffed
    extension is kept) and their rows; the files go again if the rows cannot be written."""
    items: dict[tuple[int, str], DraftFile] = {}
    try:
        for (_, sha256), (requirement, upload, kind) in new.items():
            item = DraftFile(
                draft=draft,
                requirement=requirement,
                original_name=(upload.name or "").rsplit("/", 1)[-1][:255],
                content_type=kind.content_type,
                size=upload.size or 0,
                sha256=sha256,
            )
            item.file.save(kind.extension, upload, save=False)
            items[(requirement.pk, sha256)] = item
        DraftFile.objects.bulk_create(items.values())
    except BaseException:
        for item in items.values():
            default_storage.delete(item.file.name)
        raise
    return items


@transaction.atomic
def draft_file_remove(*, actor: User, draft_file: DraftFile) -> None:
    draft = _locked(actor, draft_file.draft)
    item = DraftFile.objects.filter(pk=draft_file.pk, draft=draft).first()
    if item is None:
        raise Http404
    item.delete()
    delete_files_on_commit([item.file.name])
    audit_record(
        actor=actor,
        action="portal.draft_file_remove",
        target=draft,
        agency=draft.agency,
        payload={"file": draft_file.pk, "sha256": item.sha256},
    )


@transaction.atomic
def draft_delete(*, actor: User, draft: Draft) -> None:
    draft = _locked(actor, draft)
    names = [f.file.name for f in draft.files.all()]
    audit_record(
        actor=actor,
        action="portal.draft_delete",
        target=draft,
        agency=draft.agency,
        payload={"procedure": draft.procedure_id, "files": len(names)},
    )
    draft.delete()
    delete_files_on_commit(names)


def draft_keep(
    *,
    actor: User,
    procedure: Procedure,
    draft: Draft | None,
    key: str,
    values: Mapping[str, Any],
    agency: Agency | None,
    uploads: Sequence[tuple[int, File]] = (),
    remove: DraftFile | None = None,
    version: ProcedureVersion | None = None,
) -> Draft | None:
    """What one post of the e-form keeps: the citizen's `draft` (the one `draft_find`
    gave, or one opened under `key` when None), what was typed, the files chosen with the
    click (all or none), a file removed. None when `key` already made a dossier (a second
    click on "Nộp hồ sơ"): nothing to keep. What was typed commits before the files are
    checked, on purpose: a refused file does not lose the citizen's typing."""
    if draft is None:
        if Dossier.objects.filter(owner=actor, idempotency_key=key).exists():
            return None
        draft = draft_open(actor=actor, procedure=procedure, key=key, version=version)
    draft = draft_save(actor=actor, draft=draft, values=values, agency=agency, version=version)
    if uploads:
        draft_files_add(actor=actor, draft=draft, uploads=uploads, version=version)
    if remove is not None:
        draft_file_remove(actor=actor, draft_file=remove)
    return draft


@dataclass(frozen=True)
class Submission:
    dossier: Dossier
    created: bool  # False: the same submission came again (double click, retry)


def _applicant(
    actor: User, fields: tuple[EformFieldSpec, ...], values: dict[str, str]
) -> Applicant:
    """The applicant from the fields pre-filled with the profile's items, the profile
    where the form has no such field."""
    profile = citizen_profile(user=actor)

    def pick(what: str) -> str:
        return eforms.prefilled_by(fields, values, what) or str(getattr(profile, what) or "")

    birth = pick("birth_date")
    return Applicant(
        name=pick("name"),
        personal_id=pick("personal_id"),
        birth_date=date.fromisoformat(birth) if birth else None,
        phone=pick("phone"),
        email=pick("email"),
        address=pick("address"),
    )


def _copies(values: dict[str, str]) -> int:
    """The copies asked for in the form's `copies` field (0: none, no per-copy fee); a
    form without that field asks for the one result."""
    return int(values["copies"]) if values.get("copies") else 1


@transaction.atomic
def draft_submit(
    *,
    actor: User,
    key: str,
    values: Mapping[str, Any],
    agency: Agency | None,
    at: datetime | None = None,
    version: ProcedureVersion | None = None,
) -> Submission:
    """Submit the draft whose idempotency key the form carried: checks the e-form and
    the mandatory files, creates the dossier ("Mới đăng ký") through the lifecycle,
    assesses its fees, and consumes the draft. The same key again returns the dossier
    already created. `version`: as for `draft_save` (read once, passed down to the
    dossier's creation and its fee assessment)."""
    _citizen(actor)
    key = key.strip()
    done = Dossier.objects.filter(owner=actor, idempotency_key=key).first() if key else None
    if done is not None:
        return Submission(done, created=False)
    draft = (
        Draft.objects.select_for_update()
        .select_related("procedure")
        .filter(owner=actor, key=key)
        .first()
    )
    if draft is None:
        # A twin request may have submitted it while this one waited for the lock.
        done = Dossier.objects.filter(owner=actor, idempotency_key=key).first() if key else None
        if done is not None:
            return Submission(done, created=False)
        raise PortalError(_("Không tìm thấy hồ sơ nháp: có thể hồ sơ đã được nộp hoặc đã xóa."))
    version = _version(draft.procedure, at, known=version)
    fields = parse_eform_fields(version.form_fields)
    checked = eforms.check_values(fields, values, today=_day(at))
    files = list(draft.files.all())
    sent = {f.requirement_id for f in files}
    missing_files = [r.name for r in version.documents.all() if r.is_mandatory and r.pk not in sent]
    errors = {key: _field_error_text(error) for key, error in checked.errors.items()}
    if agency is None:
        errors["agency"] = _("Cần chọn cơ quan giải quyết.")
    if errors or missing_files or agency is None:
        raise FormInvalid(errors, missing_files)
    _checked_agency(draft.procedure, agency)
    online_files = []
    for item in files:
        item.file.open("rb")
        online_files.append(OnlineFile(item.requirement_id, item.file, item.original_name))
    try:
        dossier = dossier_submit_online(
            actor=actor,
            procedure=draft.procedure,
            agency=agency,
            applicant=_applicant(actor, fields, checked.values),
            files=online_files,
            form_data=checked.values,
            idempotency_key=draft.key,
            at=at,
            version=version,
        )
        if any(fee.amount for fee in version.fees.all()):
            # The exemption claimed stays in the form data: an officer confirms it.
            try:
                dossier_fee_assess(
                    actor=actor,
                    dossier=dossier,
                    copies=_copies(checked.values),
                    version=version,
                )
            except PaymentError as error:
                raise PortalError(error.message) from None
    except DossierError as error:
        raise PortalError(error.message) from None
    finally:
        for item in files:
            item.file.close()
    delete_files_on_commit([f.file.name for f in files])
    draft.delete()
    return Submission(dossier, created=True)


@transaction.atomic
def drafts_purge(*, now: datetime | None = None) -> int:
    """Delete the drafts nobody touched for PORTAL_DRAFT_DAYS days, with their files (what
    a citizen typed and uploaded but never submitted is personal data that serves nothing
    once abandoned). Run daily from cron; safe to run again. Returns how many went."""
    now = now or timezone.now()
    stale = Draft.objects.filter(updated_at__lt=now - timedelta(days=settings.PORTAL_DRAFT_DAYS))
    names = list(DraftFile.objects.filter(draft__in=stale).values_list("file", flat=True))
    drafts = stale.delete()[1].get(Draft._meta.label, 0)
    if drafts:
        delete_files_on_commit(names)
        audit_record(
            actor=None,
            action="portal.drafts_purge",
            payload={"drafts": drafts, "files": len(names)},
        )
    return drafts


# A file younger than this may belong to a request still writing its row.
ORPHAN_GRACE = timedelta(days=1)


def draft_orphans_delete(*, now: datetime | None = None) -> int:
    """Delete the files under the drafts' folder that no draft row names and that are
    older than ORPHAN_GRACE: left by a transaction rolled back after the file was stored
    (the services remove their own; an outer rollback cannot). Returns how many went."""
    now = now or timezone.now()
    known = set(DraftFile.objects.values_list("file", flat=True))
    orphans = [
        name
        for name in _stored_files(DRAFTS_DIR)
        if name not in known and default_storage.get_modified_time(name) < now - ORPHAN_GRACE
    ]
    for name in orphans:
        default_storage.delete(name)
    return len(orphans)


def _stored_files(folder: str) -> list[str]:
    if not default_storage.exists(folder):
        return []
    folders, files = default_storage.listdir(folder)
    found = [f"{folder}/{name}" for name in files]
    for child in folders:
        found += _stored_files(f"{folder}/{child}")
    return found
