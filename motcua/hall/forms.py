"""Forms of the hall screens. They check shape only; the services decide what is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.hall.models import PriorityCategory, RatingValue


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
