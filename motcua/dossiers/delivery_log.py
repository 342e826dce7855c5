"""The officers' delivery log: the notifications about the dossiers an officer may see,
with their attempts, and the retry of a dead one. It lives with the dossiers because its
scope is theirs (a system administrator sees every row, sign-in codes included); the
outbox itself knows nothing of who may see what. Out of scope means "does not exist"
(404)."""

from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from motcua.accounts.models import User
from motcua.accounts.scoping import Viewer, visible_agency_ids
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_scope
from motcua.notifications.models import DeliveryState, Notification
from motcua.notifications.services import notification_retry


def delivery_log(*, user: Viewer, state: str = "") -> QuerySet[Notification]:
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


def notification_log_get(*, user: Viewer, pk: int, for_update: bool = False) -> Notification:
    rows = delivery_log(user=user)
    if for_update:
        rows = rows.select_for_update(of=("self",))
    return get_object_or_404(rows, pk=pk)


@transaction.atomic
def delivery_log_retry(*, actor: User, notification_id: int) -> Notification:
    """An officer asks to try again a dead notification of the log they see."""
    notification = notification_log_get(user=actor, pk=notification_id, for_update=True)
    return notification_retry(actor=actor, notification=notification)
