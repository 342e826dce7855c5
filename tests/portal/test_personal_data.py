"""A person's data: the citizen downloads everything held about them (their own only),
and an officer's command erases it, keeping — and saying why — what the law keeps."""

import io
import json
import re
import zipfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from motcua.accounts.models import SignInAttempt, SignInOutcome, User
from motcua.core.models import AuditEvent
from motcua.dossiers.actions import dossier_accept_online
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from motcua.notifications.models import Notification
from motcua.payments.models import Payment
from motcua.payments.services.assessment import fee_assessment_allow_counter
from motcua.payments.services.online import payment_start
from motcua.portal import services
from motcua.portal.models import Draft, DraftFile
from motcua.portal.personal_data_services import ERASED_NAME
from tests.portal.test_services import _ready_draft, _values

DOWNLOAD = reverse("portal:my_data")


def _submit(citizen, procedure, agency):
    draft = _ready_draft(citizen, procedure, agency)
    return services.draft_submit(
        actor=citizen, key=draft.key, values=_values(citizen), agency=agency
    ).dossier


@pytest.fixture
def submitted(citizen_p, birth, agency_a):
    return _submit(citizen_p, birth, agency_a)


@pytest.fixture
def received(submitted, citizen_p, team_a):
    """Received at the counter, after the citizen opened a payment for its copies."""
    payment_start(
        actor=citizen_p,
        dossier=submitted,
        gateway="vnpay",
        return_url="http://testserver/",
        client_ip="127.0.0.1",
    )
    fee_assessment_allow_counter(actor=team_a.counter, dossier=submitted)
    return dossier_accept_online(actor=team_a.counter, dossier=submitted)


def _zip(response) -> zipfile.ZipFile:
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(response.content))


def _data(archive: zipfile.ZipFile) -> dict:
    return json.loads(archive.read("data.json"))


def test_download_holds_my_dossier_and_my_uploaded_file_never_another_citizens(
    client, citizen_p, other_citizen, submitted, birth, agency_a
):
    # Same name as citizen_p: found by the account, never by the name.
    other_citizen.first_name, other_citizen.last_name = citizen_p.first_name, citizen_p.last_name
    other_citizen.save()
    theirs = _submit(other_citizen, birth, agency_a)
    client.force_login(citizen_p)

    archive = _zip(client.post(DOWNLOAD))
    data = _data(archive)
    assert [d["Mã hồ sơ"] for d in data["Hồ sơ"]] == [submitted.code]
    assert theirs.code not in json.dumps(data, ensure_ascii=False)
    assert data["Tài khoản"]["Số định danh cá nhân"] == "001203012345"
    assert data["Hồ sơ"][0]["Nội dung tờ khai"]["Họ, chữ đệm và tên của trẻ"] == "Trần Minh An"
    uploads = data["Hồ sơ"][0]["Tệp bạn đã tải lên"]
    assert len(uploads) == 2
    assert archive.read(uploads[0]["Trong gói tại"]).startswith(b"%PDF")
    assert "README.txt" in archive.namelist()
    # Dates as people write them, not ISO.
    assert "T" not in data["Hồ sơ"][0]["Nộp trực tuyến lúc"]
    born = data["Hồ sơ"][0]["Nội dung tờ khai"]["Ngày, tháng, năm sinh"]
    assert re.fullmatch(r"\d\d/\d\d/\d{4}", born), born


def test_download_is_audited(client, citizen_p, submitted):
    client.force_login(citizen_p)
    client.post(DOWNLOAD)
    event = AuditEvent.objects.get(action="citizen.personal_data_export")
    assert event.actor == citizen_p and event.target_id == str(citizen_p.pk)


def test_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.post(DOWNLOAD)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:citizen_start"))


def test_officer_cannot_download_as_a_citizen(client, officer_a):
    client.force_login(officer_a)
    assert client.post(DOWNLOAD).status_code == 404


def test_download_is_rate_limited(client, citizen_p, settings):
    settings.PERSONAL_DATA_DOWNLOADS_PER_HOUR = 1
    client.force_login(citizen_p)
    assert client.post(DOWNLOAD).status_code == 200
    refused = client.post(DOWNLOAD, follow=True)
    assert "Bạn vừa tải dữ liệu nhiều lần" in refused.content.decode()


def test_profile_offers_the_download(client, citizen_p):
    client.force_login(citizen_p)
    page = client.get(reverse("accounts:citizen_profile")).content.decode()
    assert "Tải dữ liệu của tôi" in page and DOWNLOAD in page


def _erase(*args: str) -> str:
    out = StringIO()
    call_command("personal_data", "erase", *args, stdout=out)
    return out.getvalue()


def test_dry_run_prints_the_plan_and_changes_nothing(citizen_p, birth):
    services.draft_open(actor=citizen_p, procedure=birth)
    events = AuditEvent.objects.count()
    out = _erase("--citizen", citizen_p.phone, "--dry-run")
    assert "Hồ sơ nháp chưa nộp" in out and "chưa thay đổi gì" in out
    citizen = User.objects.get(pk=citizen_p.pk)
    assert citizen.get_full_name() == citizen_p.get_full_name() and citizen.is_active
    assert Draft.objects.count() == 1 and AuditEvent.objects.count() == events


def test_erasure_without_confirmation_changes_nothing(citizen_p, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda: "khong")
    with pytest.raises(CommandError, match="Đã hủy"):
        _erase("--citizen", citizen_p.username)
    assert User.objects.get(pk=citizen_p.pk).is_active


def test_erasure_anonymises_deletes_drafts_keeps_the_received_dossier_and_payment(
    client, citizen_p, received, birth, django_capture_on_commit_callbacks
):
    # An unsubmitted draft with a file, a sign-in, a session.
    draft = _ready_draft(citizen_p, birth, received.agency)
    stored = DraftFile.objects.filter(draft=draft)[0].file.name
    SignInAttempt.objects.create(
        at=received.received_at, username=citizen_p.phone, user=citizen_p, outcome="ok"
    )
    SignInAttempt.objects.create(
        at=received.received_at,
        username=citizen_p.phone,
        user=citizen_p,
        outcome=SignInOutcome.BAD_CODE,
    )
    client.force_login(citizen_p)
    assert Notification.objects.filter(user=citizen_p).exists()

    with django_capture_on_commit_callbacks(execute=True):
        out = _erase("--citizen", citizen_p.email, "--yes")

    citizen = User.objects.get(pk=citizen_p.pk)
    assert citizen.get_full_name() == ERASED_NAME
    assert (citizen.phone, citizen.email, citizen.personal_id, citizen.address) == ("",) * 4
    assert not citizen.is_active and not citizen.has_usable_password()
    assert not Draft.objects.filter(owner=citizen).exists()
    from django.core.files.storage import default_storage

    assert not default_storage.exists(stored)
    assert not Notification.objects.filter(user=citizen).exists()
    assert list(SignInAttempt.objects.filter(user=citizen).values_list("outcome", "username")) == [
        (SignInOutcome.BAD_CODE, citizen.username)
    ]
    # Kept, and the table says why.
    dossier = Dossier.objects.get(pk=received.pk)
    assert dossier.state == State.RECEIVED and dossier.applicant_personal_id == "001203012345"
    assert dossier.attachments.count() == 2
    assert Payment.objects.filter(assessment__dossier=dossier).count() == 1
    assert "Luật Kế toán 2015" in out and "Luật Lưu trữ 2024" in out
    assert "Luật Hộ tịch 2014" in out
    # The session ended.
    assert client.get(reverse("accounts:citizen_profile")).status_code == 302
    event = AuditEvent.objects.get(action="citizen.erase")
    assert event.target_id == str(citizen.pk)
    assert citizen_p.phone not in json.dumps(event.payload)


def test_running_the_erasure_again_is_harmless(citizen_p, submitted):
    _erase("--citizen", citizen_p.username, "--yes")
    events = AuditEvent.objects.count()
    out = _erase("--citizen", citizen_p.username, "--yes")
    assert "không còn gì để xóa" in out
    assert AuditEvent.objects.count() == events
    assert Dossier.objects.filter(pk=submitted.pk).exists()


def test_audit_log_still_verifies_after_erasure(citizen_p, received):
    _erase("--citizen", citizen_p.username, "--yes")
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert out.getvalue().startswith("OK")


def test_dossiers_past_their_retention_lose_the_applicants_details(citizen_p, submitted, settings):
    settings.DOSSIER_RETENTION_YEARS = 5
    Dossier.objects.filter(pk=submitted.pk).update(
        state=State.WITHDRAWN, created_at=submitted.created_at.replace(year=2015)
    )
    fresh = _erase("--citizen", citizen_p.username, "--yes")
    assert "hết thời hạn lưu trữ" in fresh
    dossier = Dossier.objects.get(pk=submitted.pk)
    assert dossier.applicant_name == ERASED_NAME and dossier.applicant_personal_id == ""
    assert dossier.form_data == {}


def test_export_command_writes_the_same_zip(citizen_p, submitted, tmp_path):
    target = tmp_path / "du-lieu.zip"
    call_command(
        "personal_data",
        "export",
        "--citizen",
        citizen_p.username,
        "--output",
        str(target),
        stdout=StringIO(),
    )
    data = json.loads(zipfile.ZipFile(target).read("data.json"))
    assert data["Hồ sơ"][0]["Mã hồ sơ"] == submitted.code


def test_unknown_citizen_is_refused(db):
    with pytest.raises(CommandError, match="Không tìm thấy"):
        _erase("--citizen", "0999999999", "--dry-run")


def test_a_booking_made_with_my_phone_is_downloaded_then_erased(
    client, citizen_p, other_citizen, agency_a
):
    from django.utils import timezone

    from motcua.hall.models import Appointment
    from tests.hall.factories import hall_for

    group = hall_for(agency_a).civil
    now = timezone.now()
    for code, phone in (("MINE01", citizen_p.phone), ("THEIRS", other_citizen.phone)):
        Appointment.objects.create(
            group=group,
            slot_start=now,
            slot_end=now,
            citizen_name="Trần Văn Minh",
            phone=phone,
            booking_code=code,
            booked_at=now,
        )
    client.force_login(citizen_p)
    bookings = _data(_zip(client.post(DOWNLOAD)))["Sảnh phục vụ"]["Lịch hẹn"]
    assert [b["Mã đặt lịch"] for b in bookings] == ["MINE01"]

    _erase("--citizen", citizen_p.username, "--yes")
    assert list(Appointment.objects.values_list("booking_code", flat=True)) == ["THEIRS"]
