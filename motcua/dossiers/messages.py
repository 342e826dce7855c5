"""What a citizen is told when their dossier changes: short Vietnamese texts with the
dossier code, the appointment in Vietnamese form and the tracking link, one per action a
citizen cares about. Internal moves (transfer between desks, the leader's approval before
the result is ready) say nothing; an action this module does not know is announced by
the state it leads to, or not at all when the state does not change.

`dossier_notify` is called by each act on a dossier inside its transaction, so the outbox
rows commit or roll back with the change they announce.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from motcua.core import formatting
from motcua.dossiers.models import STATE_LABELS, Dossier
from motcua.dossiers.states import Action, State
from motcua.dossiers.tracking import tracking_url
from motcua.notifications.services import citizen_language, notification_enqueue


@dataclass(frozen=True)
class Message:
    subject: str
    body: str


# A headline and the detail lines under it.
Text = tuple[str, list[str]]


def _code(dossier: Dossier) -> dict[str, str]:
    return {"code": dossier.code}


def _when(moment: datetime | None) -> str:
    return formatting.short_datetime(moment) if moment else _("chưa xác định")


def _due(dossier: Dossier) -> str:
    return _("Hẹn trả kết quả: %(due)s.") % {"due": _when(dossier.due_at)}


def _reasons(reasons: list[str]) -> list[str]:
    return [_("Lý do: %(reasons)s.") % {"reasons": "; ".join(r.rstrip(".") for r in reasons)}]


def _latest_refusal_reasons(dossier: Dossier) -> list[str]:
    refusal = dossier.refusals.order_by("-refused_at", "-id").first()
    return _reasons(list(refusal.reasons)) if refusal and refusal.reasons else []


def _submitted(dossier: Dossier) -> Text:
    return (
        _("Hồ sơ %(code)s đã được nộp trực tuyến, đang chờ cán bộ kiểm tra, tiếp nhận.")
        % _code(dossier),
        [_("Thủ tục: %(procedure)s.") % {"procedure": dossier.procedure.name}],
    )


def _received(dossier: Dossier) -> Text:
    procedure = _("Thủ tục: %(procedure)s.") % {"procedure": dossier.procedure.name}
    return _("Hồ sơ %(code)s đã được tiếp nhận.") % _code(dossier), [procedure, _due(dossier)]


def _not_received(dossier: Dossier) -> Text:
    return _("Hồ sơ %(code)s không được tiếp nhận.") % _code(dossier), _latest_refusal_reasons(
        dossier
    )


def _supplement_requested(dossier: Dossier) -> Text:
    request = dossier.supplements.order_by("-number").prefetch_related("items").first()
    lines = [f"- {item.name}: {item.reason}" for item in request.items.all()] if request else []
    if request and request.note:
        lines.append(request.note)
    lines.append(
        _("Xin ông/bà bổ sung một lần đầy đủ; thời gian chờ bổ sung không tính vào thời hạn.")
    )
    return _("Hồ sơ %(code)s cần bổ sung, hoàn thiện các giấy tờ sau:") % _code(dossier), lines


def _supplement_sent(dossier: Dossier) -> Text:
    return _("Đã nhận giấy tờ bổ sung trực tuyến của hồ sơ %(code)s; cán bộ sẽ kiểm tra.") % _code(
        dossier
    ), []


def _supplement_received(dossier: Dossier) -> Text:
    return _("Hồ sơ %(code)s đã được bổ sung đầy đủ, tiếp tục giải quyết.") % _code(dossier), [
        _due(dossier)
    ]


def _obligation_requested(dossier: Dossier) -> Text:
    obligation = dossier.obligations.order_by("-requested_at", "-id").first()
    lines = []
    if obligation:
        lines.append(_("Nội dung: %(what)s.") % {"what": obligation.description.rstrip(".")})
        if obligation.amount:
            lines.append(
                _("Số tiền: %(amount)s đồng.") % {"amount": formatting.number(obligation.amount)}
            )
    return _("Hồ sơ %(code)s: đề nghị ông/bà thực hiện nghĩa vụ tài chính.") % _code(dossier), lines


def _obligation_fulfilled(dossier: Dossier) -> Text:
    return (
        _("Đã ghi nhận ông/bà hoàn thành nghĩa vụ tài chính của hồ sơ %(code)s.") % _code(dossier),
        [_due(dossier)],
    )


def _apologised(dossier: Dossier) -> Text:
    apology = dossier.apologies.order_by("-issued_at", "-id").first()
    lines = _reasons([apology.reason]) if apology else []
    lines.append(_("Hẹn trả kết quả mới: %(due)s.") % {"due": _when(dossier.due_at)})
    return _("Hồ sơ %(code)s chậm so với hẹn; cơ quan giải quyết xin lỗi ông/bà.") % _code(
        dossier
    ), lines


def _early(dossier: Dossier) -> Text:
    notice = dossier.early_return_notices.order_by("-notified_at", "-id").first()
    available = notice.available_from if notice else None
    return (
        _("Hồ sơ %(code)s đã có kết quả sớm hơn hẹn.") % _code(dossier),
        [_("Ông/bà có thể nhận kết quả từ %(moment)s.") % {"moment": _when(available)}]
        + ([notice.message] if notice and notice.message else []),
    )


def _processed(dossier: Dossier) -> Text:
    return _("Hồ sơ %(code)s đã có kết quả, mời ông/bà nhận kết quả.") % _code(dossier), [
        _due(dossier)
    ]


def _refused(dossier: Dossier) -> Text:
    return (
        _("Hồ sơ %(code)s đã có kết quả: không giải quyết.") % _code(dossier),
        [*_latest_refusal_reasons(dossier), _("Mời ông/bà nhận văn bản trả lời.")],
    )


def _returned(dossier: Dossier) -> Text:
    return (
        _("Hồ sơ %(code)s đã được trả kết quả.") % _code(dossier),
        [_("Cảm ơn ông/bà; mời ông/bà đánh giá mức độ hài lòng với dịch vụ.")],
    )


def _stopped(dossier: Dossier) -> Text:
    notice = getattr(dossier, "stop_notice", None)
    return _("Hồ sơ %(code)s đã dừng xử lý.") % _code(dossier), _reasons(
        [notice.reason]
    ) if notice else []


def _stop_requested(dossier: Dossier) -> Text:
    return _("Đã nhận đề nghị dừng xử lý hồ sơ %(code)s; cơ quan giải quyết sẽ xem xét.") % _code(
        dossier
    ), []


def _withdrawn(dossier: Dossier) -> Text:
    return _("Hồ sơ %(code)s đã được rút theo đề nghị của ông/bà.") % _code(dossier), []


# By action value (the online actions are named by value: they are the portal's).
TEXTS: dict[str, Callable[[Dossier], Text]] = {
    "submit_online": _submitted,
    Action.RECEIVE: _received,
    Action.REFUSE_AT_RECEPTION: _not_received,
    Action.SUPPLEMENT_REQUEST: _supplement_requested,
    "supplement_submit_online": _supplement_sent,
    Action.SUPPLEMENT_RECEIVE: _supplement_received,
    Action.FINANCIAL_OBLIGATION_REQUEST: _obligation_requested,
    Action.FINANCIAL_OBLIGATION_FULFIL: _obligation_fulfilled,
    Action.APOLOGISE: _apologised,
    Action.RETURN_EARLY: _early,
    Action.MARK_PROCESSED: _processed,
    Action.REFUSE_AFTER_APPRAISAL: _refused,
    Action.RETURN_RESULT: _returned,
    Action.STOP: _stopped,
    "stop_request": _stop_requested,
    Action.WITHDRAW: _withdrawn,
}
SILENT = frozenset({Action.TRANSFER, Action.APPROVE})
# An unknown action that leads to one of these states reads as the usual way there.
BY_STATE: dict[str, Callable[[Dossier], Text]] = {
    State.REGISTERED: _submitted,
    State.RECEIVED: _received,
    State.NOT_RECEIVED: _not_received,
}


def _state_changed(dossier: Dossier) -> Text:
    return (
        _("Hồ sơ %(code)s chuyển sang trạng thái: %(state)s.")
        % {"code": dossier.code, "state": STATE_LABELS[State(dossier.state)]},
        [],
    )


def _message(*, dossier: Dossier, action: str, from_state: str, to_state: str) -> Message | None:
    """The message announcing `action` on `dossier`, or None when there is nothing a
    citizen needs to know."""
    if action in SILENT:
        return None
    compose = TEXTS.get(action)
    if compose is None:
        if to_state == from_state:
            return None
        compose = BY_STATE.get(to_state, _state_changed)
    headline, lines = compose(dossier)
    link = _("Tra cứu: %(url)s") % {"url": tracking_url(dossier.code)}
    return Message(subject=headline, body="\n".join([headline, *lines, link]))


def dossier_notify(*, dossier: Dossier, action: str, from_state: str, to_state: str) -> None:
    """Tell the citizen about `action` on `dossier`, if they need to know: the owner
    citizen (in-app, their phone and e-mail, else those on the dossier), or else the
    applicant's phone and e-mail on the dossier. Writes the outbox rows in the caller's
    transaction."""
    with citizen_language():
        message = _message(dossier=dossier, action=action, from_state=from_state, to_state=to_state)
    if message is None:
        return
    owner = dossier.owner if dossier.owner_id else None
    notification_enqueue(
        kind=f"dossier.{action}",
        subject=message.subject,
        body=message.body,
        user=owner,
        phone=(owner.phone if owner else "") or dossier.applicant_phone,
        email=(owner.email if owner else "") or dossier.applicant_email,
        dossier=dossier,
    )
