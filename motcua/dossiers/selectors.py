"""Reads of dossiers, every one scoped to what the viewer may see.

An officer sees the dossiers their agency received, decides, or holds now (joint
processing), and those whose step in progress is named to them; a centre manager those of
the agencies of the same unit; a citizen only the dossiers they own. Out of scope means
"does not exist".
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import Role, User, UserKind
from motcua.accounts.scoping import Viewer, visible_agency_ids
from motcua.catalog.eform_answers import EformAnswer, eform_answers
from motcua.catalog.eform_specs import parse_eform_fields
from motcua.core import formatting
from motcua.core.access_log import ACCESS_ACTION, access_events_for
from motcua.core.audit import audit_events_for
from motcua.core.models import AuditEvent
from motcua.core.tz import VN_TZ
from motcua.dossiers import clock, search
from motcua.dossiers.models import (
    Attachment,
    Dossier,
    DossierDocument,
    DossierStep,
    ProcessingRule,
    Refusal,
    StopRequest,
    SupplementAnswer,
    SupplementRequest,
)
from motcua.dossiers.states import OPEN, PAUSED, UNDECIDED, State
from motcua.units.models import Agency
from motcua.units.selectors import province_agencies, province_id_of
from motcua.workdays.calendar import WorkingCalendar
from motcua.workdays.selectors import working_calendar


def processing_rule_on(*, on_date: date) -> ProcessingRule:
    """The rule in force on a day: the newest row that started on or before it."""
    rule = ProcessingRule.objects.filter(valid_from__lte=on_date).order_by("-valid_from").first()
    if rule is None:
        # Older than every row: the oldest known rule is the best available answer.
        rule = ProcessingRule.objects.order_by("valid_from").first()
    if rule is None:
        raise ProcessingRule.DoesNotExist("no processing rule: run the migrations")
    return rule


def dossier_scope(queryset: QuerySet[Dossier], *, user: Viewer) -> QuerySet[Dossier]:
    """The dossiers of `queryset` that `user` may see."""
    if user.is_authenticated and user.is_active and user.is_citizen:
        return queryset.filter(owner=user)
    ids = visible_agency_ids(user)
    if ids is None:
        return queryset
    if not ids:
        return queryset.none()
    return queryset.filter(
        Q(agency__in=ids)
        | Q(receiving_agency__in=ids)
        | Q(current_agency__in=ids)
        # The officer named to the step opens it wherever their own agency is. A subquery,
        # not a join: callers lock the rows, and PostgreSQL cannot lock through an outer join.
        | Q(current_step__in=DossierStep.objects.filter(handler_id=user.pk).values("pk"))
    )


def dossier_get(
    *, user: Viewer, pk: int | None = None, code: str | None = None, related: Sequence[str] = ()
) -> Dossier:
    """One dossier the viewer may see, by id or code, with `related` joined too and its
    agencies (with their unit and parent) attached; Http404 otherwise."""
    lookup: dict[str, Any] = (
        {"pk": pk} if pk is not None else {"code": (code or "").strip().upper()}
    )
    queryset = Dossier.objects.select_related("procedure", "procedure_version", *related)
    dossier = get_object_or_404(dossier_scope(queryset, user=user), **lookup)
    _attach_agencies(dossier)
    return dossier


AGENCY_FIELDS = ("agency", "receiving_agency", "current_agency")


def _attach_agencies(dossier: Dossier) -> None:
    # A second, small query rather than three more joins: with every relation joined,
    # PostgreSQL spent 6-8 ms planning the receipt's query against 0.5 ms running it.
    ids = {getattr(dossier, f"{field}_id") for field in AGENCY_FIELDS}
    agencies = Agency.objects.select_related("unit", "parent").in_bulk(ids)
    for field in AGENCY_FIELDS:
        setattr(dossier, field, agencies[getattr(dossier, f"{field}_id")])


# --- work queue -------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueRow:
    dossier: Dossier
    colour: clock.Colour


def current_step_of(dossier: Dossier) -> DossierStep | None:
    """The step in progress, from the steps read with the dossier (`dossier_detail`)."""
    return next((step for step in dossier.steps.all() if step.pk == dossier.current_step_id), None)


def current_step(
    *, dossier: Dossier, steps: Iterable[DossierStep] | None = None
) -> DossierStep | None:
    """The dossier's current step, found among `steps` (the steps read with the dossier
    when None): no query of its own."""
    steps = dossier.steps.all() if steps is None else steps
    return next((step for step in steps if step.pk == dossier.current_step_id), None)


def next_planned_step(*, dossier: Dossier, after: DossierStep) -> DossierStep | None:
    """The procedure's step that follows `after` (joint-processing steps are not planned);
    from the steps read with the dossier when there are."""
    return next(
        (
            step
            for step in dossier.steps.all()
            if step.procedure_step_id is not None and step.position > after.position
        ),
        None,
    )


def step_handlers(*, step: DossierStep) -> QuerySet[User]:
    """Who may be named to take `step`: active officers of its agency with its role, and
    the agency's managers."""
    return User.objects.filter(
        kind=UserKind.OFFICER,
        is_active=True,
        agency_id=step.agency_id,
        role__in=(step.role, Role.CENTRE_MANAGER),
    ).order_by("last_name", "first_name", "username")


def reassign_handlers(*, step: DossierStep) -> QuerySet[User]:
    """Whom a centre manager may give `step` to: those who may be named to it, but the
    officer who has it now."""
    handlers = step_handlers(step=step)
    return handlers.exclude(pk=step.handler_id) if step.handler_id else handlers


def joint_agencies(*, step: DossierStep) -> QuerySet[Agency]:
    """The agencies a step may be handed to for joint processing: the other active
    agencies of the same province."""
    province = province_id_of(agency=step.agency)
    return province_agencies(province_id=province).exclude(pk=step.agency_id).order_by("name")


@dataclass(frozen=True)
class TransferChoices:
    """Where the step in progress may go: the next planned step (None after the last),
    the officers who may be named to take it, the agencies for joint processing."""

    next_step: DossierStep | None
    handlers: QuerySet[User]
    agencies: QuerySet[Agency]


def transfer_choices(*, dossier: Dossier) -> TransferChoices | None:
    """None when no step is in progress (nothing to hand on)."""
    step = current_step_of(dossier)
    if step is None:
        return None
    following = next_planned_step(dossier=dossier, after=step)
    return TransferChoices(
        next_step=following,
        handlers=step_handlers(step=following) if following else User.objects.none(),
        agencies=joint_agencies(step=step),
    )


def work_queue(*, user: Viewer, now: datetime | None = None, limit: int = 200) -> list[QueueRow]:
    """Open dossiers on the desks of the viewer's agencies, soonest due first, coloured on
    time / due within one working day / late / waiting for the citizen."""
    ids = visible_agency_ids(user)
    if ids is not None and not ids:
        return []
    queryset = Dossier.objects.filter(state__in=sorted(OPEN)).select_related(
        "procedure", "agency", "current_agency", "current_step", "current_step__handler"
    )
    if ids is not None:
        queryset = queryset.filter(current_agency__in=ids)
    now = now or timezone.now()
    calendars: dict[int, WorkingCalendar] = {}
    rows = []
    for dossier in queryset.order_by("due_at", "pk")[:limit]:
        if dossier.agency_id not in calendars:
            calendars[dossier.agency_id] = working_calendar(agency=dossier.agency)
        calendar = calendars[dossier.agency_id]
        colour = clock.colour(calendar, now=now, due=dossier.due_at, paused=dossier.state in PAUSED)
        rows.append(QueueRow(dossier, colour))
    return rows


# --- the online queue ---------------------------------------------------------------------


@dataclass(frozen=True)
class OnlineQueue:
    """What the citizens sent online and the counter must act on."""

    # Newly registered (national code 1), oldest first, with their files.
    registered: list[Dossier]
    # Waiting for a supplement the citizen has answered online ("công dân đã bổ sung").
    answered: list[Dossier]
    # Undecided dossiers whose owner asked to stop.
    stop_requests: list[StopRequest]


def _open_answer() -> Exists:
    return Exists(
        SupplementAnswer.objects.filter(dossier=OuterRef("pk"), request__received_at__isnull=True)
    )


def online_queue(*, user: Viewer, limit: int = 200) -> OnlineQueue:
    scoped = dossier_scope(Dossier.objects.all(), user=user).select_related("procedure", "agency")
    registered = (
        scoped.filter(state=State.REGISTERED)
        .prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.select_related("document"))
        )
        .order_by("submitted_at", "pk")[:limit]
    )
    answered = (
        scoped.filter(state=State.SUPPLEMENT_REQUESTED)
        .filter(_open_answer())
        .order_by("paused_at", "pk")[:limit]
    )
    stops = (
        StopRequest.objects.filter(
            dossier__in=scoped.filter(state__in=sorted(UNDECIDED)).values("pk")
        )
        .select_related("dossier__procedure")
        .order_by("requested_at", "pk")[:limit]
    )
    return OnlineQueue(list(registered), list(answered), list(stops))


def supplement_answered_ids(*, ids: Sequence[int]) -> set[int]:
    """Of these dossiers (already read in scope), those whose open supplement request the
    citizen has answered online; no query for no ids."""
    if not ids:
        return set()
    return set(
        Dossier.objects.filter(pk__in=ids, state=State.SUPPLEMENT_REQUESTED)
        .filter(_open_answer())
        .values_list("pk", flat=True)
    )


@dataclass(frozen=True)
class OnlineDetail:
    """The online side of a dossier page: the e-form, the answers, the stop request."""

    eform: list[EformAnswer]
    answers: list[SupplementAnswer]
    answer_pending: bool
    stop_request: StopRequest | None


def online_detail(*, dossier: Dossier) -> OnlineDetail:
    """For a dossier already read through the scoped selectors."""
    answers = list(
        dossier.answers.select_related("request", "submitted_by").prefetch_related("attachments")
    )
    return OnlineDetail(
        eform=eform_answers(
            parse_eform_fields(dossier.procedure_version.form_fields), dossier.form_data or {}
        ),
        answers=answers,
        answer_pending=any(a.request.received_at is None for a in answers),
        stop_request=StopRequest.objects.filter(dossier=dossier).first(),
    )


# --- detail -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DossierDetail:
    dossier: Dossier
    documents: list[DossierDocument]
    steps: list[DossierStep]
    supplements: list[SupplementRequest]
    refusals: list[Refusal]
    timeline: list[AuditEvent]
    colour: clock.Colour


def dossier_detail(*, user: Viewer, pk: int, now: datetime | None = None) -> DossierDetail:
    dossier = dossier_get(user=user, pk=pk)
    calendar = working_calendar(agency=dossier.agency)
    # The steps stay on the dossier: the transfer form reads the current and next ones,
    # and the agencies' provinces, from them.
    steps = DossierStep.objects.select_related("agency__unit__parent", "handler")
    prefetch_related_objects([dossier], Prefetch("steps", queryset=steps))
    return DossierDetail(
        dossier=dossier,
        documents=list(dossier.documents.select_related("requirement")),
        steps=list(dossier.steps.all()),
        supplements=list(dossier.supplements.prefetch_related("items")),
        refusals=list(dossier.refusals.all()),
        timeline=list(audit_events_for(target=dossier).exclude(action=ACCESS_ACTION)),
        colour=clock.colour(
            calendar,
            now=now or timezone.now(),
            due=dossier.due_at,
            paused=dossier.is_paused,
        ),
    )


# Who may see who read a dossier's personal data: the leaders and the centre's manager.
ACCESS_VIEWERS = frozenset({Role.LEADER, Role.CENTRE_MANAGER})
ACCESSES_SHOWN = 50


def dossier_accesses(*, user: User, dossier: Dossier) -> list[AuditEvent]:
    """The latest reads of the dossier's personal data, newest first; none for officers
    who are not among ACCESS_VIEWERS. `dossier` was found through the viewer's scope."""
    if user.role not in ACCESS_VIEWERS:
        return []
    events = access_events_for(target=dossier).order_by("-occurred_at", "-pk")
    return list(events[:ACCESSES_SHOWN])


# --- search and ledger ------------------------------------------------------------------


def day_range(first: date, last: date) -> tuple[datetime, datetime]:
    """[first 00:00, day after last 00:00) in VN time."""
    return (
        datetime.combine(first, time.min, VN_TZ),
        datetime.combine(last + timedelta(days=1), time.min, VN_TZ),
    )


def dossier_list(
    *,
    user: Viewer,
    states: Sequence[str] = (),
    procedure_id: int | None = None,
    received_from: date | None = None,
    received_to: date | None = None,
    code: str = "",
    applicant: str = "",
    text: str = "",
) -> QuerySet[Dossier]:
    """Dossiers the viewer may see, newest first, filtered; an empty filter is no filter.
    `code` matches a whole code or a part of it; `applicant` a part of the name (with or
    without diacritics), a whole phone number or personal ID number; `text` either
    (the queue's one search box)."""
    queryset = dossier_scope(Dossier.objects.all(), user=user).select_related(
        "procedure", "agency", "current_step"
    )
    if states:
        queryset = queryset.filter(state__in=states)
    if procedure_id is not None:
        queryset = queryset.filter(procedure_id=procedure_id)
    if received_from is not None:
        queryset = queryset.filter(received_at__gte=day_range(received_from, received_from)[0])
    if received_to is not None:
        queryset = queryset.filter(received_at__lt=day_range(received_to, received_to)[1])
    if code.strip():
        queryset = queryset.filter(code__icontains=code.strip())
    if applicant.strip():
        queryset = queryset.filter(search.applicant_matches(applicant))
    if text.strip():
        queryset = queryset.filter(search.search_matches(text))
    return queryset.order_by("-received_at", "-pk")


def ledger_rows(*, user: Viewer, agency_id: int, first: date, last: date) -> QuerySet[Dossier]:
    """The dossier ledger (sổ theo dõi hồ sơ, form 06) of one receiving agency for a
    period, in order of receipt."""
    start, end = day_range(first, last)
    return (
        dossier_scope(Dossier.objects.all(), user=user)
        .filter(receiving_agency_id=agency_id, received_at__gte=start, received_at__lt=end)
        .select_related("procedure", "agency", "received_by")
        .order_by("received_at", "pk")
    )


# --- receipt (form 01) ------------------------------------------------------------------


@dataclass(frozen=True)
class ReceiptDocument:
    name: str
    originals: int
    certified_copies: int
    photocopies: int


@dataclass(frozen=True)
class ReceiptData:
    """Every field of the receipt (giấy tiếp nhận hồ sơ và hẹn trả kết quả, form 01),
    already as the form prints it."""

    agency_name: str
    agency_parent_name: str
    agency_address: str
    agency_phone: str
    code: str
    applicant_name: str
    applicant_address: str
    applicant_phone: str
    applicant_email: str
    procedure_code: str
    procedure_name: str
    documents: tuple[ReceiptDocument, ...]
    sets: int
    legal_time: str
    received_at: str  # "hh:mm dd/mm/yyyy"
    due_at: str  # "hh:mm dd/mm/yyyy"
    collect_at: str  # where the result is handed over
    ledger_book: str
    ledger_number: str
    received_by: str
    place_and_date: str  # "…, ngày 24 tháng 7 năm 2024"
    tracking_code: str  # what the QR code and the tracking page use


def receipt_data(*, user: Viewer, pk: int | None = None, code: str | None = None) -> ReceiptData:
    """The receipt of a dossier (by id or code), in three queries: the dossier with its
    officer, its agencies, its documents."""
    dossier = dossier_get(
        user=user,
        pk=pk,
        code=code,
        related=("received_by",),
    )
    if dossier.received_at is None or dossier.due_at is None:
        raise ValueError("the dossier has not been received")
    agency = dossier.receiving_agency
    received_day = dossier.received_at.astimezone(VN_TZ).date()
    place = agency.unit.name
    return ReceiptData(
        agency_name=agency.name,
        agency_parent_name=agency.parent.name if agency.parent else "",
        agency_address=agency.address,
        agency_phone=agency.phone,
        code=dossier.code,
        applicant_name=dossier.applicant_name,
        applicant_address=dossier.applicant_address,
        applicant_phone=dossier.applicant_phone,
        applicant_email=dossier.applicant_email,
        procedure_code=dossier.procedure.code,
        procedure_name=dossier.procedure.name,
        documents=tuple(
            ReceiptDocument(d.name, d.originals, d.certified_copies, d.photocopies)
            for d in dossier.documents.all()
        ),
        sets=dossier.sets,
        legal_time=dossier.procedure_version.processing_time_label,
        received_at=formatting.short_datetime(dossier.received_at),
        due_at=formatting.short_datetime(dossier.due_at),
        collect_at=" – ".join(part for part in (agency.name, agency.address) if part),
        ledger_book=_("Sổ theo dõi hồ sơ năm %(year)d") % {"year": received_day.year},
        ledger_number=dossier.code.rsplit("-", 1)[-1],
        received_by=dossier.received_by.get_full_name() if dossier.received_by else "",
        place_and_date=f"{place}, {formatting.long_date(received_day)}",
        tracking_code=dossier.code,
    )
