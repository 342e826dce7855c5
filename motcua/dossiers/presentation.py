"""The words and colours of the dossier lifecycle, for every app that shows it: the
officers' pages and forms here, the citizen's portal, the feedback queue. Kept apart from
views and forms so that showing a dossier never means importing another app's screens."""

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.actions.receipt import APPLICANT_DETAILS_READ
from motcua.dossiers.clock import Colour
from motcua.dossiers.states import Action

# Colour of a clock (a queue row, a feedback waiting for its answer): Bootstrap tone and
# the words (never colour alone).
COLOURS = {
    Colour.ON_TIME: ("success", _("Còn hạn")),
    Colour.DUE_SOON: ("warning", _("Đến hạn trong 1 ngày làm việc")),
    Colour.LATE: ("danger", _("Quá hạn")),
    Colour.PAUSED: ("secondary", _("Tạm dừng, chờ công dân")),
}

# What the officers' screens call each action: its form's button and title, and its
# event on the timeline.
ACTION_LABELS: dict[Action, Any] = {
    Action.RECEIVE: _("Tiếp nhận hồ sơ"),
    Action.REFUSE_AT_RECEPTION: _("Từ chối tiếp nhận"),
    Action.TRANSFER: _("Chuyển bước tiếp theo"),
    Action.APPROVE: _("Phê duyệt"),
    Action.MARK_PROCESSED: _("Đã có kết quả, chờ trả"),
    Action.RETURN_RESULT: _("Trả kết quả cho công dân"),
    Action.SUPPLEMENT_RECEIVE: _("Đã nhận đủ hồ sơ bổ sung"),
    Action.FINANCIAL_OBLIGATION_FULFIL: _("Công dân đã thực hiện nghĩa vụ tài chính"),
    Action.RETURN_EARLY: _("Báo trả kết quả sớm"),
    Action.SUPPLEMENT_REQUEST: _("Yêu cầu bổ sung hồ sơ"),
    Action.FINANCIAL_OBLIGATION_REQUEST: _("Yêu cầu thực hiện nghĩa vụ tài chính"),
    Action.APOLOGISE: _("Xin lỗi và hẹn lại ngày trả"),
    Action.REFUSE_AFTER_APPRAISAL: _("Từ chối giải quyết"),
    Action.WITHDRAW: _("Công dân rút hồ sơ"),
    Action.STOP: _("Dừng xử lý hồ sơ"),
    Action.SUBMIT_ONLINE: _("Công dân nộp hồ sơ trực tuyến"),
    Action.SUPPLEMENT_SUBMIT_ONLINE: _("Công dân đã bổ sung trực tuyến"),
    Action.STOP_REQUEST: _("Công dân đề nghị dừng xử lý"),
    Action.TAKE_OVER: _("Nhận xử lý"),
    Action.REASSIGN: _("Giao lại người xử lý"),
}

# The timeline names each recorded event (audit action without its "dossier." prefix)
# by what the officer did.
EVENT_LABELS: dict[str, Any] = {
    APPLICANT_DETAILS_READ: _("Thông tin người nộp được dùng lại khi tiếp nhận hồ sơ khác"),
    **{action.value: label for action, label in ACTION_LABELS.items()},
    "result_attach": _("Đính kèm kết quả điện tử"),
    "result_revoke": _("Thu hồi kết quả điện tử"),
}


def handler_change(action: str, payload: dict[str, Any]) -> str:
    """What a take-over or a reassignment changed, for the timeline: "Bước “Thẩm định hồ
    sơ”: Đỗ Thị Hoa → Đinh Văn Khoa"; "" for the other events."""
    if action not in {Action.TAKE_OVER, Action.REASSIGN} or not payload.get("to_name"):
        return ""
    words = {"step": payload.get("step", ""), "to": payload["to_name"]}
    if payload.get("from_name"):
        return gettext("Bước “%(step)s”: %(from)s → %(to)s") % {
            **words,
            "from": payload["from_name"],
        }
    return gettext("Bước “%(step)s”: giao cho %(to)s") % words
