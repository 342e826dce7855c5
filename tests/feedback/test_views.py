"""Feedback pages: every route answers 404 for another person's record, a message and
nothing written for bad input; the inbox is sorted by deadline and coloured."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from motcua.dossiers.clock import Colour
from motcua.dossiers.states import State
from motcua.feedback.models import Feedback, FeedbackState
from motcua.feedback.selectors import feedback_inbox
from motcua.feedback.services import feedback_answer, feedback_submit
from motcua.hall.models import Rating
from tests.factories import CitizenFactory, OfficerFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def sent(citizen, agency, *, at=None, **options) -> Feedback:
    return feedback_submit(
        actor=citizen,
        agency=agency,
        subject=options.pop("subject", "Đường ngập trước trụ sở"),
        content="Đề nghị phường xử lý.",
        at=at,
        **options,
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


# --- rating -------------------------------------------------------------------------------


def test_owner_rates_once_and_a_second_post_says_so(own_dossier, citizen):
    dossier = own_dossier()
    client = client_for(citizen)
    url = f"/feedback/rate/{dossier.pk}/"
    page = client.get(url)
    assert page.status_code == 200 and "Gửi đánh giá" in page.text
    response = client.post(url, {"value": "very_satisfied", "comment": "Tận tình"}, follow=True)
    assert "Cảm ơn ông/bà đã đánh giá!" in response.text
    assert "Rất hài lòng" in response.text
    again = client.post(url, {"value": "not_satisfied"}, follow=True)
    assert "mỗi hồ sơ được đánh giá một lần" in again.text
    assert list(Rating.objects.values_list("value", "comment")) == [("very_satisfied", "Tận tình")]


def test_rating_without_a_choice_shows_a_message_and_writes_nothing(own_dossier, citizen):
    dossier = own_dossier()
    response = client_for(citizen).post(f"/feedback/rate/{dossier.pk}/", {"comment": "x"})
    assert response.status_code == 400
    assert "Xin chọn một mức độ hài lòng." in response.text
    assert not Rating.objects.exists()


def test_rate_page_before_the_result_offers_no_form(own_dossier, citizen):
    dossier = own_dossier(State.RECEIVED)
    page = client_for(citizen).get(f"/feedback/rate/{dossier.pk}/")
    assert "sau khi hồ sơ có kết quả" in page.text and "Gửi đánh giá" not in page.text


def test_rate_page_of_another_citizens_dossier_is_404(own_dossier, officer_a):
    dossier = own_dossier()
    url = f"/feedback/rate/{dossier.pk}/"
    for user in (CitizenFactory.create(), officer_a):
        client = client_for(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"value": "satisfied"}).status_code == 404
    assert Client().get(url).status_code == 302  # to the sign-in page
    assert not Rating.objects.exists()


# --- citizen's feedback -------------------------------------------------------------------


def test_citizen_sends_feedback_and_lands_on_it(citizen, agency_a, media):
    client = client_for(citizen)
    form = client.get("/feedback/new/")
    assert form.status_code == 200 and agency_a.name in form.text
    response = client.post(
        "/feedback/new/",
        {
            "agency": agency_a.pk,
            "subject": "Đèn đường hỏng",
            "content": "Ngõ 12 tối.",
            "attachment": SimpleUploadedFile("anh.png", PNG),
            "idempotency_key": "abc",
        },
        follow=True,
    )
    feedback = Feedback.objects.get()
    assert response.redirect_chain[-1][0] == f"/feedback/{feedback.pk}/"
    assert "Đã gửi phản ánh, kiến nghị. Hạn trả lời:" in response.text
    again = client.post(
        "/feedback/new/",
        {
            "agency": agency_a.pk,
            "subject": "Đèn đường hỏng",
            "content": "Ngõ 12 tối.",
            "idempotency_key": "abc",
        },
    )
    assert again.status_code == 302 and Feedback.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"subject": "", "content": "Nội dung"}, "Xin nhập tiêu đề."),
        ({"subject": "Tiêu đề", "content": "   "}, "Xin nhập nội dung phản ánh, kiến nghị."),
        ({"subject": "Tiêu đề", "content": "Nội dung", "agency": ""}, "Xin chọn cơ quan"),
        ({"subject": "Tiêu đề", "content": "Nội dung", "agency": "999999"}, 'id="id_agency-error"'),
    ],
)
def test_bad_feedback_form_shows_a_message_next_to_the_field(citizen, agency_a, data, message):
    response = client_for(citizen).post("/feedback/new/", {"agency": agency_a.pk, **data})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.text and message in response.text
    assert not Feedback.objects.exists()


def test_file_of_the_wrong_kind_is_refused_next_to_the_file_field(citizen, agency_a, media):
    response = client_for(citizen).post(
        "/feedback/new/",
        {
            "agency": agency_a.pk,
            "subject": "Tiêu đề",
            "content": "Nội dung",
            "attachment": SimpleUploadedFile("a.exe", b"MZ\x90\x00" * 20),
        },
    )
    assert response.status_code == 400
    assert 'id="id_attachment-error">Chỉ nhận tệp PDF, JPEG hoặc PNG' in response.text
    assert not Feedback.objects.exists()


def test_feedback_form_about_a_dossier_names_it_and_needs_no_agency(own_dossier, citizen):
    dossier = own_dossier()
    client = client_for(citizen)
    page = client.get(f"/feedback/new/?dossier={dossier.pk}")
    assert dossier.code in page.text and 'name="agency"' not in page.text
    client.post(
        f"/feedback/new/?dossier={dossier.pk}",
        {"subject": "Chậm trả kết quả", "content": "Hẹn 3 ngày."},
    )
    assert Feedback.objects.get().dossier == dossier


def test_feedback_form_about_another_citizens_dossier_is_404(own_dossier, officer_a):
    dossier = own_dossier()
    other = client_for(CitizenFactory.create())
    assert other.get(f"/feedback/new/?dossier={dossier.pk}").status_code == 404
    assert (
        other.post(
            f"/feedback/new/?dossier={dossier.pk}", {"subject": "x", "content": "y"}
        ).status_code
        == 404
    )
    assert other.get("/feedback/new/?dossier=abc").status_code == 404
    assert client_for(officer_a).get("/feedback/new/").status_code == 404
    assert not Feedback.objects.exists()


def test_mine_lists_only_my_feedback_with_the_answer(citizen, officer_a, agency_a):
    mine = sent(citizen, agency_a, subject="Của tôi")
    sent(CitizenFactory.create(), agency_a, subject="Của người khác")
    feedback_answer(actor=officer_a, feedback=mine, answer="Phường đã tiếp thu.")
    page = client_for(citizen).get("/feedback/mine/")
    assert "Của tôi" in page.text and "Phường đã tiếp thu." in page.text
    assert "Của người khác" not in page.text


def test_detail_and_attachment_are_404_for_anyone_outside(
    citizen, officer_a, officer_b, agency_a, media
):
    feedback = sent(citizen, agency_a, upload=SimpleUploadedFile("anh.png", PNG))
    for user in (citizen, officer_a):
        client = client_for(user)
        assert client.get(f"/feedback/{feedback.pk}/").status_code == 200
        download = client.get(f"/feedback/{feedback.pk}/file/")
        # The stubs type every test-client response as an HttpResponse; this one streams.
        assert download.status_code == 200 and b"".join(download.streaming_content) == PNG  # type: ignore[attr-defined]
        assert download["Content-Type"] == "image/png"
    for user in (CitizenFactory.create(), officer_b):
        client = client_for(user)
        assert client.get(f"/feedback/{feedback.pk}/").status_code == 404
        assert client.get(f"/feedback/{feedback.pk}/file/").status_code == 404
    without = sent(citizen, agency_a)
    assert client_for(citizen).get(f"/feedback/{without.pk}/file/").status_code == 404


def test_close_is_for_the_owner_after_the_answer(citizen, officer_a, agency_a):
    feedback = sent(citizen, agency_a)
    url = f"/feedback/{feedback.pk}/close/"
    refused = client_for(citizen).post(url, follow=True)
    assert "Chỉ kết thúc được" in refused.text
    feedback_answer(actor=officer_a, feedback=feedback, answer="Đã xử lý.")
    assert client_for(CitizenFactory.create()).post(url).status_code == 404
    assert client_for(officer_a).post(url).status_code == 404
    client_for(citizen).post(url)
    feedback.refresh_from_db()
    assert feedback.state == FeedbackState.CLOSED


# --- officers -----------------------------------------------------------------------------


def test_inbox_lists_the_agencys_feedback_soonest_deadline_first_with_colours(
    citizen, officer_a, officer_b, agency_a, agency_b
):
    now = timezone.now()
    late = sent(citizen, agency_a, subject="Quá hạn rồi", at=now - timedelta(days=30))
    fresh = sent(citizen, agency_a, subject="Mới gửi", at=now)
    sent(citizen, agency_b, subject="Của phường B", at=now)
    page = client_for(officer_a).get("/feedback/inbox/")
    text = page.text
    assert text.index("Quá hạn rồi") < text.index("Mới gửi")
    assert "Của phường B" not in text
    assert 'data-colour="late"' in text and 'data-colour="on_time"' in text
    rows = feedback_inbox(user=officer_a, now=fresh.due_at - timedelta(hours=2))
    assert [(r.feedback, r.colour) for r in rows] == [(late, Colour.LATE), (fresh, Colour.DUE_SOON)]
    assert client_for(citizen).get("/feedback/inbox/").status_code == 404
    assert "Quá hạn rồi" not in client_for(officer_b).get("/feedback/inbox/").text


def test_answered_tab_shows_on_time_or_late_answers(citizen, officer_a, agency_a):
    feedback = sent(
        citizen, agency_a, subject="Trả lời muộn", at=timezone.now() - timedelta(days=30)
    )
    feedback_answer(actor=officer_a, feedback=feedback, answer="Xin lỗi.")
    client = client_for(officer_a)
    assert "Trả lời muộn" not in client.get("/feedback/inbox/").text
    answered = client.get("/feedback/inbox/?show=answered").text
    assert "Trả lời muộn" in answered and "Trả lời quá hạn" in answered


def test_officer_answers_and_bad_answer_writes_nothing(citizen, officer_a, officer_b, agency_a):
    feedback = sent(citizen, agency_a)
    url = f"/feedback/{feedback.pk}/answer/"
    assert client_for(officer_b).post(url, {"answer": "Trả lời"}).status_code == 404
    assert client_for(officer_b).get(url).status_code == 404
    assert client_for(citizen).post(url, {"answer": "Trả lời"}).status_code == 404
    client = client_for(officer_a)
    assert client.get(url).status_code == 200
    bad = client.post(url, {"answer": "   "})
    assert bad.status_code == 400 and 'aria-invalid="true"' in bad.text
    feedback.refresh_from_db()
    assert feedback.state == FeedbackState.RECEIVED
    done = client.post(url, {"answer": "Phường đã cử người xử lý."}, follow=True)
    assert "Đã gửi trả lời tới công dân." in done.text
    again = client.post(url, {"answer": "Lần nữa"}, follow=True)
    assert "đã được trả lời" in again.text
    feedback.refresh_from_db()
    assert feedback.answer == "Phường đã cử người xử lý."


def test_assign_offers_the_agencys_officers_only(citizen, officer_a, officer_b, agency_a):
    feedback = sent(citizen, agency_a)
    url = f"/feedback/{feedback.pk}/assign/"
    assert client_for(officer_b).post(url, {"assignee": officer_b.pk}).status_code == 404
    client = client_for(officer_a)
    refused = client.post(url, {"assignee": officer_b.pk})
    assert refused.status_code == 400 and 'aria-invalid="true"' in refused.text
    assert client.post(url, {"assignee": officer_a.pk}).status_code == 302
    feedback.refresh_from_db()
    assert feedback.assigned_to == officer_a


def test_admin_lists_feedback_read_only(citizen, agency_a):
    feedback = sent(citizen, agency_a, subject="Xem trong trang quản trị")
    admin = OfficerFactory.create(role="sysadmin", is_superuser=True, is_staff=True)
    client = client_for(admin)
    listing = client.get("/admin/feedback/feedback/")
    assert listing.status_code == 200 and "Xem trong trang quản trị" in listing.text
    assert client.get(f"/admin/feedback/feedback/{feedback.pk}/change/").status_code == 200
    assert client.get("/admin/feedback/feedback/add/").status_code == 403


def test_inbox_reads_the_same_number_of_queries_whatever_the_feedback(citizen, officer_a, agency_a):
    client = client_for(officer_a)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/feedback/inbox/?show=all").status_code == 200
        return len(captured)

    sent(citizen, agency_a)
    few = queries()
    for n in range(8):
        sent(CitizenFactory.create(), agency_a, subject=f"Phản ánh {n}")
    assert queries() == few
