"""`motcua portal purge`: drafts abandoned for PORTAL_DRAFT_DAYS go, with their files."""

import os
import time
from datetime import timedelta
from io import StringIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from motcua.core.models import AuditEvent
from motcua.portal import services
from motcua.portal.models import DRAFTS_DIR, Draft
from tests.portal.conftest import pdf


def _draft_with_file(citizen, procedure, *, age: timedelta):
    draft = services.draft_open(actor=citizen, procedure=procedure)
    requirement = procedure.versions.get(valid_to__isnull=True).documents.first()
    item = services.draft_file_add(
        actor=citizen, draft=draft, requirement_id=requirement.pk, upload=pdf()
    )
    Draft.objects.filter(pk=draft.pk).update(updated_at=timezone.now() - age)
    return draft, item.file.name


def test_abandoned_drafts_go_with_their_files_and_recent_ones_stay(
    citizen_p, other_citizen, birth, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_DRAFT_DAYS = 90
    _old, old_file = _draft_with_file(citizen_p, birth, age=timedelta(days=91))
    kept, kept_file = _draft_with_file(other_citizen, birth, age=timedelta(days=89))
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("portal", "purge", stdout=out)
    assert "Đã xóa 1 hồ sơ nháp" in out.getvalue()
    assert list(Draft.objects.all()) == [kept]
    assert not default_storage.exists(old_file) and default_storage.exists(kept_file)
    event = AuditEvent.objects.get(action="portal.drafts_purge")
    assert event.payload == {"drafts": 1, "files": 1}


def test_purging_again_deletes_nothing_and_records_nothing(citizen_p, birth):
    _draft_with_file(citizen_p, birth, age=timedelta(days=365))
    assert services.drafts_purge() == 1
    assert services.drafts_purge() == 0
    assert AuditEvent.objects.filter(action="portal.drafts_purge").count() == 1


def test_stored_files_no_draft_names_go_once_a_day_old(citizen_p, birth, settings, tmp_path):
    # Left by a transaction that rolled back after the file was stored.
    settings.MEDIA_ROOT = tmp_path
    _draft, named = _draft_with_file(citizen_p, birth, age=timedelta(days=1))
    orphan = default_storage.save(f"{DRAFTS_DIR}/2026/01/bo-lai.pdf", ContentFile(b"%PDF"))
    in_flight = default_storage.save(f"{DRAFTS_DIR}/2026/11/dang-ghi.pdf", ContentFile(b"%PDF"))
    two_days_ago = time.time() - 2 * 86400
    for name in (orphan, named):
        os.utime(default_storage.path(name), (two_days_ago, two_days_ago))
    out = StringIO()
    call_command("portal", "purge", stdout=out)
    assert "và 1 tệp không thuộc hồ sơ nháp nào" in out.getvalue()
    assert not default_storage.exists(orphan)
    assert default_storage.exists(named) and default_storage.exists(in_flight)


def test_my_dossiers_says_how_long_a_draft_is_kept(client, citizen_p, birth, settings):
    settings.PORTAL_DRAFT_DAYS = 30
    services.draft_open(actor=citizen_p, procedure=birth)
    client.force_login(citizen_p)
    page = client.get(reverse("portal:my_dossiers")).content.decode()
    assert "không được sửa trong 30 ngày sẽ tự xóa" in page
