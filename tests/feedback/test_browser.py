"""Feedback in real Chromium: a citizen rates a returned dossier on a phone, sends
feedback with a photo and reads the answer; an officer answers from the inbox."""

import pytest

from motcua.feedback.models import Feedback, FeedbackState
from motcua.feedback.services import feedback_submit
from motcua.hall.models import Rating, RatingChannel

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PHONE = {"width": 375, "height": 740}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_citizen_rates_a_returned_dossier_on_a_phone(
    page, live_server, sign_in, own_dossier, citizen
):
    dossier = own_dossier()
    sign_in(citizen)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/feedback/rate/{dossier.pk}/")
    choice = page.get_by_text("Rất hài lòng", exact=True)
    box = choice.bounding_box()
    assert box is not None and box["height"] >= 48 and box["width"] >= 300  # a thumb hits it
    choice.click()
    page.get_by_label("Góp ý (không bắt buộc)").fill("Cán bộ trả kết quả đúng hẹn")
    page.get_by_role("button", name="Gửi đánh giá").click()
    assert "Cảm ơn ông/bà đã đánh giá!" in page.get_by_role("alert").inner_text()
    assert "Rất hài lòng" in page.get_by_test_id("rating-done").inner_text()
    rating = Rating.objects.get()
    assert (rating.channel, rating.dossier_id, rating.value, rating.comment) == (
        RatingChannel.ONLINE,
        dossier.pk,
        "very_satisfied",
        "Cán bộ trả kết quả đúng hẹn",
    )


def test_citizen_sends_feedback_with_a_photo_and_finds_it_in_mine(
    page, live_server, sign_in, citizen, agency_a, media
):
    sign_in(citizen)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/feedback/new/")
    page.get_by_role("button", name="Gửi", exact=True).click()
    assert page.locator("#id_subject-error").inner_text() == "Xin nhập tiêu đề."
    assert not Feedback.objects.exists()
    page.get_by_label("Gửi tới cơ quan").select_option(label=agency_a.name)
    page.get_by_label("Tiêu đề").fill("Vỉa hè bị lấn chiếm")
    page.get_by_label("Nội dung phản ánh, kiến nghị").fill(
        "Trước số 5 ngõ 12, người đi bộ phải xuống lòng đường."
    )
    page.get_by_label("Tệp đính kèm").set_input_files(
        {"name": "via-he.png", "mimeType": "image/png", "buffer": PNG}
    )
    page.get_by_role("button", name="Gửi", exact=True).click()
    assert "Hạn trả lời:" in page.get_by_role("alert").inner_text()
    feedback = Feedback.objects.get()
    assert (feedback.agency, feedback.attachment_name) == (agency_a, "via-he.png")
    page.get_by_role("link", name="Phản ánh, kiến nghị của tôi").click()
    assert "Vỉa hè bị lấn chiếm" in page.get_by_test_id("my-feedback").inner_text()


def test_officer_answers_from_the_inbox_and_the_citizen_reads_it(
    page, live_server, sign_in, citizen, officer_a, agency_a
):
    feedback = feedback_submit(
        actor=citizen, agency=agency_a, subject="Cổng trụ sở đóng sớm", content="Đóng lúc 16:30."
    )
    sign_in(officer_a)
    page.goto(f"{live_server.url}/feedback/inbox/")
    row = page.get_by_test_id("inbox").locator("tbody tr").first
    assert row.get_attribute("data-colour") == "on_time"
    row.get_by_role("link", name="Cổng trụ sở đóng sớm").click()
    page.get_by_role("button", name="Gửi trả lời").click()
    assert page.locator("#id_answer-error").inner_text() == "Xin nhập nội dung trả lời."
    page.get_by_label("Nội dung trả lời").fill("Phường đã nhắc bảo vệ mở cổng đến 17:00.")
    page.get_by_role("button", name="Gửi trả lời").click()
    assert "Đã gửi trả lời tới công dân." in page.get_by_role("alert").inner_text()
    assert "Trả lời đúng hạn" in page.get_by_test_id("timing").inner_text()
    feedback.refresh_from_db()
    assert (feedback.state, feedback.answered_by) == (FeedbackState.ANSWERED, officer_a)

    sign_in(citizen)
    page.goto(f"{live_server.url}/feedback/mine/")
    answer = page.get_by_test_id("my-feedback").get_by_test_id("answer")
    assert "Phường đã nhắc bảo vệ mở cổng đến 17:00." in answer.inner_text()
