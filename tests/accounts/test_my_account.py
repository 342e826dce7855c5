"""The "my account" page and changing one's password."""

from django.urls import reverse

from tests.conftest import PASSWORD


def test_my_account_shows_name_agency_role_and_second_factor(client, officer_a):
    client.force_login(officer_a)
    body = client.get(reverse("accounts:me")).content.decode()
    assert "Nguyễn Thị Lan" in body  # Vietnamese order: family name first
    assert "UBND Phường A" in body
    assert "Cán bộ một cửa" in body
    assert "Chưa bật" in body
    assert reverse("accounts:otp_enrol") in body


def test_citizen_account_page_has_no_officer_sections(client, citizen):
    client.force_login(citizen)
    body = client.get(reverse("accounts:me")).content.decode()
    assert "Công dân, tổ chức" in body
    assert reverse("accounts:otp_enrol") not in body


def test_my_account_needs_sign_in(client, db):
    response = client.get(reverse("accounts:me"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_password_change_keeps_the_session_and_takes_effect(client, officer_a):
    client.force_login(officer_a)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "mot-mat-khau-moi-dai",
            "new_password2": "mot-mat-khau-moi-dai",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:me")
    assert client.get(reverse("accounts:me")).status_code == 200
    officer_a.refresh_from_db()
    assert officer_a.check_password("mot-mat-khau-moi-dai")


def test_password_change_with_wrong_old_password_changes_nothing(client, officer_a):
    client.force_login(officer_a)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "sai", "new_password1": "abcdefgh-1234", "new_password2": "abcdefgh-1234"},
    )
    assert response.status_code == 200
    officer_a.refresh_from_db()
    assert officer_a.check_password(PASSWORD)
