"""Every write of the feedback app: online ratings after the result, and feedback (PAKN)
from receipt to answer and close.

Each service is one transaction that checks first (scope: out of it is FeedbackNotFound,
a 404; then role and state) and only then writes, with one audit event. A refusal raises
FeedbackError with a Vietnamese message and changes and records nothing. The citizen is
notified of an answer through the notification outbox, in the same transaction.

`at` is the moment of the act (now when None): tests pass other moments; views never do.
"""

from datetime import datetime

from django.conf import settings
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.accounts.scoping import can_see_agency
from motcua.core.audit import audit_record
from motcua.core.formatting import short_datetime
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_scope
from motcua.dossiers.uploads import UploadRejected, upload_check
from motcua.feedback.models import Feedback, FeedbackState
from motcua.feedback.selectors import dossier_rateable, feedback_agencies, feedback_scope
from motcua.hall.models import Rating, RatingChannel, RatingValue
from motcua.notifications.services import citizen_language, notification_enqueue
from motcua.units.models import Agency
from motcua.workdays.selectors import working_calendar

SUBJECT_MAX = 200
TEXT_MAX = 5000
COMMENT_MAX = 1000


class FeedbackError(Exception):
    """A refused action; `message` is fit to show the person who tried it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class FeedbackNotFound(FeedbackError, Http404):
    """Out of the actor's scope, or no such record: the same answer for both."""


class AttachmentRejected(FeedbackError):
    """The attached file is refused (empty, too large, not a PDF, JPEG or PNG)."""


def _now(at: datetime | None) -> datetime:
    return at or timezone.now()


def _text(value: str, *, required: str, limit: int) -> str:
    text = value.strip()
    if not text:
        raise FeedbackError(required)
    if len(text) > limit:
        raise FeedbackError(_("Nội dung quá dài: tối đa %(limit)s ký tự.") % {"limit": limit})
    return text


def _own_dossier(actor: User, dossier: Dossier | int, *, lock: bool = False) -> Dossier:
    """The citizen's own dossier; FeedbackNotFound for anyone else's (and for officers)."""
    pk = dossier if isinstance(dossier, int) else dossier.pk
    if not (actor.is_active and actor.is_citizen):
        raise FeedbackNotFound(_("Không tìm thấy hồ sơ."))
    queryset = Dossier.objects.select_related("agency")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    try:
        return dossier_scope(queryset, user=actor).get(pk=pk)
    except Dossier.DoesNotExist:
        raise FeedbackNotFound(_("Không tìm thấy hồ sơ.")) from None


# --- online rating ----------------------------------------------------------------------


@transaction.atomic
def rating_submit_online(
    *,
    actor: User,
    dossier: Dossier | int,
    value: str,
    comment: str = "",
    at: datetime | None = None,
) -> Rating:
    """The owner citizen rates a dossier once its result was returned: once per dossier."""
    locked = _own_dossier(actor, dossier, lock=True)
    if value not in RatingValue.values:
        raise FeedbackError(_("Xin chọn một mức độ hài lòng."))
    text = comment.strip()
    if len(text) > COMMENT_MAX:
        raise FeedbackError(_("Góp ý quá dài: tối đa %(limit)s ký tự.") % {"limit": COMMENT_MAX})
    if not dossier_rateable(dossier=locked):
        raise FeedbackError(_("Chỉ đánh giá được sau khi hồ sơ đã có kết quả."))
    # The dossier row lock serialises two submissions; the unique constraint is the
    # backstop should a rating arrive by another path.
    if Rating.objects.filter(dossier=locked, channel=RatingChannel.ONLINE).exists():
        raise FeedbackError(_("Ông/bà đã đánh giá hồ sơ này; mỗi hồ sơ được đánh giá một lần."))
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                channel=RatingChannel.ONLINE, dossier=locked, value=value, comment=text, at=_now(at)
            )
    except IntegrityError:
        raise FeedbackError(
            _("Ông/bà đã đánh giá hồ sơ này; mỗi hồ sơ được đánh giá một lần.")
        ) from None
    audit_record(
        actor=actor,
        action="feedback.rating_online",
        target=locked,
        agency=locked.agency,
        payload={"rating": rating.pk, "value": value},
    )
    return rating


# --- feedback (PAKN) --------------------------------------------------------------------


def _store_attachment(feedback: Feedback, upload: File) -> None:
    kind = upload_check(upload)
    feedback.attachment_name = (upload.name or "").rsplit("/", 1)[-1][:255]
    feedback.attachment_type = kind.content_type
    # Only the sniffed extension reaches the storage name (models.attachment_path).
    feedback.attachment.save(kind.extension, upload, save=False)


@transaction.atomic
def feedback_submit(
    *,
    actor: User,
    subject: str,
    content: str,
    agency: Agency | None = None,
    dossier: Dossier | None = None,
    upload: File | None = None,
    idempotency_key: str = "",
    at: datetime | None = None,
) -> Feedback:
    """A signed-in citizen's feedback to an agency, or about one of their dossiers (then to
    the dossier's agency). The answer is due FEEDBACK_RESPONSE_WORKING_DAYS working days
    after receipt, in the agency's calendar. The same `idempotency_key` returns the
    feedback already sent."""
    if not (actor.is_active and actor.is_citizen):
        raise FeedbackError(_("Chỉ công dân đã đăng nhập mới gửi được phản ánh, kiến nghị."))
    key = idempotency_key.strip()[:64]
    if key:
        sent = Feedback.objects.filter(citizen=actor, idempotency_key=key).first()
        if sent is not None:
            return sent
    if dossier is not None:
        target = _own_dossier(actor, dossier).agency
    elif agency is not None and feedback_agencies().filter(pk=agency.pk).exists():
        target = agency
    else:
        raise FeedbackError(_("Xin chọn cơ quan nhận phản ánh, kiến nghị."))
    title = _text(subject, required=_("Xin nhập tiêu đề."), limit=SUBJECT_MAX)
    body = _text(content, required=_("Xin nhập nội dung phản ánh, kiến nghị."), limit=TEXT_MAX)
    now = _now(at)
    calendar = working_calendar(agency=target)
    feedback = Feedback(
        citizen=actor,
        agency=target,
        dossier_id=dossier.pk if dossier is not None else None,
        subject=title,
        content=body,
        received_at=now,
        due_at=calendar.add_working_days(now, settings.FEEDBACK_RESPONSE_WORKING_DAYS),
        idempotency_key=key,
    )
    if upload is not None:
        try:
            _store_attachment(feedback, upload)
        except UploadRejected as error:
            raise AttachmentRejected(error.message) from None
    try:
        with transaction.atomic():
            feedback.save()
    except IntegrityError:
        # The same key sent twice at once: the other request saved it first.
        return Feedback.objects.get(citizen=actor, idempotency_key=key)
    audit_record(
        actor=actor,
        action="feedback.submit",
        target=feedback,
        agency=target,
        to_state=FeedbackState.RECEIVED,
        payload={"dossier": feedback.dossier_id, "due_at": feedback.due_at},
    )
    return feedback


def _locked(actor: User, feedback: Feedback | int) -> Feedback:
    """The feedback row, locked until the transaction ends, if the actor may see it."""
    pk = feedback if isinstance(feedback, int) else feedback.pk
    queryset = feedback_scope(Feedback.objects.select_for_update(of=("self",)), user=actor)
    try:
        return queryset.select_related("agency", "citizen").get(pk=pk)
    except Feedback.DoesNotExist:
        raise FeedbackNotFound(_("Không tìm thấy phản ánh, kiến nghị.")) from None


def _officer_locked(actor: User, feedback: Feedback | int) -> Feedback:
    if not (actor.is_active and actor.is_officer):
        raise FeedbackNotFound(_("Không tìm thấy phản ánh, kiến nghị."))
    locked = _locked(actor, feedback)
    if locked.state != FeedbackState.RECEIVED:
        raise FeedbackError(_("Phản ánh, kiến nghị này đã được trả lời."))
    return locked


@transaction.atomic
def feedback_assign(
    *, actor: User, feedback: Feedback | int, assignee: User, at: datetime | None = None
) -> Feedback:
    """An officer gives a waiting feedback to an officer of its agency (or to themself)."""
    locked = _officer_locked(actor, feedback)
    if not (
        assignee.is_active and assignee.is_officer and can_see_agency(assignee, locked.agency_id)
    ):
        raise FeedbackError(_("Chỉ giao được cho cán bộ của cơ quan nhận phản ánh."))
    locked.assigned_to = assignee
    locked.save(update_fields=["assigned_to"])
    audit_record(
        actor=actor,
        action="feedback.assign",
        target=locked,
        agency=locked.agency,
        payload={"assigned_to": assignee.pk, "at": _now(at)},
    )
    return locked


@transaction.atomic
def feedback_answer(
    *, actor: User, feedback: Feedback | int, answer: str, at: datetime | None = None
) -> Feedback:
    """An officer of the agency answers; the answer is recorded on time or late against the
    deadline, and the citizen is notified."""
    locked = _officer_locked(actor, feedback)
    text = _text(answer, required=_("Xin nhập nội dung trả lời."), limit=TEXT_MAX)
    now = _now(at)
    locked.answer = text
    locked.answered_by = actor
    locked.answered_at = now
    locked.answered_on_time = now <= locked.due_at
    locked.state = FeedbackState.ANSWERED
    locked.save(update_fields=["answer", "answered_by", "answered_at", "answered_on_time", "state"])
    audit_record(
        actor=actor,
        action="feedback.answer",
        target=locked,
        agency=locked.agency,
        from_state=FeedbackState.RECEIVED,
        to_state=FeedbackState.ANSWERED,
        payload={"on_time": locked.answered_on_time},
    )
    _notify_answer(locked)
    return locked


def _notify_answer(feedback: Feedback) -> None:
    with citizen_language():
        subject = _("Phản ánh, kiến nghị của ông/bà đã được trả lời")
        body = _(
            "%(agency)s đã trả lời phản ánh, kiến nghị “%(subject)s” lúc %(at)s. "
            "Xem nội dung trả lời trong mục Phản ánh, kiến nghị của tôi."
        ) % {
            "agency": feedback.agency.name,
            "subject": feedback.subject,
            "at": short_datetime(feedback.answered_at) if feedback.answered_at else "",
        }
    notification_enqueue(
        kind="feedback.answer",
        subject=subject,
        body=body,
        user=feedback.citizen,
        dossier=feedback.dossier,
    )


@transaction.atomic
def feedback_close(
    *, actor: User, feedback: Feedback | int, at: datetime | None = None
) -> Feedback:
    """The citizen (or an officer of the agency) closes an answered feedback."""
    if not actor.is_active:
        raise FeedbackNotFound(_("Không tìm thấy phản ánh, kiến nghị."))
    locked = _locked(actor, feedback)
    if locked.state != FeedbackState.ANSWERED:
        raise FeedbackError(_("Chỉ kết thúc được phản ánh, kiến nghị đã được trả lời."))
    locked.state = FeedbackState.CLOSED
    locked.closed_at = _now(at)
    locked.save(update_fields=["state", "closed_at"])
    audit_record(
        actor=actor,
        action="feedback.close",
        target=locked,
        agency=locked.agency,
        from_state=FeedbackState.ANSWERED,
        to_state=FeedbackState.CLOSED,
    )
    return locked
