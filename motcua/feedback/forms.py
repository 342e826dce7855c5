"""Forms of the feedback pages: what the citizen types and what the officer answers."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.accounts.fields import OfficerChoiceField
from motcua.accounts.models import User
from motcua.feedback.selectors import feedback_agencies
from motcua.feedback.services import COMMENT_MAX, SUBJECT_MAX, TEXT_MAX
from motcua.hall.models import RatingValue


class AccessibleForm(forms.Form):
    """Bootstrap classes on every widget; a field in error says so to screen readers and
    points at its message."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select form-select-lg")
            elif not isinstance(widget, forms.RadioSelect | forms.HiddenInput):
                widget.attrs.setdefault("class", "form-control form-control-lg")

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self[name].auto_id}-error"


class RatingForm(AccessibleForm):
    value = forms.ChoiceField(
        label=_("Mức độ hài lòng"),
        choices=RatingValue.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Xin chọn một mức độ hài lòng.")},
    )
    comment = forms.CharField(
        label=_("Góp ý (không bắt buộc)"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FeedbackForm(AccessibleForm):
    agency = forms.ModelChoiceField(
        label=_("Gửi tới cơ quan"),
        queryset=feedback_agencies(),
        required=False,
        empty_label=_("— Chọn cơ quan —"),
    )
    subject = forms.CharField(
        label=_("Tiêu đề"),
        max_length=SUBJECT_MAX,
        error_messages={"required": _("Xin nhập tiêu đề.")},
    )
    content = forms.CharField(
        label=_("Nội dung phản ánh, kiến nghị"),
        max_length=TEXT_MAX,
        error_messages={"required": _("Xin nhập nội dung phản ánh, kiến nghị.")},
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    attachment = forms.FileField(
        label=_("Tệp đính kèm (không bắt buộc: PDF, JPEG hoặc PNG)"), required=False
    )
    # One per form shown: the same form sent twice is one feedback.
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, about_dossier: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if about_dossier:
            # Feedback on a dossier goes to the dossier's agency.
            del self.fields["agency"]
        else:
            self.fields["agency"].required = True
            self.fields["agency"].error_messages["required"] = _(
                "Xin chọn cơ quan nhận phản ánh, kiến nghị."
            )


class AnswerForm(AccessibleForm):
    answer = forms.CharField(
        label=_("Nội dung trả lời"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Xin nhập nội dung trả lời.")},
    )


class AssignForm(AccessibleForm):
    assignee = OfficerChoiceField(label=_("Giao cho cán bộ"), queryset=User.objects.none())

    def __init__(self, *args: Any, officers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = officers  # type: ignore[attr-defined]
