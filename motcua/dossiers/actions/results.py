"""Electronic results: the officer attaches the signed result (a PDF) to a decided
dossier, or revokes one issued by mistake. Reading and public verification are in
`dossiers.results`."""

import base64
import secrets
from datetime import datetime

from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.core.audit import audit_record
from motcua.dossiers.actions import kernel
from motcua.dossiers.actions.inputs import required_text
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import Dossier, ResultDocument
from motcua.dossiers.results import CODE_LENGTH
from motcua.dossiers.states import DECIDED
from motcua.dossiers.uploads import UploadRejected, sha256_of, upload_check


def _new_code() -> str:
    return base64.b32encode(secrets.token_bytes(7)).decode()[:CODE_LENGTH]


@transaction.atomic
def result_document_attach(
    *,
    actor: User,
    dossier: Dossier,
    upload: File,
    at: datetime | None = None,
) -> ResultDocument:
    """Attach the result PDF to a decided dossier of the officer's scope. The same file
    again returns the document already issued."""
    locked = kernel.lock(actor, dossier, None)
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
    digest = sha256_of(upload)
    issued = locked.results.filter(sha256=digest, revoked_at__isnull=True).first()
    if issued is not None:
        return issued
    document = ResultDocument(
        dossier=locked,
        original_name=(upload.name or "").rsplit("/", 1)[-1][:255],
        size=upload.size or 0,
        sha256=digest,
        code=_new_code(),
        # The agency that decided and signs, whoever's desk attached the file.
        issuing_agency=locked.agency,
        issued_at=kernel.moment(at),
        issued_by=actor,
    )
    upload.seek(0)
    document.file.save(kind.extension, upload, save=False)
    document.save()
    audit_record(
        actor=actor,
        action="dossier.result_attach",
        target=locked,
        agency=actor.agency or locked.agency,
        payload={"result": document.pk, "code": document.code, "sha256": digest},
    )
    return document


@transaction.atomic
def result_document_revoke(
    *, actor: User, document: ResultDocument, reason: str, at: datetime | None = None
) -> ResultDocument:
    """Withdraw an issued result (issued by mistake, replaced): verification then says so."""
    kernel.lock(actor, document.dossier_id, None)
    if not actor.is_officer:
        raise DossierError(_("Chỉ cán bộ của cơ quan giải quyết mới thu hồi kết quả."))
    text = required_text(reason, _("Cần nêu lý do thu hồi kết quả."))
    locked = ResultDocument.objects.select_for_update().get(pk=document.pk)
    if locked.revoked_at is not None:
        raise DossierError(_("Kết quả này đã bị thu hồi."))
    locked.revoked_at, locked.revoked_reason = kernel.moment(at), text
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
