"""The real background worker (`motcua db_worker`, django-tasks-db) delivers what was
committed, and schedules the retry of what failed."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from motcua.notifications.models import Channel, DeliveryState, Notification
from motcua.notifications.services import notification_enqueue
from tests.notifications.conftest import sms_received

pytestmark = pytest.mark.django_db(transaction=True)


def _run_worker() -> None:
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0
    )


def _commit_one_sms() -> Notification:
    with transaction.atomic():
        (row,) = notification_enqueue(
            kind="test",
            subject="Hồ sơ",
            body="Đã tiếp nhận",
            phone="0912345678",
            channels=(Channel.SMS,),
        )
    return row


def test_the_worker_delivers_what_was_committed(sms_dir: Path) -> None:
    row = _commit_one_sms()
    _run_worker()
    row.refresh_from_db()
    assert row.state == DeliveryState.SENT
    assert [m["text"] for m in sms_received(sms_dir)] == ["Đã tiếp nhận"]


def test_a_failure_in_the_worker_schedules_the_retry_for_later(settings, tmp_path: Path) -> None:
    settings.SMS_BACKEND = "motcua.notifications.sms.FileSmsBackend"
    (tmp_path / "file").write_text("")
    settings.SMS_FILE_PATH = tmp_path / "file" / "sms"
    row = _commit_one_sms()
    _run_worker()  # runs the first task; the retry is not due yet, so the batch ends
    row.refresh_from_db()
    assert row.state == DeliveryState.FAILED and row.attempts == 1
    retry = DBTaskResult.objects.filter(status="READY").get()
    assert retry.run_after == row.next_attempt_at
