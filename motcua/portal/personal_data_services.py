"""A person's data rights: the download of their own data (audited), and the erasure an
officer runs on request (`motcua personal_data erase`), which anonymises the account,
deletes what no law asks to keep, and keeps — saying why — what the law does.

What is kept and on what basis is the table KEPT below; the README repeats it. The
citations marked "cần kiểm tra" are to be checked by the ward's legal officer.
"""

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.accounts.contacts import InvalidContact, normalise_email, normalise_mobile
from motcua.accounts.models import (
    ExternalIdentity,
    OneTimeCode,
    SignInAttempt,
    SignInOutcome,
    User,
    UserKind,
)
from motcua.core.audit import audit_record
from motcua.core.models import AuditEvent
from motcua.dossiers.models import Attachment, Dossier, ResultDocument
from motcua.dossiers.search import name_key
from motcua.dossiers.states import OPEN
from motcua.feedback.models import Feedback
from motcua.payments.models import Payment
from motcua.portal.models import Draft, DraftFile
from motcua.portal.personal_data import (
    citizen_appointments,
    citizen_notifications,
    personal_data_collect,
    personal_data_zip,
)
from motcua.portal.services import delete_files_on_commit

# What an erased account (and a dossier past its retention) shows instead of a name.
ERASED_NAME = "Người dùng đã xóa"
# Sign-in rows that record nothing a security review needs: they go at erasure. Failures
# (guessing, lockouts) stay until `accounts purge` ages them out (SIGN_IN_LOG_DAYS).
ROUTINE_SIGN_INS = (
    SignInOutcome.SUCCEEDED,
    SignInOutcome.OTP_OK,
    SignInOutcome.CODE_SENT,
)
# Dossiers anonymised per round trip (and per progress step).
CHUNK = 500

# Why each kind of record outlives the account. Article numbers only where certain.
KEPT = {
    "dossiers": (
        gettext_lazy("Hồ sơ thủ tục hành chính đã nộp, kể cả thông tin người nộp"),
        gettext_lazy(
            "Lưu trữ hồ sơ giải quyết thủ tục hành chính theo Luật Lưu trữ 2024 và cơ chế "
            "một cửa (Nghị định 118/2025/NĐ-CP, thay Nghị định 61/2018 và 107/2021); thời "
            "hạn theo quy định về lưu trữ hồ sơ (cần kiểm tra)"
        ),
    ),
    "civil_status": (
        gettext_lazy("Trong đó: hồ sơ hộ tịch"),
        gettext_lazy(
            "Sổ hộ tịch và hồ sơ đăng ký hộ tịch được lưu trữ vĩnh viễn (Luật Hộ tịch 2014)"
        ),
    ),
    "files": (
        gettext_lazy("Giấy tờ, tệp và kết quả điện tử của các hồ sơ đó"),
        gettext_lazy("Là thành phần của hồ sơ được lưu trữ (như trên)"),
    ),
    "payments": (
        gettext_lazy("Phí, lệ phí và giao dịch thanh toán"),
        gettext_lazy(
            "Chứng từ kế toán dùng trực tiếp để ghi sổ được lưu ít nhất 10 năm "
            "(Luật Kế toán 2015, Điều 41)"
        ),
    ),
    "feedback": (
        gettext_lazy("Phản ánh, kiến nghị và câu trả lời"),
        gettext_lazy(
            "Hồ sơ công việc của cơ quan tiếp nhận, theo quy định về lưu trữ hồ sơ (cần kiểm tra)"
        ),
    ),
    "failed_sign_ins": (
        gettext_lazy("Lần đăng nhập không thành công"),
        gettext_lazy(
            "Phục vụ điều tra dò mật khẩu; tự xóa sau SIGN_IN_LOG_DAYS ngày (accounts purge)"
        ),
    ),
    "audit": (
        gettext_lazy("Nhật ký kiểm tra (mã tài khoản, tên đăng nhập ngẫu nhiên)"),
        gettext_lazy(
            "Chỉ ghi thêm, chuỗi băm: không sửa, không xóa. Ghi mã và tên đăng nhập, không "
            "ghi họ tên hay số định danh; lý do và tiêu đề phản ánh là văn bản người viết nhập"
        ),
    ),
}
DELETED = {
    "account": gettext_lazy("Tài khoản: họ tên, liên lạc, số định danh, ngày sinh, địa chỉ"),
    "drafts": gettext_lazy("Hồ sơ nháp chưa nộp"),
    "draft_files": gettext_lazy("Tệp của hồ sơ nháp"),
    "notifications": gettext_lazy("Thông báo đã gửi"),
    "appointments": gettext_lazy("Lịch hẹn tại sảnh"),
    "codes": gettext_lazy("Mã đăng nhập một lần"),
    "sign_ins": gettext_lazy("Lần đăng nhập thành công"),
    "identities": gettext_lazy("Liên kết định danh điện tử (VNeID)"),
    "expired_dossiers": gettext_lazy(
        "Thông tin người nộp trên hồ sơ đã hết thời hạn lưu trữ (DOSSIER_RETENTION_YEARS)"
    ),
}


class PersonalDataError(Exception):
    """A refused request; `message` is fit to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- download --------------------------------------------------------------------------


@transaction.atomic
def personal_data_export(*, actor: User | None, citizen: User, via: str = "portal") -> bytes:
    """The ZIP of everything held about `citizen`: by the citizen themself (`actor` is
    the citizen) or by an officer's command (`actor` None, `via` "command"). Audited."""
    if not citizen.is_citizen or (actor is not None and actor.pk != citizen.pk):
        raise PermissionDenied
    personal_data = personal_data_collect(user=citizen)
    archive = personal_data_zip(personal_data=personal_data)
    audit_record(
        actor=actor,
        action="citizen.personal_data_export",
        target=citizen,
        agency=None,
        payload={"via": via, "files": len(personal_data.files), "bytes": len(archive)},
    )
    return archive


# --- erasure ---------------------------------------------------------------------------


def citizen_find(*, key: str) -> User:
    """The citizen account named by username, phone or e-mail (never by name or ID
    number); PersonalDataError when none or several match."""
    key = key.strip()
    match = Q(username=key)
    for normalise, column in ((normalise_mobile, "phone"), (normalise_email, "email")):
        with contextlib.suppress(InvalidContact):
            match |= Q(**{column: normalise(key)})
    found = list(User.objects.filter(match, kind=UserKind.CITIZEN)[:2])
    if len(found) != 1:
        raise PersonalDataError(
            _("Không tìm thấy tài khoản công dân “%(key)s”.") % {"key": key}
            if not found
            else _("“%(key)s” khớp nhiều tài khoản: hãy dùng tên đăng nhập.") % {"key": key}
        )
    return found[0]


@dataclass
class ErasurePlan:
    """What an erasure deletes (counts by DELETED key) and keeps (counts by KEPT key)."""

    citizen: User
    already_erased: bool
    deleted: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)

    def deleted_rows(self) -> list[tuple[str, int]]:
        return [(str(DELETED[key]), count) for key, count in self.deleted.items()]

    def kept_rows(self) -> list[tuple[str, int, str]]:
        return [(str(KEPT[key][0]), count, str(KEPT[key][1])) for key, count in self.kept.items()]


def _retention_cutoff(now: datetime) -> datetime | None:
    years = settings.DOSSIER_RETENTION_YEARS
    return now - timedelta(days=round(365.25 * years)) if years > 0 else None


def _expired_dossiers(citizen: User, now: datetime) -> QuerySet[Dossier]:
    """The account's closed dossiers whose retention period has passed (none unless
    DOSSIER_RETENTION_YEARS is set), not yet anonymised."""
    cutoff = _retention_cutoff(now)
    if cutoff is None:
        return Dossier.objects.none()
    return (
        Dossier.objects.filter(owner=citizen)
        .exclude(state__in=sorted(OPEN))
        .annotate(closed_at=Coalesce("returned_at", "finished_at", "created_at"))
        .filter(closed_at__lt=cutoff)
        .exclude(applicant_name=ERASED_NAME)
    )


def _is_erased(citizen: User) -> bool:
    return (
        not citizen.is_active
        and citizen.last_name == ERASED_NAME
        and not (citizen.phone or citizen.email or citizen.personal_id or citizen.address)
    )


def _codes(citizen: User) -> QuerySet[OneTimeCode]:
    addresses = [address for address in (citizen.phone, citizen.email) if address]
    return OneTimeCode.objects.filter(Q(user=citizen) | Q(address__in=addresses))


def erasure_plan(*, citizen: User, now: datetime | None = None) -> ErasurePlan:
    """What `personal_data_erase` would do now, changing nothing (the dry run)."""
    now = now or timezone.now()
    dossiers = Dossier.objects.filter(owner=citizen)
    drafts = Draft.objects.filter(owner=citizen)
    erased = _is_erased(citizen)
    plan = ErasurePlan(citizen=citizen, already_erased=erased)
    plan.deleted = {
        "account": 0 if erased else 1,
        "drafts": drafts.count(),
        "draft_files": DraftFile.objects.filter(draft__in=drafts).count(),
        "notifications": citizen_notifications(user=citizen).count(),
        "appointments": citizen_appointments(user=citizen).count(),
        "codes": _codes(citizen).count(),
        "sign_ins": SignInAttempt.objects.filter(
            user=citizen, outcome__in=ROUTINE_SIGN_INS
        ).count(),
        "identities": ExternalIdentity.objects.filter(user=citizen).count(),
        "expired_dossiers": _expired_dossiers(citizen, now).count(),
    }
    files = Attachment.objects.filter(dossier__in=dossiers).count()
    files += ResultDocument.objects.filter(dossier__in=dossiers).count()
    plan.kept = {
        "dossiers": dossiers.count(),
        "civil_status": dossiers.filter(procedure__field__slug="ho-tich").count(),
        "files": files,
        "payments": Payment.objects.filter(assessment__dossier__in=dossiers).count(),
        "feedback": Feedback.objects.filter(citizen=citizen).count(),
        "failed_sign_ins": SignInAttempt.objects.filter(user=citizen)
        .exclude(outcome__in=ROUTINE_SIGN_INS)
        .count(),
        "audit": AuditEvent.objects.filter(
            Q(actor=citizen)
            | Q(target_type=ContentType.objects.get_for_model(User), target_id=str(citizen.pk))
        ).count(),
    }
    return plan


def _anonymise_dossiers(
    citizen: User, now: datetime, progress: Callable[[int, int], None] | None
) -> int:
    ids = list(_expired_dossiers(citizen, now).values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        # Row by row: the ID number's column may transform what it stores (encryption).
        for dossier in Dossier.objects.filter(pk__in=ids[start : start + CHUNK]):
            dossier.applicant_name = ERASED_NAME
            dossier.applicant_search = name_key(ERASED_NAME)
            dossier.applicant_personal_id = ""
            dossier.applicant_birth_date = None
            dossier.applicant_phone = ""
            dossier.applicant_email = ""
            dossier.applicant_address = ""
            dossier.form_data = {}
            dossier.save(
                update_fields=[
                    "applicant_name",
                    "applicant_search",
                    "applicant_personal_id",
                    "applicant_birth_date",
                    "applicant_phone",
                    "applicant_email",
                    "applicant_address",
                    "form_data",
                    "updated_at",
                ]
            )
        if progress is not None:
            progress(min(start + CHUNK, len(ids)), len(ids))
    return len(ids)


def _anonymise_account(citizen: User) -> None:
    # The username stays: it is random for citizens ("cd-…"), and the append-only audit
    # log records it; it names nobody once the account holds nothing else.
    citizen.last_name = ERASED_NAME
    citizen.first_name = ""
    citizen.email = ""
    citizen.phone = ""
    citizen.personal_id = ""
    citizen.birth_date = None
    citizen.address = ""
    citizen.is_active = False
    # Sessions end: a session whose password hash no longer matches is signed out, and
    # an inactive account is refused by the authentication backend.
    citizen.set_unusable_password()
    citizen.save()


@transaction.atomic
def personal_data_erase(
    *,
    actor: User | None,
    citizen: User,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ErasurePlan:
    """Erase `citizen` on their request: one transaction, safe to run again (a second
    run finds nothing left and records nothing). `actor` None is the command line."""
    now = now or timezone.now()
    if actor is not None and not actor.is_officer:
        raise PermissionDenied
    citizen = User.objects.select_for_update().get(pk=citizen.pk, kind=UserKind.CITIZEN)
    plan = erasure_plan(citizen=citizen, now=now)
    if not any(plan.deleted.values()):
        return plan
    drafts = Draft.objects.filter(owner=citizen)
    names = list(DraftFile.objects.filter(draft__in=drafts).values_list("file", flat=True))
    drafts.delete()
    delete_files_on_commit(names)
    citizen_notifications(user=citizen).delete()
    citizen_appointments(user=citizen).delete()
    _codes(citizen).delete()
    attempts = SignInAttempt.objects.filter(user=citizen)
    attempts.filter(outcome__in=ROUTINE_SIGN_INS).delete()
    # The failures kept name the account, not the phone or e-mail typed at the time.
    attempts.exclude(username=citizen.username).update(username=citizen.username)
    ExternalIdentity.objects.filter(user=citizen).delete()
    _anonymise_dossiers(citizen, now, progress)
    if not plan.already_erased:
        _anonymise_account(citizen)
    # Counts only: the audit log is no copy of what was erased.
    audit_record(
        actor=actor,
        action="citizen.erase",
        target=citizen,
        agency=None,
        payload={"deleted": plan.deleted, "kept": plan.kept},
    )
    return plan
