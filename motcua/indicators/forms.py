"""The indicators screens' forms: the period, the spreadsheet upload, one figure, the
reason for accepting a warning."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from motcua.indicators.models import FIGURE_KIND_CHOICES, Indicator
from motcua.indicators.numbers import NotANumber, parse_number
from motcua.indicators.periods import CHOICES as PERIOD_CHOICES
from motcua.indicators.periods import Period

# A 2,000-row sheet is about 100 kB; the limit leaves room for formatting and pictures.
SHEET_MAX_BYTES = 5 * 1024 * 1024
FIRST_YEAR, LAST_YEAR = 2000, 2100


class PeriodForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    period = forms.ChoiceField(label=_("Kỳ"), choices=PERIOD_CHOICES, initial="year")

    def chosen(self, default_year: int) -> tuple[int, Period]:
        """The year and period asked for; the default year and the whole year otherwise."""
        if not self.is_valid():
            return default_year, Period("year")
        return self.cleaned_data["year"], Period.parse(self.cleaned_data["period"])


class SheetForm(PeriodForm):
    sheet = forms.FileField(
        label=_("Biểu số liệu (.xlsx)"),
        help_text=_("Biểu các chỉ tiêu kinh tế - xã hội chủ yếu, trang tính thứ nhất."),
    )

    def clean_sheet(self) -> Any:
        sheet = self.cleaned_data["sheet"]
        if not sheet.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Chỉ nhận tệp bảng tính .xlsx."))
        if sheet.size > SHEET_MAX_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 5 MB)."))
        return sheet


class ConfirmForm(PeriodForm):
    """The previewed file, sent back whole: read and checked again before writing."""

    content = forms.CharField(widget=forms.HiddenInput, max_length=SHEET_MAX_BYTES * 2)
    name = forms.CharField(widget=forms.HiddenInput, max_length=255)


class FigureForm(PeriodForm):
    indicator = forms.ModelChoiceField(label=_("Chỉ tiêu"), queryset=Indicator.objects.none())
    figure = forms.ChoiceField(label=_("Loại số liệu"), choices=FIGURE_KIND_CHOICES)
    number = forms.CharField(
        label=_("Số liệu"), max_length=40, help_text=_("Viết như 69.230 hoặc 8.015,589.")
    )
    percent_of_plan = forms.CharField(
        label=_("So sánh với kế hoạch (%) như báo cáo ghi"), max_length=20, required=False
    )
    ratio_to_same_period = forms.CharField(
        label=_("So sánh với cùng kỳ (%) như báo cáo ghi"),
        max_length=20,
        required=False,
        help_text=_("Tăng 13% ghi 113."),
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)

    def __init__(self, *args: Any, indicators: QuerySet[Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        for field in ("number", "percent_of_plan", "ratio_to_same_period"):
            text = data.get(field) or ""
            try:
                data[f"{field}_value"] = parse_number(text)
            except NotANumber:
                self.add_error(
                    field,
                    _("'%(text)s' không phải là số (viết như 69.230 hoặc 8.015,589).")
                    % {"text": text},
                )
        if data.get("number") and data.get("number_value", 0) is None:
            self.add_error("number", _("Cần nhập số liệu."))
        return data


class AcceptForm(forms.Form):
    reason = forms.CharField(label=_("Lý do chấp nhận"), max_length=500)
