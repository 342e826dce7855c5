"""`motcua notifications deliver|sweep`."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from motcua.notifications.models import Channel, DeliveryState, Notification
from motcua.notifications.services import notification_enqueue
from tests.notifications.conftest import sms_received

pytestmark = pytest.mark.django_db


def _one_sms() -> Notification:
    (row,) = notification_enqueue(
        kind="test", subject="S", body="Nội dung", phone="0912345678", channels=(Channel.SMS,)
    )
    return row


def test_deliver_sends_what_is_due_without_a_worker(sms_dir: Path, capsys) -> None:
    row = _one_sms()
    call_command("notifications", "deliver")
    row.refresh_from_db()
    assert row.state == DeliveryState.SENT and len(sms_received(sms_dir)) == 1
    assert "Đã thử gửi 1 thông báo." in capsys.readouterr().out


def test_sweep_reports_what_it_handed_back(capsys) -> None:
    row = _one_sms()
    Notification.objects.filter(pk=row.pk).update(
        next_attempt_at=timezone.now() - timedelta(hours=1)
    )
    call_command("notifications", "sweep")
    assert "Đã đưa lại 1 thông báo vào hàng đợi." in capsys.readouterr().out


def test_sweep_refuses_a_period_that_is_not_positive() -> None:
    with pytest.raises(CommandError, match="--every"):
        call_command("notifications", "sweep", "--every", "0")
