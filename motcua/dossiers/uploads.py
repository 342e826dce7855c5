"""Scanned documents of a dossier: accept (size, type by content, SHA-256), store under
MEDIA_ROOT with a random name, and read back for the permission-checked download view."""

import hashlib

from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.core.audit import audit_record
from motcua.core.formatting import number
from motcua.dossiers.filetypes import HEAD_BYTES, FileType, sniff
from motcua.dossiers.models import Attachment, Dossier, DossierDocument
from motcua.dossiers.selectors import dossier_scope


class UploadRejected(Exception):
    """The file is refused; `message` says why, fit to show the officer."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def sha256_of(upload: File) -> str:
    """The file's SHA-256, read in chunks; the file is rewound for whoever reads next."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def upload_check(upload: File) -> FileType:
    """The kind of an uploaded scan, read from its content; UploadRejected when the file is
    empty, too large, or not a PDF, JPEG or PNG. The file is left at its start."""
    size = upload.size or 0
    if size == 0:
        raise UploadRejected(_("Tệp rỗng."))
    if size > settings.UPLOAD_MAX_BYTES:
        raise UploadRejected(
            _("Tệp quá lớn: tối đa %(limit)s MB.")
            % {"limit": number(settings.UPLOAD_MAX_BYTES / 1024 / 1024, 1)}
        )
    upload.seek(0)
    kind = sniff(upload.read(HEAD_BYTES))
    upload.seek(0)
    if kind is None:
        raise UploadRejected(_("Chỉ nhận tệp PDF, JPEG hoặc PNG (kiểm tra theo nội dung tệp)."))
    return kind


def attachment_store(
    *,
    actor: User,
    dossier: Dossier,
    upload: File,
    kind: FileType,
    document: DossierDocument | None = None,
    name: str = "",
    save: bool = True,
) -> Attachment:
    """Write one checked file (`kind` from `upload_check`) for a dossier, with no
    permission check: the caller's service made it (officer scope, or the owner citizen).
    `name` is the sender's file name when the upload's own is not. `save=False`: the file
    is written, its row is left for the caller to create with the others in one query."""
    attachment = Attachment(
        dossier=dossier,
        document=document,
        original_name=(name or upload.name or "").rsplit("/", 1)[-1][:255],
        content_type=kind.content_type,
        size=upload.size or 0,
        sha256=sha256_of(upload),
        uploaded_by=actor,
    )
    upload.seek(0)
    # The storage name is random (models_attachments.attachment_path); only the sniffed
    # extension is passed on.
    attachment.file.save(kind.extension, upload, save=False)
    if save:
        attachment.save()
    return attachment


@transaction.atomic
def attachment_add(
    *,
    actor: User,
    dossier: Dossier,
    upload: File,
    document: DossierDocument | None = None,
) -> Attachment:
    """Store one scan for a dossier the officer may see. UploadRejected when the file is
    empty, too large, or not a PDF, JPEG or PNG by its content."""
    if (
        not actor.is_officer
        or not dossier_scope(Dossier.objects.filter(pk=dossier.pk), user=actor).exists()
    ):
        raise UploadRejected(_("Không tìm thấy hồ sơ."))
    if document is not None and document.dossier_id != dossier.pk:
        raise UploadRejected(_("Giấy tờ không thuộc hồ sơ này."))
    kind = upload_check(upload)
    attachment = attachment_store(
        actor=actor, dossier=dossier, upload=upload, kind=kind, document=document
    )
    audit_record(
        actor=actor,
        action="dossier.attachment_add",
        target=dossier,
        agency=actor.agency if actor.agency_id else dossier.agency,
        payload={"attachment": attachment.pk, "sha256": attachment.sha256, "size": attachment.size},
    )
    return attachment
