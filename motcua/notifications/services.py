"""Writes of the outbox: enqueue (inside the caller's transaction), deliver (the worker's
task, idempotent), retry with backoff, the sweep for lost tasks, and the citizen's
"mark read".

Delivery claims a row before calling the channel: in one short transaction it checks
that the row is still outstanding and due, counts the attempt and moves
`next_attempt_at` past the send timeout. A second run of the same task (a duplicate from
the sweep, a retried worker) finds the row not due and does nothing; a worker that dies
while sending leaves the row due again after the timeout, for the sweep.

Tests do not need a worker: `notifications_deliver_due()` delivers every due row in the
calling thread.
"""

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from motcua.core.audit import audit_record
from motcua.notifications.models import (
    OUTSTANDING,
    Channel,
    DeliveryAttempt,
    DeliveryState,
    Notification,
)
from motcua.notifications.sms import sms_backend

if TYPE_CHECKING:
    from motcua.accounts.models import User
    from motcua.dossiers.models import Dossier

logger = logging.getLogger(__name__)

# Longest error text kept per attempt (a provider may answer with a whole HTML page).
ERROR_MAX_CHARS = 1000
# A retry never waits longer than this, however many attempts failed.
BACKOFF_CAP = timedelta(days=1)
ERASED_BODY = ""


class NotificationError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- enqueue ----------------------------------------------------------------------------


def citizen_language() -> translation.override:
    """Messages to citizens are written in the site's language (Vietnamese), whatever
    the language of the officer whose action they announce."""
    return translation.override(settings.LANGUAGE_CODE)


@transaction.atomic(savepoint=False)  # part of the caller's transaction, all or nothing
def notification_enqueue(
    *,
    kind: str,
    subject: str,
    body: str,
    user: "User | None" = None,
    phone: str = "",
    email: str = "",
    channels: Sequence[str] = (Channel.IN_APP, Channel.SMS, Channel.EMAIL),
    dossier: "Dossier | None" = None,
    sensitive: bool = False,
) -> list[Notification]:
    """Write one outbox row per channel that has an address (in-app: `user`; SMS: `phone`,
    else the user's; e-mail: `email`, else the user's) in the current transaction; the
    worker delivers SMS and e-mail after commit. In-app rows are delivered by being
    written. Nothing to send to → nothing written."""
    unknown = set(channels) - set(Channel.values)
    if unknown:
        raise ValueError(f"unknown notification channels: {sorted(unknown)}")
    addresses = {
        Channel.IN_APP: user.username if user is not None else "",
        Channel.SMS: (phone or (user.phone if user is not None else "")).strip(),
        Channel.EMAIL: (email or (user.email if user is not None else "")).strip(),
    }
    now = timezone.now()
    rows = [
        Notification(
            kind=kind,
            channel=channel,
            recipient=addresses[Channel(channel)],
            user=user,
            dossier=dossier,
            subject=" ".join(subject.split())[:200],  # one line: it becomes a mail header
            body=body,
            sensitive=sensitive,
            created_at=now,
            **_delivered_in_app(now)
            if channel == Channel.IN_APP
            else {"state": DeliveryState.PENDING, "next_attempt_at": now},
        )
        for channel in dict.fromkeys(channels)  # each channel once, in the order given
        if addresses[Channel(channel)]
    ]
    created = Notification.objects.bulk_create(rows)
    for notification in created:
        if notification.channel != Channel.IN_APP:
            # robust: a failed hand-over must not fail the committed change; the sweep
            # finds the row again.
            transaction.on_commit(partial(_schedule, notification.pk), robust=True)
    return created


def _delivered_in_app(now: datetime) -> dict[str, object]:
    return {"state": DeliveryState.SENT, "sent_at": now, "attempts": 1}


def _schedule(notification_id: int, run_after: datetime | None = None) -> None:
    """Hand the row to the worker. Only called after commit: a lost call (crash right
    after commit) is made good by the sweep."""
    deliver = notification_deliver_task
    if run_after is not None:
        deliver = deliver.using(run_after=run_after)
    deliver.enqueue(notification_id)


# --- delivery ---------------------------------------------------------------------------


def _send(notification: Notification) -> None:
    """Hand one message to its channel; any exception means "not delivered"."""
    if notification.channel == Channel.SMS:
        sms_backend().send(
            to=notification.recipient,
            text=notification.body,
            message_id=f"motcua-{notification.pk}",
        )
    elif notification.channel == Channel.EMAIL:
        EmailMessage(
            subject=notification.subject, body=notification.body, to=[notification.recipient]
        ).send(fail_silently=False)


def _claim(notification_id: int, now: datetime) -> Notification | None:
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if (
            notification is None
            or notification.state not in OUTSTANDING
            or notification.next_attempt_at is None
            or notification.next_attempt_at > now
        ):
            return None
        notification.attempts += 1
        notification.next_attempt_at = now + timedelta(
            seconds=settings.NOTIFICATIONS_SEND_TIMEOUT_SECONDS
        )
        notification.save(update_fields=["attempts", "next_attempt_at"])
    return notification


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failure: the base, doubled each time, capped."""
    base = timedelta(seconds=settings.NOTIFICATIONS_RETRY_SECONDS)
    return min(base * 2 ** max(attempts - 1, 0), BACKOFF_CAP)


def notification_deliver(*, notification_id: int, now: datetime | None = None) -> bool:
    """Try to deliver one outstanding, due notification; record the attempt; schedule the
    retry or give up. False when there was nothing to do (already sent, not due, gone)."""
    now = now or timezone.now()
    notification = _claim(notification_id, now)
    if notification is None:
        return False
    try:
        _send(notification)
    except Exception as error:  # any provider failure is recorded and retried
        message = f"{type(error).__name__}: {error}"[:ERROR_MAX_CHARS]
        logger.warning("notification %s not delivered: %s", notification.pk, message)
    else:
        message = ""
    with transaction.atomic():
        DeliveryAttempt.objects.create(
            notification=notification,
            at=now,
            outcome=DeliveryState.FAILED if message else DeliveryState.SENT,
            error=message,
        )
        if not message:
            notification.state, notification.sent_at = DeliveryState.SENT, now
            notification.next_attempt_at = None
            if notification.sensitive:
                notification.body = ERASED_BODY  # a one-time code has no use once sent
        elif notification.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
            notification.state, notification.next_attempt_at = DeliveryState.DEAD, None
        else:
            notification.state = DeliveryState.FAILED
            notification.next_attempt_at = now + backoff(notification.attempts)
            retry_at = notification.next_attempt_at
            transaction.on_commit(partial(_schedule, notification.pk, retry_at), robust=True)
        notification.last_error = message or notification.last_error
        notification.save(
            update_fields=["state", "sent_at", "next_attempt_at", "body", "last_error"]
        )
    return True


@task()
def notification_deliver_task(notification_id: int) -> bool:
    """The background worker's entry point (`motcua db_worker`)."""
    return notification_deliver(notification_id=notification_id)


def _due(now: datetime, *, grace: timedelta = timedelta(0)) -> list[int]:
    return list(
        Notification.objects.filter(state__in=OUTSTANDING, next_attempt_at__lte=now - grace)
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)
    )


def notifications_deliver_due(*, now: datetime | None = None) -> int:
    """Deliver every due notification here and now, without the worker (tests, the
    `motcua notifications deliver` command). Returns the number of attempts made."""
    now = now or timezone.now()
    return sum(notification_deliver(notification_id=pk, now=now) for pk in _due(now))


def notifications_sweep(*, now: datetime | None = None) -> int:
    """Hand the worker again every outstanding notification that has been due for longer
    than the send timeout: its task was lost (crash between commit and enqueue, a worker
    killed while sending). A duplicate task is harmless. Returns how many."""
    now = now or timezone.now()
    grace = timedelta(seconds=settings.NOTIFICATIONS_SEND_TIMEOUT_SECONDS)
    ids = _due(now, grace=grace)
    for pk in ids:
        _schedule(pk)
    return len(ids)


# --- people's acts ------------------------------------------------------------------------


@transaction.atomic(savepoint=False)  # part of the caller's transaction, all or nothing
def notification_retry(*, actor: "User", notification: Notification) -> Notification:
    """An officer asks to try a dead notification again, from scratch. The caller found
    `notification` among those the officer may see (the delivery log's scope) and holds
    its row lock."""
    if notification.state != DeliveryState.DEAD:
        raise NotificationError(_("Chỉ gửi lại được thông báo đã gửi không thành công."))
    notification.state = DeliveryState.PENDING
    notification.attempts = 0
    notification.next_attempt_at = timezone.now()
    notification.save(update_fields=["state", "attempts", "next_attempt_at"])
    audit_record(
        actor=actor,
        action="notification.retry",
        target=notification,
        agency=notification.dossier.agency if notification.dossier else actor.agency,
        from_state=DeliveryState.DEAD,
        to_state=DeliveryState.PENDING,
    )
    transaction.on_commit(partial(_schedule, notification.pk), robust=True)
    return notification


def notifications_mark_read(*, actor: "User", notification_id: int | None = None) -> int:
    """Mark one of the citizen's in-app messages read (or all of them, without an id).
    Returns how many changed; another person's message does not exist (404)."""
    rows = Notification.objects.filter(user=actor, channel=Channel.IN_APP, read_at__isnull=True)
    if notification_id is not None:
        if not Notification.objects.filter(
            pk=notification_id, user=actor, channel=Channel.IN_APP
        ).exists():
            raise Http404
        rows = rows.filter(pk=notification_id)
    return rows.update(read_at=timezone.now())
