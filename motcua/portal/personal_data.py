"""A citizen's own data, gathered for "Tải dữ liệu của tôi" (and `motcua personal_data
export` for an officer answering a written request): the account, the dossiers the
account owns, drafts, fees and payments, feedback, hall bookings and tickets,
notifications and the sign-in log, as a ZIP of a `data.json` with Vietnamese keys, a
`README.txt` explaining it and the files the citizen uploaded.

Scope is the account: dossiers by their owner link, bookings by the verified phone
number; never by name or ID number, so another person with the same name never appears.
A dossier handed in on paper without an account link is not the account's (an officer
finds it at the counter). Here because it reads every app above accounts (layers).
"""

import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.files.storage import default_storage
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import ExternalIdentity, SignInAttempt, User
from motcua.catalog.specs import parse_eform_fields
from motcua.core.formatting import number, short_date, short_datetime
from motcua.dossiers.models import Attachment, Dossier, ResultDocument
from motcua.feedback.models import Feedback
from motcua.hall.models import Appointment, Rating, Ticket
from motcua.notifications.models import Notification
from motcua.payments.models import FeeAssessment, Payment
from motcua.portal.models import Draft, DraftFile

Json = dict[str, Any]


@dataclass(frozen=True)
class PackedFile:
    """A stored file to copy into the ZIP: `storage_name` in the default storage."""

    arcname: str
    storage_name: str


@dataclass
class PersonalData:
    data: Json
    files: list[PackedFile] = field(default_factory=list)


# --- formatting (what a person reads: no keys, no ISO dates) ---------------------------


def _moment(value: datetime | None) -> str:
    return short_datetime(value) if value is not None else ""


def _day(value: date | None) -> str:
    return short_date(value) if value is not None else ""


def _money(amount: int) -> str:
    return _("%(amount)s đồng") % {"amount": number(amount)}


_UNSAFE = re.compile(r"[^\w.\- ]+", re.UNICODE)


def _file_name(pk: int, original: str) -> str:
    """'12-to-khai.pdf': the id keeps two files of the same name apart."""
    cleaned = _UNSAFE.sub("_", original.replace("\\", "/").rsplit("/", 1)[-1]).strip() or "tep"
    return f"{pk}-{cleaned[:120]}"


def _answer(kind: str, choices: dict[str, str], value: Any) -> Any:
    if kind == "date":
        try:
            return short_date(date.fromisoformat(str(value)))
        except ValueError:
            return value
    return choices.get(str(value), value)


def _answers(form_fields: Any, values: dict[str, Any]) -> dict[str, Any]:
    """E-form answers under their labels (and their choice labels), in the form's order;
    a key the form no longer knows keeps its key rather than being lost."""
    specs = parse_eform_fields(form_fields)
    shown: dict[str, Any] = {}
    known = set()
    for spec in specs:
        known.add(spec.key)
        if spec.key in values and values[spec.key] not in ("", None):
            shown[spec.label] = _answer(spec.type, dict(spec.choices), values[spec.key])
    shown.update({key: value for key, value in values.items() if key not in known and value})
    return shown


# --- the parts -------------------------------------------------------------------------


def _account(user: User) -> Json:
    identities = ExternalIdentity.objects.filter(user=user).order_by("linked_at")
    return {
        _("Tên đăng nhập"): user.username,
        _("Họ và tên"): user.get_full_name(),
        _("Số định danh cá nhân"): user.personal_id,
        _("Ngày sinh"): _day(user.birth_date),
        _("Địa chỉ"): user.address,
        _("Điện thoại"): user.phone,
        _("Thư điện tử"): user.email,
        _("Ngôn ngữ"): user.get_language_display(),
        _("Có mật khẩu"): _("Có") if user.has_usable_password() else _("Không"),
        _("Tạo tài khoản lúc"): _moment(user.date_joined),
        _("Đăng nhập gần nhất"): _moment(user.last_login),
        _("Liên kết định danh điện tử"): [
            {
                _("Nhà cung cấp"): identity.issuer,
                _("Liên kết lúc"): _moment(identity.linked_at),
                _("Dùng gần nhất"): _moment(identity.last_used_at),
            }
            for identity in identities
        ],
    }


def _payments(assessment: FeeAssessment | None) -> Json | None:
    if assessment is None:
        return None
    return {
        _("Tổng số tiền"): _money(assessment.total),
        _("Trạng thái"): assessment.get_state_display(),
        _("Đối tượng miễn"): assessment.exemption,
        _("Nộp lúc"): _moment(assessment.paid_at),
        _("Giao dịch"): [
            {
                _("Mã giao dịch"): payment.order_ref,
                _("Hình thức"): payment.get_gateway_display(),
                _("Số tiền"): _money(payment.amount),
                _("Trạng thái"): payment.get_state_display(),
                _("Tạo lúc"): _moment(payment.created_at),
                _("Thanh toán lúc"): _moment(payment.paid_at),
                _("Hoàn tiền lúc"): _moment(payment.refunded_at),
            }
            for payment in Payment.objects.filter(assessment=assessment).order_by("created_at")
        ],
    }


def _uploads(dossier: Dossier, user: User, files: list[PackedFile]) -> list[Json]:
    rows = []
    own = Attachment.objects.filter(dossier=dossier, uploaded_by=user).order_by("uploaded_at")
    for attachment in own:
        arcname = f"tep/ho-so/{dossier.code}/{_file_name(attachment.pk, attachment.original_name)}"
        files.append(PackedFile(arcname, attachment.file.name))
        rows.append(
            {
                _("Tên tệp"): attachment.original_name,
                _("Dung lượng (byte)"): attachment.size,
                _("Tải lên lúc"): _moment(attachment.uploaded_at),
                _("Trong gói tại"): arcname,
            }
        )
    return rows


def _dossier(dossier: Dossier, user: User, files: list[PackedFile]) -> Json:
    assessment = FeeAssessment.objects.filter(dossier=dossier).first()
    results = ResultDocument.objects.filter(dossier=dossier).order_by("issued_at")
    return {
        _("Mã hồ sơ"): dossier.code,
        _("Thủ tục"): dossier.procedure.name,
        _("Cơ quan giải quyết"): dossier.agency.name,
        _("Hình thức nộp"): dossier.get_channel_display(),
        _("Trạng thái"): dossier.get_state_display(),
        _("Kết quả giải quyết"): dossier.get_decision_display(),
        _("Nộp trực tuyến lúc"): _moment(dossier.submitted_at),
        _("Tiếp nhận lúc"): _moment(dossier.received_at),
        _("Hẹn trả kết quả"): _moment(dossier.due_at),
        _("Có kết quả lúc"): _moment(dossier.finished_at),
        _("Trả kết quả lúc"): _moment(dossier.returned_at),
        _("Người nộp"): {
            _("Họ và tên"): dossier.applicant_name,
            _("Số định danh cá nhân"): dossier.applicant_personal_id,
            _("Ngày sinh"): _day(dossier.applicant_birth_date),
            _("Điện thoại"): dossier.applicant_phone,
            _("Thư điện tử"): dossier.applicant_email,
            _("Địa chỉ"): dossier.applicant_address,
        },
        _("Nội dung tờ khai"): _answers(dossier.procedure_version.form_fields, dossier.form_data),
        _("Giấy tờ đã nộp"): [
            {
                _("Tên giấy tờ"): document.name,
                _("Bản chính"): document.originals,
                _("Bản sao chứng thực"): document.certified_copies,
                _("Bản chụp"): document.photocopies,
            }
            for document in dossier.documents.all()
        ],
        _("Tệp bạn đã tải lên"): _uploads(dossier, user, files),
        _("Kết quả điện tử"): [
            {
                _("Mã xác thực"): result.code,
                _("Ban hành lúc"): _moment(result.issued_at),
                _("Thu hồi lúc"): _moment(result.revoked_at),
            }
            for result in results
        ],
        _("Phí, lệ phí"): _payments(assessment),
    }


def _drafts(user: User, files: list[PackedFile]) -> list[Json]:
    rows = []
    for draft in Draft.objects.filter(owner=user).select_related("procedure"):
        version = draft.procedure.versions.order_by("-valid_from").first()
        uploads = []
        for item in DraftFile.objects.filter(draft=draft).select_related("requirement"):
            arcname = f"tep/ho-so-nhap/{draft.pk}/{_file_name(item.pk, item.original_name)}"
            files.append(PackedFile(arcname, item.file.name))
            uploads.append(
                {
                    _("Tên tệp"): item.original_name,
                    _("Thành phần hồ sơ"): item.requirement.name,
                    _("Tải lên lúc"): _moment(item.uploaded_at),
                    _("Trong gói tại"): arcname,
                }
            )
        rows.append(
            {
                _("Thủ tục"): draft.procedure.name,
                _("Tạo lúc"): _moment(draft.created_at),
                _("Sửa gần nhất"): _moment(draft.updated_at),
                _("Nội dung tờ khai"): _answers(
                    version.form_fields if version else (), draft.values
                ),
                _("Tệp đã tải lên"): uploads,
            }
        )
    return rows


def _feedback(user: User, files: list[PackedFile]) -> list[Json]:
    rows = []
    sent = Feedback.objects.filter(citizen=user).select_related("agency", "dossier")
    for item in sent.order_by("received_at"):
        row = {
            _("Tiêu đề"): item.subject,
            _("Nội dung"): item.content,
            _("Cơ quan nhận"): item.agency.name,
            _("Hồ sơ liên quan"): item.dossier.code if item.dossier else "",
            _("Trạng thái"): item.get_state_display(),
            _("Gửi lúc"): _moment(item.received_at),
            _("Hạn trả lời"): _moment(item.due_at),
            _("Trả lời"): item.answer,
            _("Trả lời lúc"): _moment(item.answered_at),
        }
        if item.attachment:
            arcname = f"tep/phan-anh/{_file_name(item.pk, item.attachment_name)}"
            files.append(PackedFile(arcname, item.attachment.name))
            row[_("Tệp đính kèm")] = arcname
        rows.append(row)
    return rows


def citizen_appointments(*, user: User) -> QuerySet[Appointment]:
    """Hall bookings made with the account's phone number (proven by a one-time code);
    a booking carries no account, and a name alone proves nothing."""
    if not user.phone:
        return Appointment.objects.none()
    return Appointment.objects.filter(phone=user.phone)


def _hall(user: User, dossiers: list[Dossier]) -> Json:
    bookings = citizen_appointments(user=user).select_related("group__hall")
    tickets = Ticket.objects.filter(dossier__in=dossiers).select_related("hall", "dossier")
    ratings = Rating.objects.filter(dossier__in=dossiers).select_related("dossier")
    return {
        _("Lịch hẹn"): [
            {
                _("Mã đặt lịch"): booking.booking_code,
                _("Sảnh"): booking.group.hall.name,
                _("Dịch vụ"): booking.group.name,
                _("Khung giờ"): _moment(booking.slot_start),
                _("Họ và tên"): booking.citizen_name,
                _("Điện thoại"): booking.phone,
                _("Đặt lúc"): _moment(booking.booked_at),
            }
            for booking in bookings.order_by("slot_start")
        ],
        _("Số thứ tự"): [
            {
                _("Số"): ticket.code,
                _("Sảnh"): ticket.hall.name,
                _("Ngày"): _day(ticket.day),
                _("Trạng thái"): ticket.get_state_display(),
                _("Hồ sơ"): ticket.dossier.code if ticket.dossier else "",
            }
            for ticket in tickets.order_by("issued_at")
        ],
        _("Đánh giá"): [
            {
                _("Hồ sơ"): rating.dossier.code if rating.dossier else "",
                _("Mức độ hài lòng"): rating.get_value_display(),
                _("Góp ý"): rating.comment,
            }
            for rating in ratings.order_by("pk")
        ],
    }


def citizen_notifications(*, user: User) -> QuerySet[Notification]:
    """What was sent to the account, and codes sent to its phone or e-mail before it
    had one (those rows name no account)."""
    addresses = [address for address in (user.phone, user.email) if address]
    return Notification.objects.filter(Q(user=user) | Q(user__isnull=True, recipient__in=addresses))


def _notifications(user: User) -> list[Json]:
    return [
        {
            _("Kênh"): item.get_channel_display(),
            _("Gửi tới"): item.recipient,
            _("Tiêu đề"): item.subject,
            # One-time codes are erased once delivered, and never useful later.
            _("Nội dung"): "" if item.sensitive else item.body,
            _("Trạng thái"): item.get_state_display(),
            _("Tạo lúc"): _moment(item.created_at),
            _("Gửi lúc"): _moment(item.sent_at),
            _("Đọc lúc"): _moment(item.read_at),
        }
        for item in citizen_notifications(user=user).order_by("created_at", "pk")
    ]


def _sign_ins(user: User) -> list[Json]:
    return [
        {
            _("Thời điểm"): _moment(attempt.at),
            _("Kết quả"): attempt.get_outcome_display(),
            _("Địa chỉ IP"): attempt.ip_address or "",
        }
        for attempt in SignInAttempt.objects.filter(user=user).order_by("at")
    ]


def personal_data_collect(*, user: User) -> PersonalData:
    """Everything the system holds about `user` (their own account: the scope)."""
    files: list[PackedFile] = []
    dossiers = list(
        Dossier.objects.filter(owner=user)
        .select_related("procedure", "procedure_version", "agency")
        .prefetch_related("documents")
        .order_by("created_at", "pk")
    )
    data = {
        _("Xuất lúc"): _moment(timezone.now()),
        _("Tài khoản"): _account(user),
        _("Hồ sơ"): [_dossier(dossier, user, files) for dossier in dossiers],
        _("Hồ sơ nháp"): _drafts(user, files),
        _("Phản ánh, kiến nghị"): _feedback(user, files),
        _("Sảnh phục vụ"): _hall(user, dossiers),
        _("Thông báo"): _notifications(user),
        _("Nhật ký đăng nhập"): _sign_ins(user),
    }
    return PersonalData(data=data, files=files)


def readme_text() -> str:
    return _(
        "DỮ LIỆU CÁ NHÂN CỦA BẠN\n"
        "\n"
        "Gói này chứa mọi dữ liệu hệ thống một cửa điện tử đang lưu về tài khoản của bạn, "
        "theo quyền của chủ thể dữ liệu (Nghị định 13/2023/NĐ-CP, Luật Bảo vệ dữ liệu cá "
        "nhân 2025).\n"
        "\n"
        "data.json — dữ liệu, mở bằng trình soạn thảo văn bản hoặc trình duyệt:\n"
        "- Tài khoản: họ tên, số định danh cá nhân, ngày sinh, địa chỉ, điện thoại, thư "
        "điện tử, liên kết định danh điện tử (VNeID).\n"
        "- Hồ sơ: các hồ sơ thủ tục hành chính của tài khoản — mã hồ sơ, thủ tục, cơ quan, "
        "các mốc thời gian, trạng thái, thông tin người nộp, nội dung tờ khai, giấy tờ đã "
        "nộp, tệp bạn đã tải lên, kết quả điện tử, phí, lệ phí và các giao dịch thanh toán.\n"
        "- Hồ sơ nháp: tờ khai và tệp bạn đã lưu nhưng chưa nộp.\n"
        "- Phản ánh, kiến nghị: những gì bạn đã gửi và câu trả lời.\n"
        "- Sảnh phục vụ: lịch hẹn đặt bằng số điện thoại của bạn, số thứ tự gắn với hồ sơ "
        "của bạn và đánh giá mức độ hài lòng.\n"
        "- Thông báo: tin nhắn, thư điện tử và thông báo trong ứng dụng đã gửi cho bạn "
        "(nội dung mã đăng nhập một lần không được lưu lại).\n"
        "- Nhật ký đăng nhập: thời điểm, kết quả và địa chỉ IP của các lần đăng nhập.\n"
        "\n"
        "tep/ — bản sao các tệp bạn đã tải lên (ho-so: theo mã hồ sơ; ho-so-nhap: hồ sơ "
        "nháp; phan-anh: tệp đính kèm phản ánh). Kết quả điện tử tải tại trang hồ sơ.\n"
        "\n"
        "Thời gian theo giờ Việt Nam (giờ:phút ngày/tháng/năm). Hồ sơ nộp giấy tại quầy mà "
        "không gắn với tài khoản không có trong gói này: hãy liên hệ bộ phận một cửa.\n"
    )


def personal_data_zip(*, personal_data: PersonalData) -> bytes:
    """The ZIP: data.json, README.txt, and the stored files (one missing from the storage
    is named in data.json's "Tệp không còn lưu trữ" rather than failing the download)."""
    buffer = io.BytesIO()
    missing = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for packed in personal_data.files:
            try:
                with default_storage.open(packed.storage_name, "rb") as stored:
                    archive.writestr(packed.arcname, stored.read())
            except FileNotFoundError:
                missing.append(packed.arcname)
        data = dict(personal_data.data)
        if missing:
            data[_("Tệp không còn lưu trữ")] = missing
        text = json.dumps(data, ensure_ascii=False, indent=2)
        archive.writestr("data.json", text)
        archive.writestr("README.txt", readme_text())
    return buffer.getvalue()
