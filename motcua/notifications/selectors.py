"""Reads of the outbox: a citizen's inbox and its unread count. (The officers' delivery
log is scoped by dossier: `motcua.dossiers.delivery_log`.)"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from motcua.notifications.models import Channel, Notification


def inbox(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Notification]:
    """The signed-in person's in-app messages, newest first."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(user_id=user.pk, channel=Channel.IN_APP).select_related(
        "dossier"
    )


def unread_count(*, user: AbstractBaseUser | AnonymousUser) -> int:
    return inbox(user=user).filter(read_at__isnull=True).count()
