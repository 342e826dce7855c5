"""The outbox: what is written, when it is delivered, retries, and giving up."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from motcua.notifications.models import DeliveryState, Notification
from motcua.notifications.services import (
    backoff,
    notification_deliver,
    notification_enqueue,
    notifications_deliver_due,
    notifications_sweep,
)
from tests.notifications.conftest import sms_received

pytestmark = pytest.mark.django_db


def _enqueue(**options):
    fields = {"kind": "test", "subject": "Tiêu đề", "body": "Nội dung thông báo"}
    return notification_enqueue(**(fields | options))


def test_one_row_per_channel_that_has_an_address(citizen) -> None:
    citizen.phone, citizen.email = "0912345678", ""
    rows = _enqueue(user=citizen)
    assert sorted((n.channel, n.recipient) for n in rows) == [
        ("in_app", citizen.username),
        ("sms", "0912345678"),
    ]


def test_explicit_addresses_win_over_the_account(citizen) -> None:
    citizen.phone = "0912345678"
    rows = _enqueue(user=citizen, phone="0987654321", channels=("sms",))
    assert [n.recipient for n in rows] == ["0987654321"]


def test_nothing_to_send_to_writes_nothing() -> None:
    assert _enqueue() == []
    assert _enqueue(email="a@example.vn", channels=("sms",)) == []
    assert not Notification.objects.exists()


def test_an_unknown_channel_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="zalo"):
        _enqueue(phone="0912345678", channels=("zalo",))


def test_in_app_message_is_delivered_by_being_written(citizen) -> None:
    (row,) = _enqueue(user=citizen, channels=("in_app",))
    assert row.state == DeliveryState.SENT and row.sent_at is not None and row.read_at is None


def test_a_rolled_back_change_sends_nothing(sms_dir: Path) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        _enqueue(phone="0912345678", email="an@example.vn")
        raise RuntimeError("the state change failed")
    assert not Notification.objects.exists()
    assert notifications_deliver_due() == 0
    assert sms_received(sms_dir) == [] and mail.outbox == []


def test_the_worker_gets_a_task_only_after_commit(django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        (row,) = _enqueue(phone="0912345678", channels=("sms",))
        assert not DBTaskResult.objects.exists()
    assert len(callbacks) == 1
    task = DBTaskResult.objects.get()
    assert task.args_kwargs == {"args": [row.pk], "kwargs": {}}


def test_due_messages_are_delivered_by_sms_and_email(sms_dir: Path) -> None:
    _enqueue(phone="0912345678", email="an@example.vn", subject="Hồ sơ X", body="Đã tiếp nhận")
    assert notifications_deliver_due() == 2
    assert [(m["to"], m["text"]) for m in sms_received(sms_dir)] == [("0912345678", "Đã tiếp nhận")]
    assert [(m.to, m.subject, m.body) for m in mail.outbox] == [
        (["an@example.vn"], "Hồ sơ X", "Đã tiếp nhận")
    ]
    assert set(Notification.objects.values_list("state", flat=True)) == {DeliveryState.SENT}
    assert {n.deliveries.get().outcome for n in Notification.objects.all()} == {"sent"}


def test_delivering_twice_sends_once(sms_dir: Path) -> None:
    (row,) = _enqueue(phone="0912345678", channels=("sms",))
    assert notification_deliver(notification_id=row.pk) is True
    assert notification_deliver(notification_id=row.pk) is False
    assert len(sms_received(sms_dir)) == 1


def test_a_sensitive_body_is_erased_once_delivered(sms_dir: Path) -> None:
    (row,) = _enqueue(phone="0912345678", channels=("sms",), body="Mã: 123456", sensitive=True)
    notifications_deliver_due()
    row.refresh_from_db()
    assert row.body == "" and sms_received(sms_dir)[0]["text"] == "Mã: 123456"


def test_a_failing_provider_is_retried_with_backoff_then_given_up(settings, tmp_path: Path) -> None:
    settings.SMS_BACKEND = "motcua.notifications.sms.FileSmsBackend"
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    settings.SMS_FILE_PATH = blocker / "sms"  # cannot be created: every send fails
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
    settings.NOTIFICATIONS_RETRY_SECONDS = 60
    (row,) = _enqueue(phone="0912345678", channels=("sms",))
    now = timezone.now()

    assert notifications_deliver_due(now=now) == 1
    row.refresh_from_db()
    assert row.state == DeliveryState.FAILED and row.attempts == 1
    assert row.next_attempt_at == now + timedelta(seconds=60)
    assert notifications_deliver_due(now=now + timedelta(seconds=59)) == 0  # not due yet

    now += timedelta(seconds=60)
    notifications_deliver_due(now=now)
    row.refresh_from_db()
    assert row.state == DeliveryState.FAILED and row.next_attempt_at == now + timedelta(seconds=120)

    notifications_deliver_due(now=now + timedelta(seconds=120))
    row.refresh_from_db()
    assert row.state == DeliveryState.DEAD and row.attempts == 3 and row.next_attempt_at is None
    assert "Error" in row.last_error
    assert [a.outcome for a in row.deliveries.all()] == ["failed"] * 3
    assert notifications_deliver_due(now=now + timedelta(days=30)) == 0


def test_a_message_sent_again_carries_the_same_id_for_the_gateway(sms_dir: Path) -> None:
    # A retry after a crash between the gateway's answer and the outbox update: a gateway
    # that deduplicates by client message id delivers it once.
    first, second = _enqueue(phone="0912345678", channels=("sms",)) + _enqueue(
        phone="0912345679", channels=("sms",)
    )
    notifications_deliver_due()
    Notification.objects.filter(pk=first.pk).update(
        state=DeliveryState.PENDING, next_attempt_at=timezone.now()
    )
    notifications_deliver_due()
    ids = [message["message_id"] for message in sms_received(sms_dir)]
    assert sorted(ids) == sorted(
        [f"motcua-{first.pk}", f"motcua-{first.pk}", f"motcua-{second.pk}"]
    )


def test_backoff_doubles_and_is_capped(settings) -> None:
    settings.NOTIFICATIONS_RETRY_SECONDS = 60
    assert [backoff(n).total_seconds() for n in (1, 2, 3)] == [60, 120, 240]
    assert backoff(30) == timedelta(days=1)


def test_the_sweep_hands_lost_messages_to_the_worker_again(settings) -> None:
    settings.NOTIFICATIONS_SEND_TIMEOUT_SECONDS = 300
    (row,) = _enqueue(phone="0912345678", channels=("sms",))
    assert notifications_sweep(now=row.created_at + timedelta(seconds=299)) == 0
    assert notifications_sweep(now=row.created_at + timedelta(seconds=301)) == 1
    assert DBTaskResult.objects.get().args_kwargs["args"] == [row.pk]
