"""The dossier JSON API under /api/v1/dossiers/ (OpenAPI at /api/v1/docs).

Officers only (`api_auth`: the session, or a bearer token from `POST .../token`).

Every dossier is found through the scoped selectors (another agency's dossier is 404),
every write calls the same actions as the screens with the typed input of the request
(`api_transitions` for the transitions), and a refusal is a 4xx with a Vietnamese
`detail`, having written nothing.
"""

from collections.abc import Iterable
from datetime import date, datetime
from typing import Annotated, Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from ninja import Field, Header, Path, Query, Router, Schema, Status
from ninja.errors import HttpError

from motcua.accounts.models import User
from motcua.accounts.services.access import api_token_issue
from motcua.catalog.selectors import procedure_get
from motcua.core.access_log import AccessChannel, access_record
from motcua.core.schema import InvalidInput, Text
from motcua.dossiers import actions, search, selectors
from motcua.dossiers.actions import (
    Applicant,
    DocumentIn,
    DossierConflict,
    DossierError,
)
from motcua.dossiers.api_auth import ApiToken, OfficerSession, officer_of
from motcua.dossiers.api_transitions import TRANSITIONS, TransitionIn
from motcua.dossiers.errors import IdempotencyMismatch
from motcua.dossiers.models import Channel, Dossier, DossierDocument, DossierStep
from motcua.dossiers.pdf import PdfUnavailable
from motcua.dossiers.printed import PrintedKind, PrintedNotAvailable, printed_filename, printed_pdf
from motcua.dossiers.states import Action, actions_now
from motcua.units.models import Agency

MAX_PAGE_SIZE = 100


router = Router(tags=["dossiers"], auth=[ApiToken(), OfficerSession()])


def _actor(request: HttpRequest) -> User:
    return officer_of(request.auth)  # type: ignore[attr-defined]


# --- schemas ------------------------------------------------------------------------------


class TokenOut(Schema):
    token: str = Field(..., description="Mã truy cập, chỉ hiện một lần: hãy lưu lại ngay")
    expires_at: datetime = Field(..., description="Hết hạn lúc (theo API_TOKEN_HOURS)")


class ApplicantIn(Schema):
    name: Text = Field(..., max_length=200, description="Họ và tên")
    personal_id: Text = Field("", max_length=20, description="Số định danh cá nhân (12 số)")
    birth_date: date | None = None
    phone: Text = Field("", max_length=20)
    email: Text = Field("", max_length=254)
    address: Text = Field("", max_length=400)


class DocumentSchema(Schema):
    requirement_id: int | None = Field(None, description="Thành phần hồ sơ của thủ tục")
    name: Text = Field("", max_length=500, description="Tên giấy tờ (khi không theo danh mục)")
    originals: int = Field(0, ge=0, le=99)
    certified_copies: int = Field(0, ge=0, le=99)
    photocopies: int = Field(0, ge=0, le=99)


class ReceiveIn(Schema):
    procedure: Text = Field(
        ..., max_length=200, description="Mã thủ tục (1.001193) hoặc đường dẫn (slug)"
    )
    applicant: ApplicantIn
    documents: list[DocumentSchema] = Field(..., max_length=100)
    channel: int = Field(Channel.IN_PERSON, description="1 trực tiếp, 2 trực tuyến, 3 bưu chính")
    sets: int = Field(1, ge=1, le=20)
    note: Text = Field("", max_length=2000)
    agency_id: int | None = Field(
        None,
        description="Cơ quan giải quyết: một cơ quan thủ tục cho phép (mặc định: theo danh mục "
        "thủ tục, như ở quầy)",
    )


class ApplicantOut(Schema):
    """As stored: never validated again on the way out (a row written before the input
    rules may hold what they now refuse; it is shown, not a 500)."""

    name: str
    personal_id: str
    birth_date: date | None
    phone: str
    email: str
    address: str


class DocumentOut(Schema):
    requirement_id: int | None
    name: str
    originals: int
    certified_copies: int
    photocopies: int


class NamedRef(Schema):
    id: int
    name: str


class OfficerRef(NamedRef):
    role: str


class TransferOptionsOut(Schema):
    next_step: str | None = Field(description="Bước tiếp theo của quy trình (null: bước cuối)")
    handlers: list[OfficerRef] = Field(description="Cán bộ có thể được chỉ định xử lý bước đó")
    agencies: list[NamedRef] = Field(description="Cơ quan trong tỉnh có thể phối hợp xử lý")
    reassign_handlers: list[OfficerRef] = Field(
        description="reassign: cán bộ quản lý trung tâm có thể giao bước hiện tại"
    )


class StepOut(Schema):
    position: int
    name: str
    agency: str
    role: str
    handler: str
    handler_id: int | None = Field(description="Cán bộ được giao bước (null: chưa giao)")
    started_at: datetime | None
    due_at: datetime | None
    finished_at: datetime | None
    timing: str


class DossierSummary(Schema):
    code: str
    state: str
    state_label: str
    national_status: int
    procedure_code: str
    procedure_name: str
    agency: NamedRef
    applicant_name: str
    channel: int
    received_at: datetime | None
    due_at: datetime | None
    paused: bool
    timing: str
    version: int
    url: str


class DossierOut(DossierSummary):
    receiving_agency: NamedRef
    current_agency: NamedRef
    applicant: ApplicantOut
    sets: int
    original_due_at: datetime | None
    paused_at: datetime | None
    finished_at: datetime | None
    returned_at: datetime | None
    supplement_count: int
    apology_count: int
    documents: list[DocumentOut]
    steps: list[StepOut]
    allowed_actions: list[str]
    receipt_pdf: str


class DossierPage(Schema):
    count: int
    page: int
    pages: int
    items: list[DossierSummary]


class Error(Schema):
    detail: str


# 422: the input does not fit the schema (a field missing, too long, a refused
# character: core.schema.Text), or the Idempotency-Key was sent before with another body.
ERRORS: dict[int, type[Schema]] = {
    **dict.fromkeys((400, 401, 403, 404, 409), Error),
    422: InvalidInput,
}
# Path parameters are text that enters too: a %00 in a code is a 422, never a 500.
CODE_MAX = 100  # a dossier code is 31 characters; room for a paste
NAME_MAX = 40


def _summary(dossier: Dossier) -> dict[str, Any]:
    return {
        "code": dossier.code,
        "state": dossier.state,
        "state_label": str(dossier.get_state_display()),
        "national_status": dossier.national_status,
        "procedure_code": dossier.procedure.code,
        "procedure_name": dossier.procedure.name,
        "agency": {"id": dossier.agency_id, "name": dossier.agency.name},
        "applicant_name": dossier.applicant_name,
        "channel": dossier.channel,
        "received_at": dossier.received_at,
        "due_at": dossier.due_at,
        "paused": dossier.is_paused,
        "timing": dossier.timing,
        "version": dossier.version,
        "url": reverse("dossiers:detail", args=[dossier.code]),
    }


def _full(
    dossier: Dossier,
    user: User,
    *,
    documents: list[DossierDocument] | None = None,
    steps: list[DossierStep] | None = None,
) -> dict[str, Any]:
    """The dossier as the API shows it; `documents` and `steps` when the caller holds
    them already (a receipt just written), else they are read."""
    if documents is None:
        documents = list(dossier.documents.all())
    if steps is None:
        steps = list(dossier.steps.select_related("agency", "handler"))
    current = selectors.current_step(dossier=dossier, steps=steps)
    return {
        **_summary(dossier),
        "receiving_agency": {
            "id": dossier.receiving_agency_id,
            "name": dossier.receiving_agency.name,
        },
        "current_agency": {"id": dossier.current_agency_id, "name": dossier.current_agency.name},
        "applicant": {
            "name": dossier.applicant_name,
            "personal_id": dossier.applicant_personal_id,
            "birth_date": dossier.applicant_birth_date,
            "phone": dossier.applicant_phone,
            "email": dossier.applicant_email,
            "address": dossier.applicant_address,
        },
        "sets": dossier.sets,
        "original_due_at": dossier.original_due_at,
        "paused_at": dossier.paused_at,
        "finished_at": dossier.finished_at,
        "returned_at": dossier.returned_at,
        "supplement_count": dossier.supplement_count,
        "apology_count": dossier.apology_count,
        "documents": documents,
        "steps": [
            {
                "position": step.position,
                "name": step.name,
                "agency": step.agency.name,
                "role": step.role,
                "handler": step.handler.get_full_name() if step.handler else "",
                "handler_id": step.handler_id,
                "started_at": step.started_at,
                "due_at": step.due_at,
                "finished_at": step.finished_at,
                "timing": step.timing,
            }
            for step in steps
        ],
        # As on the dossier page: what the caller can do now at the current step.
        "allowed_actions": [
            action.value
            for action in actions_now(
                dossier.state, user.role, user.agency_id, current, user_id=user.pk
            )
            if action in TRANSITIONS
        ],
        "receipt_pdf": reverse("api:dossier_form_pdf", args=[dossier.code, PrintedKind.RECEIPT]),
    }


def _officers(users: Iterable[User]) -> list[dict[str, Any]]:
    return [{"id": user.pk, "name": user.get_full_name(), "role": user.role} for user in users]


def _get(user: User, code: str) -> Dossier:
    try:
        return selectors.dossier_get(user=user, code=code)
    except Http404 as error:
        raise HttpError(404, _("Không tìm thấy hồ sơ.")) from error


def _refused(error: DossierError) -> HttpError:
    return HttpError(409 if isinstance(error, DossierConflict) else 400, error.message)


# --- routes -------------------------------------------------------------------------------


@router.post(
    "/token",
    response={200: TokenOut, **ERRORS},
    auth=[OfficerSession()],
    summary="Cấp mã truy cập API cho cán bộ đang đăng nhập",
)
def token_issue(request: HttpRequest) -> dict[str, Any]:
    """A new bearer token (`Authorization: Bearer mc_…`), shown only in this answer.

    It lasts API_TOKEN_HOURS (12 by default, a working day) until `expires_at`. The
    officer sees and revokes their tokens on "Tài khoản của tôi"; they are revoked too
    when the account is locked after repeated wrong passwords, deactivated, signed out
    everywhere or given a new password. A void token is answered 401."""
    issued = api_token_issue(user=_actor(request), label=_("Cấp qua API"))
    return {"token": issued.token, "expires_at": issued.api_token.expires_at}


@router.post("/", response={201: DossierOut, **ERRORS}, summary="Tiếp nhận hồ sơ")
def dossier_receive(
    request: HttpRequest,
    payload: ReceiveIn,
    idempotency_key: Text = Header("", alias="Idempotency-Key", max_length=64),
) -> Status:
    """The same `Idempotency-Key` again with the same body (a retry) returns the dossier
    already created; with another body it is refused (422), and nothing is written."""
    actor = _actor(request)
    procedure = procedure_get(key=payload.procedure.strip())
    if procedure is None:
        raise HttpError(400, _("Không có thủ tục “%(key)s”.") % {"key": payload.procedure})
    agency = None
    if payload.agency_id is not None:
        agency = Agency.objects.filter(pk=payload.agency_id).first()
        if agency is None:
            raise HttpError(400, _("Không có cơ quan giải quyết này."))
    try:
        receipt = actions.dossier_receive(
            actor=actor,
            procedure=procedure,
            applicant=Applicant(**payload.applicant.model_dump()),
            documents=[DocumentIn(**item.model_dump()) for item in payload.documents],
            channel=payload.channel,
            agency=agency,
            sets=payload.sets,
            note=payload.note,
            idempotency_key=idempotency_key.strip(),
        )
    except IdempotencyMismatch as error:
        errors = [{"field": "Idempotency-Key", "message": error.message}]
        return Status(422, {"detail": error.message, "errors": errors})
    except DossierError as error:
        raise _refused(error) from error
    return Status(
        201,
        _full(receipt.dossier, actor, documents=receipt.documents, steps=receipt.steps),
    )


@router.get("/", response={200: DossierPage, **ERRORS}, summary="Tìm hồ sơ")
def dossier_search(
    request: HttpRequest,
    state: list[Annotated[Text, Field(max_length=40)]] = Query([], max_length=20),
    procedure: Text = Query("", max_length=200),
    code: Text = Query("", max_length=100),
    applicant: Text = Query(
        "",
        max_length=200,
        description=(
            "Người nộp: một phần họ tên (có hoặc không dấu), cả số điện thoại "
            "(+84 hay 0, có dấu cách, dấu chấm) hoặc cả số định danh cá nhân."
        ),
    ),
    received_from: date | None = None,
    received_to: date | None = None,
    page: int = Query(1, ge=1),
    page_size: int = Query(25, ge=1, le=MAX_PAGE_SIZE),
) -> dict[str, Any]:
    """Dossiers the caller may see, newest first."""
    actor = _actor(request)
    procedure_id = None
    if procedure:
        found = procedure_get(key=procedure)
        if found is None:
            raise HttpError(400, _("Không có thủ tục “%(key)s”.") % {"key": procedure})
        procedure_id = found.pk
    dossiers = selectors.dossier_list(
        user=actor,
        states=state,
        procedure_id=procedure_id,
        received_from=received_from,
        received_to=received_to,
        code=code,
        applicant=applicant,
    )
    count = dossiers.count()
    start = (page - 1) * page_size
    items = [_summary(d) for d in dossiers[start : start + page_size]]
    if search.terms(applicant).personal_id:
        # Whom an ID number names is personal data: the search is an access event.
        access_record(
            actor=actor,
            channel=AccessChannel.SEARCH,
            agency=actor.agency,
            payload={"count": count, "codes": [item["code"] for item in items]},
        )
    return {"count": count, "page": page, "pages": max(1, -(-count // page_size)), "items": items}


@router.get("/{code}", response={200: DossierOut, **ERRORS}, summary="Xem một hồ sơ")
def dossier_detail(
    request: HttpRequest, code: Text = Path(..., max_length=CODE_MAX)
) -> dict[str, Any]:
    actor = _actor(request)
    dossier = _get(actor, code)
    access_record(actor=actor, channel=AccessChannel.API, agency=actor.agency, target=dossier)
    return _full(dossier, actor)


@router.get(
    "/{code}/transfer-options",
    response={200: TransferOptionsOut, **ERRORS},
    summary="Lựa chọn khi chuyển bước: cán bộ bước tiếp theo, cơ quan phối hợp; giao lại",
)
def dossier_transfer_options(
    request: HttpRequest, code: Text = Path(..., max_length=CODE_MAX)
) -> dict[str, Any]:
    """The ids to send as `handler` or `to_agency` with the transfer transition, or as
    `handler` with the reassign transition."""
    actor = _actor(request)
    dossier = _get(actor, code)
    choices = selectors.transfer_choices(dossier=dossier)
    current = selectors.current_step_of(dossier)
    if choices is None or current is None:
        raise HttpError(400, _("Hồ sơ không có bước xử lý đang thực hiện."))
    return {
        "reassign_handlers": _officers(selectors.reassign_handlers(step=current)),
        "next_step": choices.next_step.name if choices.next_step else None,
        "handlers": _officers(choices.handlers),
        "agencies": [{"id": agency.pk, "name": agency.name} for agency in choices.agencies],
    }


@router.post(
    "/{code}/transitions/{name}",
    response={200: DossierOut, **ERRORS},
    summary="Thực hiện một bước chuyển trạng thái",
)
def dossier_transition(
    request: HttpRequest,
    payload: TransitionIn,
    code: Text = Path(..., max_length=CODE_MAX),
    name: Text = Path(..., max_length=NAME_MAX),
) -> dict[str, Any]:
    """`name` is one of the dossier's `allowed_actions`: transfer, approve,
    supplement_request, apologise, ... Send the `version` read with the dossier."""
    actor = _actor(request)
    dossier = _get(actor, code)
    try:
        transition = TRANSITIONS[Action(name)]
    except (ValueError, KeyError):
        raise HttpError(404, _("Không có thao tác “%(name)s”.") % {"name": name}) from None
    try:
        transition(actor, dossier, payload)
    except DossierError as error:
        raise _refused(error) from error
    return _full(selectors.dossier_get(user=actor, pk=dossier.pk), actor)


@router.get(
    "/{code}/forms/{form}",
    response={200: bytes, **ERRORS},
    url_name="dossier_form_pdf",
    summary="Tải phiếu (PDF): receipt, supplement, refusal, apology, control, stop",
)
def dossier_form_pdf(
    request: HttpRequest,
    code: Text = Path(..., max_length=CODE_MAX),
    form: Text = Path(..., max_length=NAME_MAX),
    n: int | None = Query(None, ge=1),
) -> HttpResponse:
    actor = _actor(request)
    dossier = _get(actor, code)
    try:
        kind = PrintedKind(form.removesuffix(".pdf"))
        data = printed_pdf(user=actor, dossier=dossier, kind=kind, n=n)
    except (ValueError, PrintedNotAvailable) as error:
        raise HttpError(404, _("Hồ sơ không có phiếu này.")) from error
    except PdfUnavailable as error:
        raise HttpError(503, str(error)) from error
    response = HttpResponse(data, content_type="application/pdf")
    filename = printed_filename(dossier=dossier, kind=kind)
    response["Content-Disposition"] = content_disposition_header(False, filename) or ""
    return response
