"""Reads of the outbox: a citizen's inbox, and the delivery log an officer may see (the
notifications of the dossiers in their scope; a system administrator sees every row,
sign-in codes included). Out of scope means "does not exist" (404)."""

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from motcua.accounts.scoping import visible_agency_ids
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_scope
from motcua.notifications.models import Channel, DeliveryState, Notification


def inbox(*, user: Any) -> QuerySet[Notification]:
    """The signed-in person's in-app messages, newest first."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(user=user, channel=Channel.IN_APP).select_related("dossier")


def unread_count(*, user: Any) -> int:
    return inbox(user=user).filter(read_at__isnull=True).count()


def delivery_log(*, user: Any, state: str = "") -> QuerySet[Notification]:
    """The notifications of the dossiers `user` may see, newest first, with their
    attempts; `state` filters by delivery state (ignored when unknown)."""
    rows = Notification.objects.select_related("dossier").prefetch_related("deliveries")
    if not (user.is_authenticated and user.is_active and user.is_officer):
        return rows.none()
    if visible_agency_ids(user) is not None:
        rows = rows.filter(dossier__in=dossier_scope(Dossier.objects.all(), user=user))
    if state in DeliveryState.values:
        rows = rows.filter(state=state)
    return rows


def notification_log_get(*, user: Any, pk: int, for_update: bool = False) -> Notification:
    rows = delivery_log(user=user)
    if for_update:
        rows = rows.select_for_update(of=("self",))
    return get_object_or_404(rows, pk=pk)
