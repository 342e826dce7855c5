"""Electronic results: the officer attaches the signed result (a PDF) to a decided
dossier, the owner downloads it, and anyone checks on the public verification page that
a document (by its verification code or its SHA-256) was issued — with no personal data.
"""

import base64
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.files.base import File
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.core.audit import audit_record
from motcua.dossiers.models import Dossier, ResultDocument
from motcua.dossiers.selectors import dossier_get
from motcua.dossiers.services import DossierError, _locked, _now, _required
from motcua.dossiers.states import State
from motcua.dossiers.uploads import UploadRejected, _sha256, upload_check

# The result exists once the dossier is decided (granted or refused), and after hand-over.
DECIDED = frozenset({State.PROCESSED, State.REFUSED, State.RETURNED})
CODE_LENGTH = 10  # base32: 50 random bits, typed from the paper without ambiguity
SHA256 = re.compile(r"[0-9a-f]{64}")


def _new_code() -> str:
    return base64.b32encode(secrets.token_bytes(7)).decode()[:CODE_LENGTH]


def normalised_code(text: str) -> str:
    """A code as typed: spaces and dashes dropped, any case."""
    return re.sub(r"[\s-]", "", text).upper()[:CODE_LENGTH]


@transaction.atomic
def result_document_attach(
    *,
    actor: User,
    dossier: Dossier,
    upload: File,
    at: datetime | None = None,  # type: ignore[type-arg]
) -> ResultDocument:
    """Attach the result PDF to a decided dossier of the officer's scope. The same file
    again returns the document already issued."""
    locked = _locked(actor, dossier, None)
    if not actor.is_officer:
        raise DossierError(_("Chỉ cán bộ của cơ quan giải quyết mới đính kèm kết quả."))
    if locked.state not in DECIDED:
        raise DossierError(
            _("Hồ sơ %(code)s chưa có kết quả giải quyết (trạng thái “%(state)s”).")
            % {"code": locked.code, "state": locked.get_state_display()}
        )
    try:
        kind = upload_check(upload)
    except UploadRejected as error:
        raise DossierError(error.message) from None
    if kind.content_type != "application/pdf":
        raise DossierError(_("Kết quả điện tử phải là tệp PDF."))
    digest = _sha256(upload)
    issued = locked.results.filter(sha256=digest, revoked_at__isnull=True).first()
    if issued is not None:
        return issued
    document = ResultDocument(
        dossier=locked,
        original_name=(upload.name or "").rsplit("/", 1)[-1][:255],
        size=upload.size or 0,
        sha256=digest,
        code=_new_code(),
        issuing_agency=actor.agency or locked.agency,
        issued_at=_now(at),
        issued_by=actor,
    )
    upload.seek(0)
    document.file.save(kind.extension, upload, save=False)
    document.save()
    audit_record(
        actor=actor,
        action="dossier.result_attach",
        target=locked,
        agency=document.issuing_agency,
        payload={"result": document.pk, "code": document.code, "sha256": digest},
    )
    return document


@transaction.atomic
def result_document_revoke(
    *, actor: User, document: ResultDocument, reason: str, at: datetime | None = None
) -> ResultDocument:
    """Withdraw an issued result (issued by mistake, replaced): verification then says so."""
    _locked(actor, document.dossier_id, None)
    if not actor.is_officer:
        raise DossierError(_("Chỉ cán bộ của cơ quan giải quyết mới thu hồi kết quả."))
    text = _required(reason, _("Cần nêu lý do thu hồi kết quả."))
    locked = ResultDocument.objects.select_for_update().get(pk=document.pk)
    if locked.revoked_at is not None:
        raise DossierError(_("Kết quả này đã bị thu hồi."))
    locked.revoked_at, locked.revoked_reason = _now(at), text
    locked.save(update_fields=["revoked_at", "revoked_reason"])
    audit_record(
        actor=actor,
        action="dossier.result_revoke",
        target=locked.dossier,
        agency=actor.agency or locked.issuing_agency,
        reason=text,
        payload={"result": locked.pk, "code": locked.code},
    )
    return locked


# --- reads -------------------------------------------------------------------------------


def result_documents(*, user: Any, dossier: Dossier) -> list[ResultDocument]:
    """The results of a dossier the viewer may see (officers in scope, the owner)."""
    visible = dossier_get(user=user, pk=dossier.pk)
    return list(visible.results.select_related("issuing_agency", "issued_by"))


def result_document_get(*, user: Any, code: str, pk: int) -> ResultDocument:
    """One result of a dossier (by its code) the viewer may see; Http404 otherwise."""
    dossier = dossier_get(user=user, code=code)
    return get_object_or_404(dossier.results, pk=pk)


@dataclass(frozen=True)
class ResultCheck:
    """What the public verification page says: no name, no ID number, no address."""

    code: str
    sha256: str
    agency_name: str
    procedure_name: str
    result_name: str
    dossier_code: str
    issued_at: datetime
    revoked_at: datetime | None
    revoked_reason: str


def _check(document: ResultDocument | None) -> ResultCheck | None:
    if document is None:
        return None
    dossier = document.dossier
    return ResultCheck(
        code=document.code,
        sha256=document.sha256,
        agency_name=document.issuing_agency.name,
        procedure_name=dossier.procedure.name,
        result_name=dossier.procedure_version.result,
        dossier_code=dossier.code,
        issued_at=document.issued_at,
        revoked_at=document.revoked_at,
        revoked_reason=document.revoked_reason,
    )


def _public() -> Any:
    return ResultDocument.objects.select_related(
        "issuing_agency", "dossier__procedure", "dossier__procedure_version"
    )


def result_verify_by_code(*, code: str) -> ResultCheck | None:
    return _check(_public().filter(code=normalised_code(code)).first())


def result_verify_by_hash(*, sha256: str) -> ResultCheck | None:
    """The document with this SHA-256 (64 hex digits, any case); None for anything else.
    The newest issue wins when the same file was issued twice."""
    digest = sha256.strip().lower()
    if not SHA256.fullmatch(digest):
        return None
    return _check(_public().filter(sha256=digest).order_by("-issued_at", "-pk").first())


def result_verify_file(*, upload: File) -> ResultCheck | None:  # type: ignore[type-arg]
    return result_verify_by_hash(sha256=_sha256(upload))
