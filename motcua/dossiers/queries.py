"""Reads the screens and the API need beyond `selectors`, scoped like every read."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import F, QuerySet
from django.utils import timezone

from motcua.accounts.scoping import Viewer, visible_agency_ids
from motcua.core.personal_data import personal_id_hash
from motcua.dossiers import clock
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import QueueRow, day_range, dossier_list, dossier_scope
from motcua.dossiers.states import OPEN, State
from motcua.workdays.calendar import WorkingCalendar
from motcua.workdays.selectors import working_calendar

APPLICANT_FIELDS = (
    "applicant_name",
    "applicant_birth_date",
    "applicant_phone",
    "applicant_email",
    "applicant_address",
)


def applicant_last_seen(*, user: Viewer, personal_id: str) -> Dossier | None:
    """The latest dossier of this applicant that the viewer may see: the counter reuses
    its details instead of typing them again. Other agencies' applicants stay invisible,
    like their dossiers."""
    if not personal_id:
        return None
    dossiers = dossier_scope(
        Dossier.objects.filter(applicant_personal_id_hash=personal_id_hash(personal_id)), user=user
    )
    return dossiers.only("code", "received_at", *APPLICANT_FIELDS).order_by("-created_at").first()


# --- the work queue, filtered and paged ----------------------------------------------------

# Decided and waiting at the counter for the citizen to collect.
TO_RETURN = frozenset({State.PROCESSED, State.REFUSED})


@dataclass(frozen=True)
class QueueFilters:
    """What the work queue is filtered by; an empty filter is no filter. With
    `to_return`, the counter's list of decided dossiers instead of the open ones."""

    text: str = ""  # a part of the code, the applicant's name, phone or ID number
    state: str = ""
    procedure_id: int | None = None
    received_from: date | None = None
    received_to: date | None = None
    due_from: date | None = None
    due_to: date | None = None
    handler_id: int | None = None  # the officer holding the current step
    to_return: bool = False
    every_state: bool = False  # every dossier the viewer may see, newest first


def queue_dossiers(*, user: Viewer, filters: QueueFilters) -> QuerySet[Dossier]:
    """What `selectors.work_queue` shows (open dossiers on the desks of the viewer's
    agencies, soonest due first), as a queryset the screens can filter and page. With
    `to_return`, the counter's list instead: decided dossiers its agency received."""
    ids = visible_agency_ids(user)
    listed = set(State) if filters.every_state else TO_RETURN if filters.to_return else OPEN
    dossiers = dossier_list(
        user=user,
        states=[filters.state] if filters.state else sorted(listed),
        procedure_id=filters.procedure_id,
        received_from=filters.received_from,
        received_to=filters.received_to,
        text=filters.text,
    )
    if ids is not None and not filters.every_state:
        desk = "receiving_agency__in" if filters.to_return else "current_agency__in"
        dossiers = dossiers.filter(**{desk: ids})
    if filters.due_from is not None:
        dossiers = dossiers.filter(due_at__gte=day_range(filters.due_from, filters.due_from)[0])
    if filters.due_to is not None:
        dossiers = dossiers.filter(due_at__lt=day_range(filters.due_to, filters.due_to)[1])
    if filters.handler_id is not None:
        dossiers = dossiers.filter(current_step__handler_id=filters.handler_id)
    dossiers = dossiers.select_related("current_agency", "current_step__handler")
    if filters.every_state:
        return dossiers.order_by("-received_at", "-pk")
    return dossiers.order_by(F("due_at").asc(nulls_last=True), "pk")


def queue_rows(
    dossiers: Iterable[Dossier],
    *,
    now: datetime | None = None,
    calendars: dict[int, WorkingCalendar] | None = None,
) -> list[QueueRow]:
    """One page of the queue, each dossier with its colour in its agency's calendar.
    `calendars` (by agency id) is filled as they are read: a page of several lists
    shares one."""
    now = now or timezone.now()
    calendars = {} if calendars is None else calendars
    rows = []
    for dossier in dossiers:
        if dossier.agency_id not in calendars:
            calendars[dossier.agency_id] = working_calendar(agency=dossier.agency)
        colour = clock.colour(
            calendars[dossier.agency_id], now=now, due=dossier.due_at, paused=dossier.is_paused
        )
        rows.append(QueueRow(dossier, colour))
    return rows
