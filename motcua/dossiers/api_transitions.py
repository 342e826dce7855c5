"""The transitions of the dossier API (`POST /api/v1/dossiers/{code}/transitions/{name}`):
each calls its action with the payload's typed fields, as the dossier page's forms call
the same actions with theirs."""

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import HttpError

from motcua.accounts.models import User
from motcua.core.schema import Text
from motcua.dossiers import actions, selectors
from motcua.dossiers.actions import SupplementItemIn
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import Action
from motcua.units.models import Agency

TEXT_MAX = 2000  # as the dossier page's boxes


class SupplementItemSchema(Schema):
    requirement_id: int | None = None
    name: Text = Field("", max_length=500)
    reason: Text = Field(..., max_length=500)


class TransitionIn(Schema):
    """Fields of every transition; each uses the ones it needs (see the dossier page)."""

    version: int = Field(..., ge=1, description="Phiên bản hồ sơ đã đọc (chống ghi đè)")
    note: Text | None = Field(None, max_length=TEXT_MAX)
    reason: Text | None = Field(None, max_length=TEXT_MAX)
    reasons: list[Annotated[Text, Field(max_length=TEXT_MAX)]] | None = Field(None, max_length=50)
    items: list[SupplementItemSchema] | None = Field(None, max_length=100)
    description: Text | None = Field(None, max_length=TEXT_MAX)
    amount: int | None = Field(None, ge=0)
    new_due_at: datetime | None = None
    available_from: datetime | None = None
    message: Text | None = Field(None, max_length=TEXT_MAX)
    at_citizen_request: bool | None = None
    handler: int | None = Field(
        None,
        description="transfer: cán bộ xử lý bước tiếp theo; reassign: cán bộ được giao bước "
        "hiện tại (id, xem transfer-options)",
    )
    to_agency: int | None = Field(None, description="transfer: cơ quan phối hợp xử lý (id)")


def _required(value: Any, field: str) -> Any:
    if value is None:
        raise HttpError(400, _("%(field)s: cần có giá trị.") % {"field": field})
    return value


def _transfer(actor: User, dossier: Dossier, body: TransitionIn) -> object:
    choices = selectors.transfer_choices(dossier=dossier)
    handler = to_agency = None
    if body.handler is not None:
        offered = choices.handlers if choices and choices.next_step else User.objects.none()
        handler = offered.filter(pk=body.handler).first()
        if handler is None:
            raise HttpError(
                400, _("Người xử lý bước tiếp theo: không phải cán bộ có thể nhận bước này.")
            )
    if body.to_agency is not None:
        agencies = choices.agencies if choices else Agency.objects.none()
        to_agency = agencies.filter(pk=body.to_agency).first()
        if to_agency is None:
            raise HttpError(400, _("Cơ quan phối hợp xử lý: không thể chuyển tới cơ quan này."))
    return actions.dossier_transfer(
        actor=actor,
        dossier=dossier,
        expected_version=body.version,
        handler=handler,
        to_agency=to_agency,
        note=body.note or "",
    )


def _take_over(actor: User, dossier: Dossier, body: TransitionIn) -> object:
    return actions.dossier_take_over(
        actor=actor, dossier=dossier, expected_version=body.version, reason=body.reason or ""
    )


def _reassign(actor: User, dossier: Dossier, body: TransitionIn) -> object:
    step = selectors.current_step_of(dossier)
    offered = selectors.reassign_handlers(step=step) if step else User.objects.none()
    handler = offered.filter(pk=_required(body.handler, "handler")).first()
    if handler is None:
        raise HttpError(400, _("Người được giao: không phải cán bộ có thể nhận bước này."))
    return actions.dossier_reassign(
        actor=actor,
        dossier=dossier,
        expected_version=body.version,
        handler=handler,
        reason=body.reason or "",
    )


def _approve(actor: User, dossier: Dossier, body: TransitionIn) -> object:
    return actions.dossier_approve(
        actor=actor, dossier=dossier, expected_version=body.version, note=body.note or ""
    )


def _mark_processed(actor: User, dossier: Dossier, body: TransitionIn) -> object:
    return actions.dossier_mark_processed(
        actor=actor, dossier=dossier, expected_version=body.version
    )


def _return_result(actor: User, dossier: Dossier, body: TransitionIn) -> object:
    return actions.dossier_return_result(
        actor=actor, dossier=dossier, expected_version=body.version, note=body.note or ""
    )


def _supplement_receive(actor: User, dossier: Dossier, body: TransitionIn) -> object:
    return actions.dossier_supplement_receive(
        actor=actor, dossier=dossier, expected_version=body.version
    )


def _obligation_fulfil(actor: User, dossier: Dossier, body: TransitionIn) -> object:
    return actions.dossier_financial_obligation_fulfil(
        actor=actor, dossier=dossier, expected_version=body.version
    )


def _return_early(actor: User, dossier: Dossier, body: TransitionIn) -> object:
    return actions.dossier_return_early(
        actor=actor,
        dossier=dossier,
        expected_version=body.version,
        available_from=body.available_from,
        message=body.message or "",
    )


def _supplement_request(actor: User, dossier: Dossier, body: TransitionIn) -> object:
    items = [
        SupplementItemIn(requirement_id=item.requirement_id, name=item.name, reason=item.reason)
        for item in body.items or []
    ]
    return actions.dossier_supplement_request(
        actor=actor,
        dossier=dossier,
        expected_version=body.version,
        items=items,
        note=body.note or "",
    )


def _obligation_request(actor: User, dossier: Dossier, body: TransitionIn) -> object:
    return actions.dossier_financial_obligation_request(
        actor=actor,
        dossier=dossier,
        expected_version=body.version,
        description=body.description or "",
        amount=body.amount,
    )


def _apologise(actor: User, dossier: Dossier, body: TransitionIn) -> object:
    return actions.dossier_apologise(
        actor=actor,
        dossier=dossier,
        expected_version=body.version,
        reason=body.reason or "",
        new_due_at=_required(body.new_due_at, "new_due_at"),
    )


def _refuse(actor: User, dossier: Dossier, body: TransitionIn) -> object:
    return actions.dossier_refuse_after_appraisal(
        actor=actor, dossier=dossier, expected_version=body.version, reasons=body.reasons or []
    )


def _withdraw(actor: User, dossier: Dossier, body: TransitionIn) -> object:
    return actions.dossier_withdraw(
        actor=actor, dossier=dossier, expected_version=body.version, reason=body.reason or ""
    )


def _stop(actor: User, dossier: Dossier, body: TransitionIn) -> object:
    return actions.dossier_stop(
        actor=actor,
        dossier=dossier,
        expected_version=body.version,
        reason=body.reason or "",
        at_citizen_request=bool(body.at_citizen_request),
    )


# The transitions an officer's program may ask for: those of the dossier page.
TRANSITIONS: dict[Action, Callable[[User, Dossier, TransitionIn], object]] = {
    Action.TAKE_OVER: _take_over,
    Action.REASSIGN: _reassign,
    Action.TRANSFER: _transfer,
    Action.APPROVE: _approve,
    Action.MARK_PROCESSED: _mark_processed,
    Action.RETURN_RESULT: _return_result,
    Action.SUPPLEMENT_RECEIVE: _supplement_receive,
    Action.FINANCIAL_OBLIGATION_FULFIL: _obligation_fulfil,
    Action.RETURN_EARLY: _return_early,
    Action.SUPPLEMENT_REQUEST: _supplement_request,
    Action.FINANCIAL_OBLIGATION_REQUEST: _obligation_request,
    Action.APOLOGISE: _apologise,
    Action.REFUSE_AFTER_APPRAISAL: _refuse,
    Action.WITHDRAW: _withdraw,
    Action.STOP: _stop,
}
