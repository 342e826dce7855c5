"""The work queue's search and filters, as typed in the address bar: whatever comes in,
the valid parts filter the list and the rest is named in a message, never a 500."""

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.accounts.scoping import Viewer, visible_agency_ids
from motcua.accounts.selectors import officer_list
from motcua.catalog.selectors import procedure_search
from motcua.core import formatting
from motcua.core.text import stored_text
from motcua.dossiers.forms import StyledForm
from motcua.dossiers.models import STATE_CHOICES
from motcua.dossiers.queries import TO_RETURN, QueueFilters
from motcua.dossiers.states import OPEN, State

MAX_QUERY = 100
# Beyond these a date is a typing slip, and a moment far enough out overflows.
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)
# Typed as people write them; the ISO form is what links and the API use.
DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]


def _date_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        # A text box rather than the browser's date picker, which shows the browser's
        # format (mm/dd/yyyy on an English one), never surely dd/mm/yyyy.
        widget=forms.DateInput(
            attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"},
            format="%d/%m/%Y",
        ),
        error_messages={
            "invalid": _("Ngày không hợp lệ: hãy nhập ngày/tháng/năm, ví dụ 25/12/2025.")
        },
    )


class HandlerChoiceField(forms.ModelChoiceField):
    # A manager sees the officers of several agencies: each named with theirs.
    with_agency = False

    def label_from_instance(self, obj: User) -> str:
        name = obj.get_full_name() or obj.username
        return f"{name} · {obj.agency.name}" if self.with_agency and obj.agency else name


class QueueForm(StyledForm):
    q = forms.CharField(
        label=_("Tìm kiếm"),
        required=False,
        max_length=MAX_QUERY,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "autocomplete": "off",
                "placeholder": _("Mã hồ sơ, họ tên, điện thoại hoặc số định danh"),
            }
        ),
        error_messages={"max_length": _("Nội dung tìm kiếm dài quá %(limit_value)d ký tự.")},
    )
    state = forms.ChoiceField(label=_("Trạng thái"), required=False)
    procedure = forms.ChoiceField(label=_("Thủ tục"), required=False)
    handler = HandlerChoiceField(
        label=_("Người xử lý"),
        required=False,
        queryset=User.objects.none(),
        empty_label=_("Tất cả"),
        error_messages={"invalid_choice": _("Không có người xử lý này trong cơ quan.")},
    )
    received_from = _date_field(_("Tiếp nhận từ ngày"))
    received_to = _date_field(_("đến ngày"))
    due_from = _date_field(_("Hẹn trả từ ngày"))
    due_to = _date_field(_("đến ngày"))

    RANGES = (("received_from", "received_to"), ("due_from", "due_to"))

    def __init__(self, data: Any, *, user: Viewer, listing: str) -> None:
        self.user = user
        self.to_return = listing == "return"
        self.every_state = listing == "all"
        super().__init__(data)

    def extend(self) -> None:
        listed = set(State) if self.every_state else TO_RETURN if self.to_return else OPEN
        everything = [("", _("Tất cả"))]
        state, procedure, handler = (self.fields[n] for n in ("state", "procedure", "handler"))
        assert isinstance(state, forms.ChoiceField)  # noqa: S101 (declared above)
        assert isinstance(procedure, forms.ChoiceField)  # noqa: S101
        assert isinstance(handler, HandlerChoiceField)  # noqa: S101
        state.choices = everything + [
            (value, label) for value, label in STATE_CHOICES if value in listed
        ]
        self.procedures = {p.slug: p for p in procedure_search(query="")}
        procedure.choices = everything + [(slug, p.name) for slug, p in self.procedures.items()]
        handler.queryset = officer_list(viewer=self.user)
        ids = visible_agency_ids(self.user)
        handler.with_agency = ids is None or len(ids) > 1

    def clean_q(self) -> str:
        try:
            return stored_text(self.cleaned_data["q"]).strip()
        except ValueError:
            raise ValidationError(_("Nội dung tìm kiếm có ký tự không hợp lệ.")) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for first, last in self.RANGES:
            for name in (first, last):
                day = data.get(name)
                if day is not None and not FIRST_DAY <= day <= LAST_DAY:
                    self.add_error(
                        name,
                        _("Ngày cần trong khoảng %(first)s – %(last)s.")
                        % {
                            "first": formatting.short_date(FIRST_DAY),
                            "last": formatting.short_date(LAST_DAY),
                        },
                    )
            start, end = data.get(first), data.get(last)
            if start and end and start > end:
                self.add_error(last, _("Ngày cuối đứng trước ngày đầu."))
        return data

    def filters(self) -> QueueFilters:
        """The valid part of what was asked (call after `is_valid`)."""
        data = self.cleaned_data
        procedure = self.procedures.get(data.get("procedure") or "")
        handler = data.get("handler")
        return QueueFilters(
            text=data.get("q", ""),
            state=data.get("state", ""),
            procedure_id=procedure.pk if procedure else None,
            received_from=data.get("received_from"),
            received_to=data.get("received_to"),
            due_from=data.get("due_from"),
            due_to=data.get("due_to"),
            handler_id=handler.pk if handler else None,
            to_return=self.to_return,
            every_state=self.every_state,
        )

    def summary(self) -> list[str]:
        """The filters in force, in words: printed above the list and in the export."""
        data = self.cleaned_data
        parts = []
        if data.get("q"):
            parts.append(_("Tìm “%(text)s”") % {"text": data["q"]})
        for name in ("state", "procedure", "handler"):
            value = data.get(name)
            if value:
                field = self.fields[name]
                label = (
                    dict(field.choices).get(value)  # type: ignore[attr-defined]
                    if isinstance(value, str)
                    else field.label_from_instance(value)  # type: ignore[attr-defined]
                )
                parts.append(f"{field.label}: {label}")
        for first, last in self.RANGES:
            start, end = data.get(first), data.get(last)
            if start or end:
                label = _("Ngày tiếp nhận") if first == "received_from" else _("Hẹn trả")
                span = " – ".join(formatting.short_date(d) if d else "…" for d in (start, end))
                parts.append(f"{label}: {span}")
        return [str(part) for part in parts]
