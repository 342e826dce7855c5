from datetime import datetime
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.core.tz import VN_TZ
from motcua.workdays.calendar import WorkingCalendar


class DueForm(forms.Form):
    """ "Tính ngày hẹn trả": a start moment plus working days or working hours."""

    DAYS, HOURS = "days", "hours"

    start = forms.DateTimeField(
        label=_("Thời điểm tiếp nhận"),
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "class": "form-control"}, format="%Y-%m-%dT%H:%M"
        ),
    )
    amount = forms.DecimalField(
        label=_("Thời hạn giải quyết"),
        min_value=Decimal(0),
        max_value=Decimal(2000),
        decimal_places=2,
        initial=3,
        widget=forms.NumberInput(attrs={"class": "form-control", "step": "any"}),
    )
    unit = forms.ChoiceField(
        label=_("Đơn vị"),
        choices=[(DAYS, _("ngày làm việc")), (HOURS, _("giờ làm việc"))],
        initial=DAYS,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        amount = data.get("amount")
        if data.get("unit") == self.DAYS and amount is not None and amount != int(amount):
            self.add_error("amount", _("Số ngày làm việc phải là số nguyên."))
        return data

    def due(self, calendar: WorkingCalendar) -> datetime:
        """The due moment; ValueError when it falls outside the calendar's years."""
        start: datetime = self.cleaned_data["start"].astimezone(VN_TZ)
        amount: Decimal = self.cleaned_data["amount"]
        if self.cleaned_data["unit"] == self.DAYS:
            return calendar.add_working_days(start, int(amount))
        return calendar.add_working_hours(start, float(amount))
