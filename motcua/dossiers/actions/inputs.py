"""What the actions take in, and the checks every action applies to it before writing.

The counter screen, the JSON API and the portal build these dataclasses from what was
typed; the checks turn bad input into a DossierError with a Vietnamese message.
"""

from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from motcua.catalog.models import CopyKind, ProcedureVersion
from motcua.core.idnumber import InvalidPersonalId, parse_personal_id
from motcua.dossiers.errors import DossierError
from motcua.dossiers.filetypes import FileType
from motcua.dossiers.uploads import UploadRejected, upload_check


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


@dataclass(frozen=True, kw_only=True)
class SupplementItemIn(DocumentIn):
    """One item a supplement request asks for: a checklist line, with the reason."""

    reason: str


@dataclass(frozen=True)
class OnlineFile:
    """A file the citizen uploaded, for a checklist item (catalog DocumentRequirement)."""

    requirement_id: int | None
    file: File  # opened, readable; copied into an Attachment
    original_name: str


Item = TypeVar("Item", bound=DocumentIn)


def checked_applicant(applicant: Applicant) -> Applicant:
    """The applicant with spaces collapsed, the ID number, e-mail and phone checked."""
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


def checklist_rows(
    version: ProcedureVersion,
    items: Sequence[Item],
    *,
    require_mandatory: bool,
    asked_for: Collection[int | None] = (),
) -> list[tuple[Item, str]]:
    """(item, printed name) for each item, checked against the version's requirements.
    A mandatory document may be missing when it is `asked_for` in a supplement request."""
    requirements = {r.pk: r for r in version.documents.all()}
    rows = []
    for item in items:
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
        # A document shown for comparison leaves no copy in the dossier: listed, it was shown.
        shown = {pk for pk, r in requirements.items() if r.form == CopyKind.PRESENT}
        handed_in = {
            item.requirement_id
            for item in items
            if item.originals + item.certified_copies + item.photocopies > 0
            or item.requirement_id in shown
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


def checked_files(
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


def cleaned_reasons(reasons: Sequence[str]) -> list[str]:
    cleaned = [r.strip() for r in reasons if r.strip()]
    if not cleaned:
        raise DossierError(_("Cần nêu ít nhất một lý do."))
    return cleaned


def required_text(text: str, message: str) -> str:
    if not text.strip():
        raise DossierError(message)
    return text.strip()
