"""`hall_changed` is sent after a change to a hall's queue or counters commits, with
keyword arguments `hall_id` and `event` (a `HallEvent`). The display board listens; a
board in another process polls `Hall.revision` instead, which the same change bumps."""

from enum import StrEnum

from django.dispatch import Signal

hall_changed = Signal()


class HallEvent(StrEnum):
    TICKET_ISSUED = "ticket_issued"
    TICKET_CALLED = "ticket_called"
    TICKET_RECALLED = "ticket_recalled"
    TICKET_STARTED = "ticket_started"
    TICKET_FINISHED = "ticket_finished"
    TICKET_NO_SHOW = "ticket_no_show"
    TICKET_TRANSFERRED = "ticket_transferred"
    TICKET_RATED = "ticket_rated"
    COUNTER_OPENED = "counter_opened"
    COUNTER_PAUSED = "counter_paused"
    COUNTER_CLOSED = "counter_closed"
