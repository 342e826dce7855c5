"""Two workers running the same delivery at the same moment, on PostgreSQL."""

from pathlib import Path

import pytest
from django.db import connection, transaction

from motcua.notifications.models import Channel, DeliveryState, Notification
from motcua.notifications.services import notification_deliver, notification_enqueue
from tests.dossiers.factories import in_parallel, succeeded
from tests.notifications.conftest import sms_received

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row-lock races need PostgreSQL: set DATABASE_URL=postgres://…")


def test_the_same_task_run_twice_at_once_sends_one_sms(sms_dir: Path) -> None:
    with transaction.atomic():
        (row,) = notification_enqueue(
            kind="test", subject="S", body="Một lần", phone="0912345678", channels=(Channel.SMS,)
        )
    results = in_parallel(
        lambda: notification_deliver(notification_id=row.pk),
        lambda: notification_deliver(notification_id=row.pk),
    )
    assert succeeded(results), results
    assert sorted(results) == [False, True]
    assert [m["text"] for m in sms_received(sms_dir)] == ["Một lần"]
    row = Notification.objects.get(pk=row.pk)
    assert row.state == DeliveryState.SENT and row.attempts == 1
