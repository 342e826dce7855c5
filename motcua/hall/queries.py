"""Reads of the hall screens built on `motcua.hall.selectors`: the board's snapshot, the
counter a panel serves, the service a rating device asks about. The snapshot reads a
fixed handful of queries whatever the length of the queue: every connected board reads
it after each call."""

from datetime import datetime, timedelta
from threading import Lock
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from motcua.accounts.models import Role, User
from motcua.accounts.scoping import Viewer, get_scoped_object_or_404, scope_to_agencies
from motcua.core.tz import VN_TZ
from motcua.dossiers.models import Dossier
from motcua.hall import selectors
from motcua.hall.models import Counter, CounterState, Hall, Ticket

# How many recent calls the board lists; the newest is highlighted.
RECENT_CALLS = 6
# How long after a service ends its rating device still asks about it.
RATING_WINDOW = timedelta(minutes=15)
# Roles that may work a counter panel.
COUNTER_ROLES = (Role.COUNTER_OFFICER, Role.CENTRE_MANAGER)


def hall_get(*, hall_id: int) -> Hall:
    """A hall by id for its devices (kiosk, board); 404 when there is none."""
    return get_object_or_404(Hall.objects.select_related("agency"), pk=hall_id)


def counter_for_officer(*, user: User, counter_id: int) -> Counter:
    """A counter of the officer's own agency; any other counter does not exist (404),
    nor does any counter for a role that does not serve at one."""
    counter = get_scoped_object_or_404(
        Counter.objects.select_related("hall", "hall__agency"),
        user=user,
        agency_field="hall__agency",
        pk=counter_id,
    )
    if user.role not in COUNTER_ROLES:
        raise Http404
    return counter


def halls_for(*, user: Viewer) -> QuerySet[Hall]:
    """The halls of the agencies the officer may see, with their counters."""
    halls = Hall.objects.select_related("agency").prefetch_related("counters").order_by("name")
    return scope_to_agencies(halls, user=user)


def counter_get(*, counter_id: int) -> Counter:
    """A counter for its rating device; 404 when there is none."""
    return get_object_or_404(Counter.objects.select_related("hall__agency"), pk=counter_id)


def _hhmm(moment: datetime | None) -> str:
    return moment.astimezone(VN_TZ).strftime("%H:%M") if moment else ""


_shared_lock = Lock()
_shared: dict[int, tuple[int, dict[str, Any]]] = {}


def board_snapshot_shared(*, hall: Hall) -> dict[str, Any]:
    """The board snapshot read once per hall revision in this process, however many boards
    stream it: fifty boards woken by one call make one read of the board, not fifty."""
    revision = selectors.hall_revision(hall_id=hall.pk)
    with _shared_lock:
        cached = _shared.get(hall.pk)
        if cached is None or cached[0] != revision:
            cached = (revision, board_snapshot(hall=hall))
            _shared[hall.pk] = cached
        return cached[1]


def board_snapshot(*, hall: Hall) -> dict[str, Any]:
    """What a display board shows, as compact JSON-ready data: the number at each open
    counter, the latest calls (newest first, highlighted), and who waits per group."""
    serving = selectors.now_serving(hall=hall)
    calls = selectors.last_calls(hall=hall, limit=RECENT_CALLS)
    return {
        "counters": [
            {"counter": str(s.counter), "number": s.ticket.code if s.ticket else "—"}
            for s in serving
            if s.counter.state != CounterState.CLOSED
        ],
        "calls": [
            {
                "number": t.code,
                "counter": str(t.counter) if t.counter else "",
                "at": _hhmm(t.called_at),
                "highlight": i == 0,
            }
            for i, t in enumerate(calls)
        ],
        "waiting": [
            {"group": q.group.name, "count": q.waiting} for q in selectors.group_queues(hall=hall)
        ],
    }


def dossier_received_during(*, ticket: Ticket) -> str:
    """The code of the last dossier the serving officer received since the service
    started, "" when none: the panel offers it to link when the service finishes."""
    if ticket.started_at is None or ticket.officer_id is None:
        return ""
    code = (
        Dossier.objects.filter(received_by_id=ticket.officer_id, received_at__gte=ticket.started_at)
        .order_by("-received_at")
        .values_list("code", flat=True)
        .first()
    )
    return code or ""


def ticket_for_rating(*, counter: Counter, ticket_id: int) -> Ticket:
    """A service this counter finished within RATING_WINDOW; 404 otherwise, so the public
    device cannot rate other counters' or old services by guessing ids."""
    since = timezone.now() - RATING_WINDOW
    return get_object_or_404(Ticket, pk=ticket_id, counter=counter, finished_at__gte=since)


def ticket_to_rate(*, counter: Counter, now: datetime | None = None) -> Ticket | None:
    """The service this counter's rating device asks about: the last one finished, not
    yet rated, and recent (a later visitor must not rate a stranger's service)."""
    ticket = selectors.counter_last_served(counter=counter)
    now = now or timezone.now()
    if ticket is None or hasattr(ticket, "rating") or ticket.finished_at is None:
        return None
    return ticket if now - ticket.finished_at <= RATING_WINDOW else None
