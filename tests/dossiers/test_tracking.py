"""Public tracking: code + last four phone digits, or the receipt's QR link; masked name,
no ID number, one answer for every miss, a few tries per minute."""

import re

import pytest
from django.urls import reverse

from motcua.dossiers.masking import mask_name, phone_matches
from motcua.dossiers.states import State
from motcua.dossiers.tracking import tracking_token, tracking_url

SEARCH = "/tracking/"


def test_name_is_masked_word_by_word_without_telling_the_length():
    assert mask_name("Nguyễn Văn An") == "Nguyễn V*** A***"
    assert mask_name("Đặng Thị Ánh Tuyết") == "Đặng T*** Á*** T***"
    assert mask_name("  Lê  ") == "Lê"
    assert mask_name("") == ""


def test_phone_digits_match_as_typed_and_short_phones_never_match():
    assert phone_matches("0912 345 678", "5678")
    assert phone_matches("0912345678", " 56.78")
    assert not phone_matches("0912345678", "5679")
    assert not phone_matches("0912345678", "678")
    assert not phone_matches("", "")
    assert not phone_matches("123", "0123")


def test_applicant_sees_state_timeline_and_appointment_with_masked_name(client, received):
    response = client.post(SEARCH, {"code": received.code.lower(), "phone4": "5678"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Đã tiếp nhận" in text
    assert "Nguyễn V*** A***" in text
    assert "09:00 10/07/2025" in text  # the appointment
    assert "Tiếp nhận hồ sơ tại UBND Phường A" in text
    assert "Nguyễn Văn An" not in text
    assert received.applicant_personal_id not in text
    assert "Tờ khai" not in text  # no documents
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_wrong_code_and_wrong_phone_get_the_same_answer(client, received):
    wrong_phone = client.post(SEARCH, {"code": received.code, "phone4": "0000"})
    wrong_code = client.post(SEARCH, {"code": received.code[:-1] + "9", "phone4": "5678"})
    assert wrong_phone.status_code == wrong_code.status_code == 404

    def body(response):
        # The form echoes the code typed, and CSRF tokens are masked afresh every time;
        # the rest of the page is the same.
        text = re.sub(r'name="code" value="[^"]*"', "", response.content.decode())
        text = re.sub(r'"X-CSRFToken": "[^"]*"', "", text)
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)

    assert body(wrong_phone) == body(wrong_code)


def test_more_tries_than_the_limit_are_refused_for_a_minute(client, received, settings):
    settings.TRACKING_RATE_LIMIT = 2
    for _ in range(2):
        assert client.post(SEARCH, {"code": received.code, "phone4": "0000"}).status_code == 404
    refused = client.post(SEARCH, {"code": received.code, "phone4": "5678"})
    assert refused.status_code == 429
    assert "quá nhiều lần" in refused.content.decode()


def test_receipt_qr_link_opens_the_dossier_without_the_phone(client, received, settings):
    url = tracking_url(received.code)
    assert url.startswith(settings.SITE_URL)
    response = client.get(url.removeprefix(settings.SITE_URL.rstrip("/")))
    assert response.status_code == 200
    assert received.code in response.content.decode()


def test_altered_qr_link_is_not_found(client, received):
    token = tracking_token(received.code)
    forged = token.replace(received.code, received.code[:-1] + "2")
    response = client.get(reverse("tracking:qr", kwargs={"token": forged}))
    assert response.status_code == 404


def test_timeline_shows_public_steps_of_a_returned_dossier(client, make_dossier):
    dossier = make_dossier(State.RETURNED)
    text = client.get(tracking_url(dossier.code)).content.decode()
    for label in ("Bắt đầu: Thẩm định hồ sơ", "Đã có kết quả giải quyết", "Đã trả kết quả"):
        assert label in text


def test_json_tracking_answers_the_same_fields(client, received):
    url = f"/api/v1/tracking/{received.code}"
    response = client.get(url, {"phone4": "5678"})
    assert response.status_code == 200
    data = response.json()
    assert data["code"] == received.code
    assert data["national_status"] == 2
    assert data["applicant"] == "Nguyễn V*** A***"
    assert received.applicant_personal_id not in response.content.decode()
    assert data["timeline"][0]["label"].startswith("Tiếp nhận hồ sơ")


def test_json_tracking_miss_is_404_and_missing_phone_is_422(client, received):
    wrong = client.get(f"/api/v1/tracking/{received.code}", {"phone4": "1111"})
    unknown = client.get("/api/v1/tracking/000.00.00.H26-250101-0001", {"phone4": "5678"})
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()
    missing = client.get(f"/api/v1/tracking/{received.code}")
    assert missing.status_code == 422
    assert missing.json()["errors"] == [{"field": "phone4", "message": "bắt buộc, chưa có"}]


def test_json_tracking_is_rate_limited_too(client, received, settings):
    settings.TRACKING_RATE_LIMIT = 1
    client.get(f"/api/v1/tracking/{received.code}", {"phone4": "5678"})
    response = client.get(f"/api/v1/tracking/{received.code}", {"phone4": "5678"})
    assert response.status_code == 429


@pytest.mark.browser
def test_citizen_tracks_a_dossier_in_the_browser(page, live_server, received):
    page.goto(live_server.url + SEARCH)
    page.fill("#code", received.code)
    page.fill("#phone4", "5678")
    page.click("button:has-text('Tra cứu')")
    assert page.get_by_test_id("tracking-state").inner_text() == "Đã tiếp nhận"
    assert page.get_by_test_id("tracking-applicant").inner_text() == "Nguyễn V*** A***"
    assert page.get_by_test_id("tracking-due").inner_text() == "09:00 10/07/2025"


@pytest.mark.browser
def test_wrong_phone_in_the_browser_says_not_found(page, live_server, received):
    page.goto(live_server.url + SEARCH)
    page.fill("#code", received.code)
    page.fill("#phone4", "0000")
    page.click("button:has-text('Tra cứu')")
    assert "Không tìm thấy hồ sơ" in page.get_by_test_id("tracking-error").inner_text()


def test_behind_a_proxy_each_citizen_has_their_own_limit(client, received, settings):
    # Behind nginx every request comes from 127.0.0.1: without TRUSTED_PROXIES one busy
    # citizen would lock everybody out of tracking.
    settings.TRACKING_RATE_LIMIT = 1
    settings.TRUSTED_PROXIES = 1
    wrong = {"code": received.code, "phone4": "0000"}
    assert client.post(SEARCH, wrong, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 404
    assert client.post(SEARCH, wrong, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
    assert client.post(SEARCH, wrong, HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 404
    # A forged address further left does not give the first citizen a fresh limit.
    forged = "9.9.9.9, 203.0.113.7"
    assert client.post(SEARCH, wrong, HTTP_X_FORWARDED_FOR=forged).status_code == 429


def test_json_tracking_with_a_control_character_is_422_not_an_error(client, received):
    nul = client.get(f"/api/v1/tracking/{received.code}", {"phone4": "56\x0078"})
    assert nul.status_code == 422
    assert nul.json()["errors"][0]["field"] == "phone4"
