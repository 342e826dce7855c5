"""Reads of the outbox: a citizen's inbox and its unread count. (The officers' delivery
log is scoped by dossier: `motcua.dossiers.delivery_log`.)"""

from typing import Any

from django.db.models import QuerySet

from motcua.notifications.models import Channel, Notification


def inbox(*, user: Any) -> QuerySet[Notification]:
    """The signed-in person's in-app messages, newest first."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(user=user, channel=Channel.IN_APP).select_related("dossier")


def unread_count(*, user: Any) -> int:
    return inbox(user=user).filter(read_at__isnull=True).count()
