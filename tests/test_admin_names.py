"""The admin speaks motcua's name and Vietnamese, third-party apps' headings included."""

import pytest

from tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return OfficerFactory.create(username="sieuquantri", is_staff=True, is_superuser=True)


def test_admin_index_carries_motcua_name_and_vietnamese_headings(client, superuser) -> None:
    client.force_login(superuser)
    page = client.get("/admin/").content.decode()
    assert "<title>Danh mục quản trị | Quản trị motcua</title>" in page
    assert "motcua — Quản trị hệ thống một cửa" in page
    for heading in ("Xác thực hai lớp (TOTP)", "Thiết bị xác thực TOTP"):
        assert heading in page
    for heading in ("Tác vụ chạy nền", "Kết quả tác vụ"):
        assert heading in page
    for django_or_english in (
        "Trang quản trị cho Django",
        "Django administration",
        "Site administration",
        "OTP_TOTP",
        "Otp_Totp",
        "TOTP devices",
        "Tasks Database Backend",
        "Task Results",
    ):
        assert django_or_english not in page


def test_admin_in_english_carries_motcua_name_too(client, superuser) -> None:
    # A signed-in person's language is the one kept on their account.
    superuser.language = "en"
    superuser.save()
    client.force_login(superuser)
    page = client.get("/admin/").content.decode()
    assert "motcua — One-stop shop administration" in page
    assert "Two-factor authentication (TOTP)" in page
    assert "Background tasks" in page
    assert "Django administration" not in page
