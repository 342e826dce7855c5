"""Electronic results, read: the owner and the officers list and download them, and
anyone checks on the public verification page that a document (by its verification code
or its SHA-256) was issued — with no personal data. Attaching and revoking are actions
(`dossiers.actions.results`).
"""

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.files.base import File
from django.shortcuts import get_object_or_404

from motcua.accounts.scoping import Viewer
from motcua.dossiers.models import Dossier, ResultDocument
from motcua.dossiers.selectors import dossier_get
from motcua.dossiers.uploads import sha256_of

CODE_LENGTH = 10  # base32: 50 random bits, typed from the paper without ambiguity
SHA256 = re.compile(r"[0-9a-f]{64}")


def normalised_code(text: str) -> str:
    """A code as typed: spaces and dashes dropped, any case."""
    return re.sub(r"[\s-]", "", text).upper()[:CODE_LENGTH]


def result_documents(*, user: Viewer, dossier: Dossier) -> list[ResultDocument]:
    """The results of a dossier the viewer may see (officers in scope, the owner)."""
    visible = dossier_get(user=user, pk=dossier.pk)
    return list(visible.results.select_related("issuing_agency", "issued_by"))


def result_document_get(*, user: Viewer, code: str, pk: int) -> ResultDocument:
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


def result_verify_file(*, upload: File) -> ResultCheck | None:
    return result_verify_by_hash(sha256=sha256_of(upload))
