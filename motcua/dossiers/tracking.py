"""Public tracking of a dossier (tra cứu tình trạng hồ sơ), for anyone holding the code.

The applicant proves they hold the receipt with the last four digits of their phone, or
by scanning the receipt's QR code (a signed link, no phone needed). The answer shows the
state, the public timeline and the appointment; the name masked, never the ID number,
the documents or the officers' reasons. A wrong code and a wrong phone get the same
answer, so the page cannot be used to find out which codes exist, and each IP address
gets a few tries a minute.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.signing import BadSignature, Signer
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Path, Query, Router, Schema, Status

from motcua.core.http import client_ip
from motcua.core.ratelimit import rate_allowed
from motcua.core.schema import InvalidInput, Text
from motcua.dossiers.masking import mask_name, phone_matches
from motcua.dossiers.models import STATE_LABELS, Dossier
from motcua.dossiers.states import State, national_status

SALT = "motcua.dossiers.tracking"
NOT_FOUND = gettext_lazy(
    "Không tìm thấy hồ sơ với mã và số điện thoại này. Vui lòng kiểm tra mã hồ sơ trên "
    "giấy tiếp nhận và 4 số cuối điện thoại đã khai khi nộp."
)
TOO_MANY = gettext_lazy("Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau một phút.")


# --- the QR link ------------------------------------------------------------------------


def tracking_token(code: str) -> str:
    return Signer(salt=SALT).sign(code)


def code_from_token(token: str) -> str | None:
    try:
        return Signer(salt=SALT).unsign(token)
    except BadSignature:
        return None


def tracking_url(code: str) -> str:
    """The absolute link printed as a QR code on every form of the dossier."""
    path = reverse("tracking:qr", kwargs={"token": tracking_token(code)})
    return settings.SITE_URL.rstrip("/") + path


# --- rate limit -------------------------------------------------------------------------


def tracking_allowed(*, ip: str) -> bool:
    """Count one try of `ip`; False beyond TRACKING_RATE_LIMIT tries in this minute."""
    return rate_allowed(
        scope="tracking", who=ip, limit=settings.TRACKING_RATE_LIMIT, per_seconds=60
    )


# --- the answer -------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    label: str


@dataclass(frozen=True)
class PublicDossier:
    code: str
    state: str
    state_label: str
    national_status: int
    procedure_name: str
    agency_name: str
    applicant: str  # masked
    received_at: datetime | None
    due_at: datetime | None  # the appointment, the new one after an apology
    returned_at: datetime | None
    timeline: tuple[TimelineEntry, ...]


def _timeline(dossier: Dossier) -> list[TimelineEntry]:
    entries: list[tuple[datetime | None, str]] = [
        (
            dossier.received_at,
            _("Tiếp nhận hồ sơ tại %(agency)s") % {"agency": dossier.receiving_agency.name},
        ),
    ]
    for step in dossier.steps.all():
        entries.append((step.started_at, _("Bắt đầu: %(step)s") % {"step": step.name}))
    # The counters say whether there were any: no query for the many without.
    for supplement in dossier.supplements.all() if dossier.supplement_count else ():
        entries.append((supplement.requested_at, _("Yêu cầu bổ sung, hoàn thiện hồ sơ")))
        entries.append((supplement.received_at, _("Đã nhận đủ hồ sơ bổ sung")))
    for obligation in dossier.obligations.all():
        entries.append((obligation.requested_at, _("Yêu cầu thực hiện nghĩa vụ tài chính")))
        entries.append((obligation.fulfilled_at, _("Đã hoàn thành nghĩa vụ tài chính")))
    for apology in dossier.apologies.all() if dossier.apology_count else ():
        entries.append((apology.issued_at, _("Xin lỗi và hẹn lại ngày trả kết quả")))
    for refusal in dossier.refusals.all():
        entries.append((refusal.refused_at, str(refusal.get_stage_display())))
    if hasattr(dossier, "stop_notice"):
        entries.append((dossier.stop_notice.issued_at, _("Thông báo dừng xử lý hồ sơ")))
    if dossier.state != State.REFUSED:
        entries.append((dossier.finished_at, _("Đã có kết quả giải quyết")))
    entries.append((dossier.returned_at, _("Đã trả kết quả")))
    timeline = [TimelineEntry(at, label) for at, label in entries if at is not None]
    return sorted(timeline, key=lambda entry: entry.at)


def _public(dossier: Dossier) -> PublicDossier:
    return PublicDossier(
        code=dossier.code,
        state=dossier.state,
        state_label=str(STATE_LABELS[State(dossier.state)]),
        national_status=national_status(dossier.state),
        procedure_name=dossier.procedure.name,
        agency_name=dossier.agency.name,
        applicant=mask_name(dossier.applicant_name),
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        returned_at=dossier.returned_at,
        timeline=tuple(_timeline(dossier)),
    )


# Only the columns the public answer shows: a whole dossier with its agencies is some
# 150 columns for the ORM to build and read, most of the time of a tracking request.
PUBLIC_COLUMNS = (
    *("code", "state", "applicant_name", "applicant_phone", "supplement_count"),
    *("apology_count", "received_at", "due_at", "finished_at", "returned_at"),
    *("procedure__name", "agency__name", "receiving_agency__name", "stop_notice__issued_at"),
)


def _dossier(code: str) -> Dossier | None:
    return (
        Dossier.objects.select_related("procedure", "agency", "receiving_agency", "stop_notice")
        .only(*PUBLIC_COLUMNS)
        .filter(code=code.strip().upper())
        .first()
    )


def _timeline_rows(name: str, *columns: str) -> Prefetch[Any]:
    related = getattr(Dossier, name).rel.related_model
    return Prefetch(name, queryset=related.objects.only("dossier_id", *columns))


def _with_timeline(dossier: Dossier) -> Dossier:
    """The records of the timeline, read once the caller may see them; supplements and
    apologies only when the dossier's counters say there are some."""
    related = [
        _timeline_rows("steps", "name", "started_at"),
        _timeline_rows("obligations", "requested_at", "fulfilled_at"),
        _timeline_rows("refusals", "stage", "refused_at"),
    ]
    if dossier.supplement_count:
        related.append(_timeline_rows("supplements", "requested_at", "received_at"))
    if dossier.apology_count:
        related.append(_timeline_rows("apologies", "issued_at"))
    prefetch_related_objects([dossier], *related)
    return dossier


def dossier_track(*, code: str, phone4: str) -> PublicDossier | None:
    """The public view of a dossier, or None when the code or the phone digits are wrong
    (the caller cannot tell which)."""
    dossier = _dossier(code)
    if dossier is None or not phone_matches(dossier.applicant_phone, phone4):
        return None
    return _public(_with_timeline(dossier))


def dossier_track_by_token(*, token: str) -> PublicDossier | None:
    """The public view from the receipt's QR link; None when the link was altered."""
    code = code_from_token(token)
    dossier = _dossier(code) if code is not None else None
    return _public(_with_timeline(dossier)) if dossier is not None else None


# --- JSON: GET /api/v1/tracking/{code}?phone4=1234 --------------------------------------

router = Router(tags=["tracking"])


class TimelineOut(Schema):
    at: datetime
    label: str


class TrackingOut(Schema):
    code: str
    state: str
    state_label: str
    national_status: int
    procedure_name: str
    agency_name: str
    applicant: str
    received_at: datetime | None
    due_at: datetime | None
    returned_at: datetime | None
    timeline: list[TimelineOut]


class Message(Schema):
    detail: str


@router.get(
    "/{code}",
    response={200: TrackingOut, 404: Message, 422: InvalidInput, 429: Message},
    summary="Tra cứu tình trạng hồ sơ (công khai)",
    auth=None,
)
def track(
    request: HttpRequest,
    code: Text = Path(..., max_length=100),
    phone4: Text = Query(..., max_length=20),
) -> Status[object]:
    if not tracking_allowed(ip=client_ip(request)):
        return Status(429, {"detail": str(TOO_MANY)})
    found = dossier_track(code=code, phone4=phone4)
    if found is None:
        return Status(404, {"detail": str(NOT_FOUND)})
    return Status(200, found)
