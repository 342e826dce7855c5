"""Reads of feedback and online ratings, every one scoped: a citizen sees only their own
feedback, an officer that of the agencies they may see. Out of scope means "does not
exist" (404)."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from motcua.accounts.scoping import Viewer, scope_to_agencies
from motcua.dossiers import clock
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import DECIDED, State
from motcua.feedback.models import Feedback, FeedbackState
from motcua.hall.models import Rating, RatingChannel
from motcua.units.models import Agency, AgencyKind
from motcua.workdays.calendar import WorkingCalendar
from motcua.workdays.selectors import working_calendar

# The inbox's choice of states: what is waiting for an answer, what was answered, or all.
INBOX_FILTERS: dict[str, tuple[str, ...]] = {
    "open": (FeedbackState.RECEIVED,),
    "answered": (FeedbackState.ANSWERED, FeedbackState.CLOSED),
    "all": tuple(FeedbackState.values),
}


def feedback_scope(queryset: QuerySet[Feedback], *, user: Viewer) -> QuerySet[Feedback]:
    return scope_to_agencies(queryset, user=user, owner_field="citizen")


def feedback_get(*, user: Viewer, pk: int) -> Feedback:
    """One feedback the viewer may see; Http404 otherwise."""
    queryset = Feedback.objects.select_related(
        "agency", "dossier", "citizen", "assigned_to", "answered_by"
    )
    return get_object_or_404(feedback_scope(queryset, user=user), pk=pk)


def feedback_mine(*, user: Viewer) -> QuerySet[Feedback]:
    """The signed-in citizen's feedback, newest first."""
    if not (user.is_authenticated and user.is_citizen):
        return Feedback.objects.none()
    return (
        Feedback.objects.filter(citizen=user)
        .select_related("agency", "dossier", "answered_by")
        .order_by("-received_at", "-pk")
    )


@dataclass(frozen=True)
class InboxRow:
    feedback: Feedback
    colour: clock.Colour


def feedback_colour(
    feedback: Feedback, *, calendar: WorkingCalendar, now: datetime
) -> clock.Colour:
    """Waiting feedback: on time, due within one working day, or late (as the dossier work
    queue); answered feedback: as it was answered, on time or late."""
    if feedback.state == FeedbackState.RECEIVED:
        return clock.colour(calendar, now=now, due=feedback.due_at, paused=False)
    return clock.Colour.ON_TIME if feedback.answered_on_time else clock.Colour.LATE


def feedback_inbox(
    *,
    user: Viewer,
    states: tuple[str, ...] = INBOX_FILTERS["open"],
    now: datetime | None = None,
    limit: int = 200,
) -> list[InboxRow]:
    """The feedback of the officer's agencies in `states`, soonest deadline first (at most
    `limit`), each with its colour."""
    if not (user.is_authenticated and user.is_officer):
        return []
    queryset = (
        feedback_scope(Feedback.objects.all(), user=user)
        .filter(state__in=states)
        .select_related("agency", "dossier", "citizen", "assigned_to")
        .order_by("due_at", "pk")
    )
    now = now or timezone.now()
    calendars: dict[int, WorkingCalendar] = {}
    rows = []
    for feedback in queryset[:limit]:
        if feedback.agency_id not in calendars:
            calendars[feedback.agency_id] = working_calendar(agency=feedback.agency)
        colour = feedback_colour(feedback, calendar=calendars[feedback.agency_id], now=now)
        rows.append(InboxRow(feedback, colour))
    return rows


def feedback_agencies() -> QuerySet[Agency]:
    """The agencies a citizen may address general feedback to: the wards' people's
    committees and service centres."""
    return Agency.objects.filter(
        is_active=True, kind__in=[AgencyKind.PEOPLES_COMMITTEE, AgencyKind.SERVICE_CENTRE]
    ).order_by("name")


def officers_of(*, agency: Agency) -> QuerySet[Any]:
    """Who a feedback of `agency` can be assigned to."""
    return agency.officers.filter(is_active=True).order_by("last_name", "first_name")


# --- online ratings -------------------------------------------------------------------


def dossier_rateable(*, dossier: Dossier) -> bool:
    """The citizen may rate once the result was returned, or once its electronic result
    (not revoked) is there to download."""
    if dossier.state == State.RETURNED:
        return True
    return dossier.state in DECIDED and dossier.results.filter(revoked_at__isnull=True).exists()


def online_rating_of(*, dossier: Dossier) -> Rating | None:
    return Rating.objects.filter(dossier=dossier, channel=RatingChannel.ONLINE).first()
