from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.units.selectors import today


class OnDateForm(forms.Form):
    on = forms.DateField(
        label=_("Vào ngày"),
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": _("Ngày không hợp lệ: dùng dạng ngày/tháng/năm.")},
    )

    def on_date(self) -> date:
        """The date asked for, or today in Vietnam when none (or a bad one) was given."""
        value = self.cleaned_data.get("on") if self.is_valid() else None
        return value or today()


class ResolveForm(OnDateForm):
    address = forms.CharField(
        label=_("Địa chỉ hoặc địa danh"),
        max_length=300,
        help_text=_("Ví dụ: Phường Trung Văn, Quận Nam Từ Liêm, Hà Nội; có dấu hoặc không dấu."),
    )

    field_order = ["address", "on"]
