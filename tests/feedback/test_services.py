"""Feedback (PAKN) services: send, deadline in working days, assign, answer on time or
late, notify, close — each refused action changes nothing."""

from datetime import datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from motcua.core.models import AuditEvent
from motcua.core.tz import VN_TZ
from motcua.feedback.models import Feedback, FeedbackState
from motcua.feedback.services import (
    FeedbackError,
    FeedbackNotFound,
    feedback_answer,
    feedback_assign,
    feedback_close,
    feedback_submit,
)
from motcua.notifications.models import Notification
from motcua.units.models import AgencyKind
from tests.factories import AgencyFactory, CitizenFactory, OfficerFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def vn(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, us: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, us, tzinfo=VN_TZ)


def send(citizen, agency, *, at=None, **options):
    return feedback_submit(
        actor=citizen,
        agency=agency,
        subject=options.pop("subject", "Thái độ phục vụ"),
        content=options.pop("content", "Cán bộ hướng dẫn chưa rõ ràng."),
        at=at or vn(2025, 7, 7, 9),
        **options,
    )


# --- the deadline in working days -------------------------------------------------------


def test_deadline_sent_before_tet_2026_skips_the_tet_holidays(official_calendar, citizen, agency_a):
    # Friday 13/2/2026; Tết is Monday 16/2 to Friday 20/2 (14/2–22/2 with the weekends).
    feedback = send(citizen, agency_a, at=vn(2026, 2, 13, 10))
    assert feedback.due_at == vn(2026, 3, 6, 10)


def test_deadline_counts_a_make_up_saturday_as_a_working_day(
    official_calendar, citizen, agency_a, settings
):
    settings.FEEDBACK_RESPONSE_WORKING_DAYS = 1
    # 2/1/2026 is a day off in exchange for Saturday 10/1/2026, worked.
    feedback = send(citizen, agency_a, at=vn(2026, 1, 9, 10))
    assert feedback.due_at == vn(2026, 1, 10, 10)


def test_feedback_sent_on_a_weekend_counts_from_monday_morning(
    official_calendar, citizen, agency_a
):
    feedback = send(citizen, agency_a, at=vn(2026, 3, 7, 21, 30))
    assert feedback.due_at == vn(2026, 3, 23, 8)


# --- sending ----------------------------------------------------------------------------


def test_citizen_sends_general_feedback_to_an_agency(citizen, agency_a):
    feedback = send(citizen, agency_a)
    assert (feedback.citizen, feedback.agency, feedback.dossier) == (citizen, agency_a, None)
    assert feedback.state == FeedbackState.RECEIVED
    event = AuditEvent.objects.get(action="feedback.submit")
    assert (event.actor, event.target_id, event.to_state) == (citizen, str(feedback.pk), "received")


def test_feedback_on_a_dossier_goes_to_the_dossier_agency(own_dossier, citizen, agency_b):
    dossier = own_dossier()
    feedback = send(citizen, agency_b, dossier=dossier)
    assert (feedback.agency, feedback.dossier) == (dossier.agency, dossier)


def test_feedback_on_another_citizens_dossier_is_not_found(own_dossier, agency_a):
    dossier = own_dossier()
    with pytest.raises(FeedbackNotFound):
        send(CitizenFactory.create(), agency_a, dossier=dossier)
    assert not Feedback.objects.exists()


def test_officers_cannot_send_citizen_feedback(officer_a, agency_a):
    with pytest.raises(FeedbackError, match="công dân"):
        send(officer_a, agency_a)
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"subject": "   "}, "tiêu đề"),
        ({"content": ""}, "nội dung"),
        ({"subject": "x" * 201}, "quá dài"),
        ({"upload": SimpleUploadedFile("a.exe", b"MZ\x90\x00" * 20)}, "PDF, JPEG hoặc PNG"),
        ({"upload": SimpleUploadedFile("a.pdf", b"")}, "rỗng"),
    ],
)
def test_bad_feedback_is_refused_with_a_message_and_writes_nothing(
    citizen, agency_a, options, message
):
    events = AuditEvent.objects.count()
    with pytest.raises(FeedbackError, match=message):
        send(citizen, agency_a, **options)
    assert not Feedback.objects.exists()
    assert AuditEvent.objects.count() == events


def test_feedback_needs_an_agency_that_takes_feedback(citizen):
    department = AgencyFactory.create(kind=AgencyKind.DEPARTMENT)
    for agency in (None, department):
        with pytest.raises(FeedbackError, match="cơ quan"):
            send(citizen, agency)
    assert not Feedback.objects.exists()


def test_attachment_is_kept_under_a_random_name(citizen, agency_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    feedback = send(citizen, agency_a, upload=SimpleUploadedFile("ảnh chụp.png", PNG))
    assert (feedback.attachment_name, feedback.attachment_type) == ("ảnh chụp.png", "image/png")
    assert feedback.attachment.name.startswith("feedback/")
    assert "ảnh" not in feedback.attachment.name
    assert feedback.attachment.read() == PNG


def test_the_same_form_sent_twice_is_one_feedback(citizen, agency_a):
    first = send(citizen, agency_a, idempotency_key="k-1")
    again = send(citizen, agency_a, idempotency_key="k-1", subject="Khác")
    other = send(CitizenFactory.create(), agency_a, idempotency_key="k-1")
    assert again.pk == first.pk and other.pk != first.pk
    assert Feedback.objects.count() == 2


# --- assign, answer, close --------------------------------------------------------------


def test_answer_in_time_is_recorded_on_time_and_the_citizen_is_notified(
    citizen, officer_a, agency_a
):
    feedback = send(citizen, agency_a)
    with translation.override("en"):  # the officer works in English; the citizen reads Vietnamese
        answered = feedback_answer(
            actor=officer_a, feedback=feedback, answer="Đã nhắc nhở cán bộ.", at=feedback.due_at
        )
    assert answered.state == FeedbackState.ANSWERED
    assert (answered.answered_by, answered.answered_at, answered.answered_on_time) == (
        officer_a,
        feedback.due_at,
        True,
    )
    in_app = Notification.objects.get(kind="feedback.answer", channel="in_app")
    assert in_app.user == citizen
    assert "Thái độ phục vụ" in in_app.body and agency_a.name in in_app.body
    assert in_app.subject == "Phản ánh, kiến nghị của ông/bà đã được trả lời"
    event = AuditEvent.objects.get(action="feedback.answer")
    assert (event.from_state, event.to_state, event.payload) == (
        "received",
        "answered",
        {"on_time": True},
    )


def test_answer_after_the_deadline_is_recorded_late(citizen, officer_a, agency_a):
    feedback = send(citizen, agency_a)
    answered = feedback_answer(
        actor=officer_a,
        feedback=feedback,
        answer="Xin lỗi vì trả lời chậm.",
        at=feedback.due_at + timedelta(minutes=1),
    )
    assert answered.answered_on_time is False


def test_officer_of_another_ward_and_citizens_cannot_answer(citizen, officer_b, agency_a):
    feedback = send(citizen, agency_a)
    for actor in (officer_b, citizen, CitizenFactory.create()):
        with pytest.raises(FeedbackNotFound):
            feedback_answer(actor=actor, feedback=feedback, answer="Trả lời")
    feedback.refresh_from_db()
    assert feedback.state == FeedbackState.RECEIVED
    assert not Notification.objects.exists()


def test_empty_answer_and_second_answer_are_refused(citizen, officer_a, agency_a):
    feedback = send(citizen, agency_a)
    with pytest.raises(FeedbackError, match="nội dung trả lời"):
        feedback_answer(actor=officer_a, feedback=feedback, answer="  ")
    feedback_answer(actor=officer_a, feedback=feedback, answer="Lần một")
    with pytest.raises(FeedbackError, match="đã được trả lời"):
        feedback_answer(actor=officer_a, feedback=feedback, answer="Lần hai")
    feedback.refresh_from_db()
    assert feedback.answer == "Lần một"
    assert AuditEvent.objects.filter(action="feedback.answer").count() == 1


def test_assign_to_an_officer_of_the_agency_only(citizen, officer_a, officer_b, agency_a):
    feedback = send(citizen, agency_a)
    colleague = OfficerFactory.create(agency=agency_a, role="specialist")
    assert feedback_assign(actor=officer_a, feedback=feedback, assignee=colleague).assigned_to == (
        colleague
    )
    for assignee in (officer_b, citizen):
        with pytest.raises(FeedbackError, match="cán bộ của cơ quan"):
            feedback_assign(actor=officer_a, feedback=feedback, assignee=assignee)
    with pytest.raises(FeedbackNotFound):
        feedback_assign(actor=officer_b, feedback=feedback, assignee=officer_b)
    feedback.refresh_from_db()
    assert feedback.assigned_to == colleague
    assert AuditEvent.objects.filter(action="feedback.assign").count() == 1


def test_citizen_closes_an_answered_feedback_only(citizen, officer_a, agency_a):
    feedback = send(citizen, agency_a)
    with pytest.raises(FeedbackError, match="đã được trả lời"):
        feedback_close(actor=citizen, feedback=feedback)
    feedback_answer(actor=officer_a, feedback=feedback, answer="Đã xử lý.")
    with pytest.raises(FeedbackNotFound):
        feedback_close(actor=CitizenFactory.create(), feedback=feedback)
    closed = feedback_close(actor=citizen, feedback=feedback)
    assert closed.state == FeedbackState.CLOSED and closed.closed_at is not None
