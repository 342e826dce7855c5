"""Counters: an officer opens, pauses and closes a service desk."""

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.hall.models import Counter, CounterState
from motcua.hall.services.common import (
    HallError,
    counter_locked,
    hall_audit,
    require_idle,
    revision_bump,
)
from motcua.hall.services.tickets import ticket_auto_assign
from motcua.hall.signals import HallEvent


def counter_open(*, actor: User, counter: Counter) -> Counter:
    """The actor takes the counter (closed, or paused by anyone) and starts calling."""
    with transaction.atomic():
        counter = counter_locked(actor, counter)
        if counter.state == CounterState.OPEN:
            if counter.officer_id == actor.pk:
                raise HallError(_("Quầy đang mở."))
            raise HallError(
                _("Quầy đang do cán bộ %(name)s làm việc.")
                % {"name": counter.officer.get_full_name() if counter.officer else ""}
            )
        from_state = counter.state
        counter.state = CounterState.OPEN
        counter.officer = actor
        counter.pause_reason = ""
        counter.save(update_fields=["state", "officer", "pause_reason"])
        hall_audit(actor, HallEvent.COUNTER_OPENED, counter, counter.hall, from_state)
        revision_bump(counter.hall, HallEvent.COUNTER_OPENED)
        hall = counter.hall
        transaction.on_commit(lambda: ticket_auto_assign(hall=hall))
    return counter


def counter_pause(*, actor: User, counter: Counter, reason: str) -> Counter:
    reason = reason.strip()
    with transaction.atomic():
        counter = counter_locked(actor, counter)
        if counter.state != CounterState.OPEN:
            raise HallError(_("Chỉ tạm dừng được quầy đang mở."))
        if not reason:
            raise HallError(_("Cần nêu lý do tạm dừng."))
        require_idle(counter)
        counter.state = CounterState.PAUSED
        counter.pause_reason = reason
        counter.save(update_fields=["state", "pause_reason"])
        hall_audit(
            actor, HallEvent.COUNTER_PAUSED, counter, counter.hall, CounterState.OPEN, reason
        )
        revision_bump(counter.hall, HallEvent.COUNTER_PAUSED)
    return counter


def counter_close(*, actor: User, counter: Counter) -> Counter:
    with transaction.atomic():
        counter = counter_locked(actor, counter)
        if counter.state == CounterState.CLOSED:
            raise HallError(_("Quầy đã đóng."))
        require_idle(counter)
        from_state = counter.state
        counter.state = CounterState.CLOSED
        counter.officer = None
        counter.pause_reason = ""
        counter.save(update_fields=["state", "officer", "pause_reason"])
        hall_audit(actor, HallEvent.COUNTER_CLOSED, counter, counter.hall, from_state)
        revision_bump(counter.hall, HallEvent.COUNTER_CLOSED)
    return counter
