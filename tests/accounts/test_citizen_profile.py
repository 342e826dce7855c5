"""The citizen's profile: what e-forms are pre-filled with, contact change by code, password."""

from datetime import date

import pytest
from django.urls import reverse

from motcua.accounts.models import User
from motcua.accounts.selectors import CitizenProfile, citizen_profile
from motcua.core.models import AuditEvent
from tests.accounts.citizens import codes_sent, last_code
from tests.factories import CitizenFactory

PROFILE = reverse("accounts:citizen_profile")
CONTACT = reverse("accounts:citizen_contact_request")
CONTACT_CODE = reverse("accounts:citizen_contact_confirm")
PASSWORD_PAGE = reverse("accounts:citizen_password")
VALID = {
    "name": "Lê Thị Hồng Nhung",
    "personal_id": "001 303 012 345",
    "birth_date": "2003-05-17",
    "address": "Số 5 ngõ 12 Phú Đô, phường Từ Liêm, Hà Nội",
}


def test_the_profile_is_saved_and_read_back_for_pre_filling_forms(client, citizen):
    User.objects.filter(pk=citizen.pk).update(phone="0912345678")
    client.force_login(citizen)
    response = client.post(PROFILE, VALID)
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert (citizen.last_name, citizen.first_name) == ("Lê Thị Hồng", "Nhung")
    assert citizen_profile(user=citizen) == CitizenProfile(
        name="Lê Thị Hồng Nhung",
        personal_id="001303012345",
        birth_date=date(2003, 5, 17),
        phone="0912345678",
        email="",
        address="Số 5 ngõ 12 Phú Đô, phường Từ Liêm, Hà Nội",
    )
    event = AuditEvent.objects.get(action="citizen.profile_update")
    # Which fields changed, never their values.
    assert "001303012345" not in str(event.payload)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("personal_id", "12345", "Số định danh"),
        ("birth_date", "2999-01-01", "Ngày sinh không hợp lệ"),
        ("name", "", "This field is required|Trường này là bắt buộc"),
    ],
)
def test_bad_input_is_shown_next_to_the_field_and_nothing_is_saved(
    client, citizen, field, value, message
):
    client.force_login(citizen)
    response = client.post(PROFILE, {**VALID, field: value})
    assert response.status_code == 200
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page
    assert any(text in page for text in message.split("|"))
    citizen.refresh_from_db()
    assert citizen.personal_id == "" and citizen.address == ""
    assert not AuditEvent.objects.filter(action="citizen.profile_update").exists()


def test_an_id_number_another_account_holds_is_refused(client, citizen):
    CitizenFactory.create(personal_id="001303012345")
    client.force_login(citizen)
    response = client.post(PROFILE, VALID)
    assert "đã gắn với một tài khoản khác" in response.content.decode()
    citizen.refresh_from_db()
    assert citizen.personal_id == ""


def test_a_new_phone_is_saved_only_after_its_code(client, citizen):
    User.objects.filter(pk=citizen.pk).update(phone="0912345678")
    client.force_login(citizen)
    response = client.post(CONTACT, {"contact": "+84 987 654 321"})
    assert response["Location"] == CONTACT_CODE
    citizen.refresh_from_db()
    assert citizen.phone == "0912345678"
    response = client.post(CONTACT_CODE, {"token": "000000"})
    assert "Mã không đúng" in response.content.decode()
    response = client.post(CONTACT_CODE, {"token": last_code("0987654321")})
    assert response["Location"] == PROFILE
    citizen.refresh_from_db()
    assert citizen.phone == "0987654321"
    assert AuditEvent.objects.filter(action="citizen.contact_change").exists()


def test_a_contact_code_is_for_the_citizen_who_asked_for_it(client, citizen):
    other = CitizenFactory.create()
    client.force_login(citizen)
    client.post(CONTACT, {"contact": "minh@example.vn"})
    code = last_code("minh@example.vn")
    client.force_login(other)
    session = client.session
    session["citizen_contact_change"] = {"channel": "email", "address": "minh@example.vn"}
    session.save()
    client.post(CONTACT_CODE, {"token": code})
    other.refresh_from_db()
    assert other.email == ""


def test_an_address_another_citizen_holds_is_refused_after_the_code(client, citizen):
    CitizenFactory.create(email="minh@example.vn")
    client.force_login(citizen)
    client.post(CONTACT, {"contact": "minh@example.vn"})
    response = client.post(CONTACT_CODE, {"token": last_code("minh@example.vn")})
    assert "đã gắn với một tài khoản khác" in response.content.decode()
    citizen.refresh_from_db()
    assert citizen.email == ""


def test_a_bad_new_address_is_shown_on_the_profile_and_nothing_is_sent(client, citizen):
    client.force_login(citizen)
    response = client.post(CONTACT, {"contact": "không phải địa chỉ"})
    assert response.status_code == 200
    assert 'id="id_contact_error"' in response.content.decode()
    assert codes_sent("không phải địa chỉ") == 0


def test_a_citizen_without_a_password_sets_one_and_can_then_use_it(client, db):
    citizen = CitizenFactory.create(phone="0912345678", password=None)
    citizen.set_unusable_password()
    citizen.save()
    client.force_login(citizen)
    new = "mot-mat-khau-rat-dai-2026"
    response = client.post(PASSWORD_PAGE, {"new_password1": new, "new_password2": new})
    assert response["Location"] == PROFILE
    client.post(reverse("accounts:logout"))
    client.post(reverse("accounts:login"), {"username": "0912345678", "password": new})
    assert client.session["_auth_user_id"] == str(citizen.pk)


def test_mismatched_passwords_are_refused(client, citizen):
    client.force_login(citizen)
    response = client.post(
        PASSWORD_PAGE,
        {
            "old_password": "mat-khau-thu-nghiem",
            "new_password1": "a-long-one-1",
            "new_password2": "x",
        },
    )
    assert response.status_code == 200
    citizen.refresh_from_db()
    assert citizen.check_password("mat-khau-thu-nghiem")


@pytest.mark.parametrize("url", [PROFILE, PASSWORD_PAGE, CONTACT_CODE])
def test_officers_get_404_and_anonymous_visitors_go_to_the_citizen_sign_in(client, officer_a, url):
    assert client.get(url)["Location"].startswith(reverse("accounts:citizen_start"))
    client.force_login(officer_a)
    assert client.get(url).status_code == 404
    assert client.post(CONTACT, {"contact": "0912345678"}).status_code == 404


def test_a_deactivated_citizen_signed_in_through_vneid_is_signed_out(client, citizen):
    client.force_login(citizen, backend="motcua.accounts.oidc.CitizenOIDCBackend")
    assert client.get(PROFILE).status_code == 200
    User.objects.filter(pk=citizen.pk).update(is_active=False)
    assert client.get(PROFILE)["Location"].startswith(reverse("accounts:citizen_start"))
