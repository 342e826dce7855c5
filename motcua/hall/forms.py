"""Forms of the hall screens. They check shape only; the services decide what is allowed."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.hall.models import Counter, DeviceKind, Hall, PriorityCategory, RatingValue


class KioskForm(forms.Form):
    group = forms.IntegerField(min_value=1)
    category = forms.ChoiceField(
        choices=PriorityCategory.choices, initial=PriorityCategory.NONE, required=False
    )


class CheckInForm(forms.Form):
    booking_code = forms.CharField(label=_("Mã đặt lịch"), max_length=20)


class PauseForm(forms.Form):
    reason = forms.CharField(label=_("Lý do tạm dừng"), max_length=200)


class TransferForm(forms.Form):
    # "group:<id>" or "counter:<id>": one list on the panel holds both kinds of target.
    target = forms.RegexField(regex=r"^(group|counter):\d+$", label=_("Chuyển sang"))

    def kind_and_id(self) -> tuple[str, int]:
        kind, pk = self.cleaned_data["target"].split(":")
        return kind, int(pk)


class FinishForm(forms.Form):
    dossier_code = forms.CharField(label=_("Mã hồ sơ"), max_length=60, required=False)


class RatingForm(forms.Form):
    ticket = forms.IntegerField(min_value=1)
    value = forms.ChoiceField(choices=RatingValue.choices)
    comment = forms.CharField(max_length=1000, required=False)


class DeviceForm(forms.Form):
    """A device to enrol: the counter matters for a rating device only."""

    name = forms.CharField(
        label=_("Tên thiết bị"),
        max_length=100,
        help_text=_("Để nhận ra thiết bị, ví dụ “Kiosk cửa chính”."),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    kind = forms.ChoiceField(
        label=_("Loại thiết bị"),
        choices=DeviceKind.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    counter = forms.ModelChoiceField(
        label=_("Quầy"),
        queryset=Counter.objects.none(),
        required=False,
        empty_label=_("— không —"),
        help_text=_("Chỉ cho thiết bị đánh giá: quầy mà thiết bị đánh giá."),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args: Any, hall: Hall, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["counter"].queryset = hall.counters.all()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if data.get("kind") == DeviceKind.RATING and data.get("counter") is None:
            self.add_error("counter", _("Thiết bị đánh giá cần chọn quầy."))
        return data
