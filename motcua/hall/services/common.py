"""What the hall's services share: the refusals, the moment of an act, the audit
event and revision bump of a change, and the locked counter an officer operates."""

from collections.abc import Mapping
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.accounts.scoping import can_see_agency
from motcua.core.audit import audit_record
from motcua.hall.models import ACTIVE_STATES, Counter, Hall, Ticket
from motcua.hall.signals import HallEvent, hall_changed


class HallError(Exception):
    """A refused action; `message` is fit to show the person who tried it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class HallNotFound(HallError, Http404):
    """Out of the actor's scope, or no such counter: the same answer for both."""


def act_moment(at: datetime | None) -> datetime:
    """The moment of the act: `at`, or now."""
    return at or timezone.now()


def revision_bump(hall: Hall, event: HallEvent) -> None:
    """Bump the revision in the caller's transaction; signal after it commits."""
    Hall.objects.filter(pk=hall.pk).update(revision=F("revision") + 1)
    hall_id = hall.pk
    transaction.on_commit(lambda: hall_changed.send(sender=Hall, hall_id=hall_id, event=event))


def hall_audit(
    actor: User | None,
    event: HallEvent,
    target: Ticket | Counter,
    hall: Hall,
    from_state: str = "",
    reason: str = "",
    payload: Mapping[str, object] | None = None,
) -> None:
    """The audit event of a change to a ticket or a counter, named `hall.<event>`."""
    audit_record(
        actor=actor,
        action=f"hall.{event}",
        target=target,
        agency=hall.agency,
        from_state=from_state,
        to_state=target.state,
        reason=reason,
        payload=payload,
    )


def counter_locked(actor: User, counter: Counter) -> Counter:
    """The counter row, locked, if the actor may operate it."""
    if not actor.is_officer or not can_see_agency(actor, counter.hall.agency_id):
        raise HallNotFound(_("Không tìm thấy quầy."))
    return Counter.objects.select_for_update().select_related("hall__agency").get(pk=counter.pk)


def require_idle(counter: Counter) -> None:
    """Refuse while the counter has a ticket called or in service."""
    busy = Ticket.objects.filter(counter=counter, state__in=ACTIVE_STATES).first()
    if busy is not None:
        raise HallError(
            _("Quầy đang gọi hoặc phục vụ số %(code)s: hãy hoàn tất số này trước.")
            % {"code": busy.code}
        )
