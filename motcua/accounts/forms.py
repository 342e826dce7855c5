from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.contacts import Contact, InvalidContact, parse_contact
from motcua.accounts.fields import PersonalIdField

# One message for every refusal, so that it never tells whether an account exists, is a
# citizen's, or is locked.
SIGN_IN_REFUSED = _(
    "Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đang tạm khóa do đăng nhập sai "
    "nhiều lần (khóa %(minutes)d phút). Vui lòng kiểm tra lại."
)


SIGN_IN_THROTTLED = _(
    "Có quá nhiều lần đăng nhập từ địa chỉ mạng này. Vui lòng thử lại sau ít phút."
)


class PasswordSignInForm(AuthenticationForm):
    """Sign-in with a password: officers, and citizens who set one (by phone or email)."""

    def get_invalid_login_error(self) -> ValidationError:
        if getattr(self.request, "sign_in_throttled", False):
            return ValidationError(SIGN_IN_THROTTLED, code="throttled")
        return ValidationError(
            SIGN_IN_REFUSED,
            code="invalid_login",
            params={"minutes": settings.LOGIN_LOCKOUT_MINUTES},
        )


class BootstrapForm(forms.Form):
    """Bootstrap classes on every widget; Django adds aria-invalid and aria-describedby
    (help text and errors) itself, matched by ids in accounts/_field.html."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


class TokenForm(BootstrapForm):
    token = forms.CharField(
        label=_("Mã xác thực (6 chữ số)"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split())
        if not token.isdigit():
            raise ValidationError(_("Mã xác thực chỉ gồm chữ số."))
        return token


class ApiTokenForm(BootstrapForm):
    label = forms.CharField(
        label=_("Tên gợi nhớ"),
        max_length=100,
        required=False,
        help_text=_("Để nhận ra mã trong danh sách, ví dụ: phần mềm thống kê của phường."),
    )


class ContactForm(BootstrapForm):
    contact = forms.CharField(
        label=_("Số điện thoại di động hoặc thư điện tử"),
        max_length=254,
        help_text=_("Ví dụ: 0912 345 678 hoặc ten@example.com. Chúng tôi gửi mã 6 chữ số tới đó."),
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )

    def clean_contact(self) -> Contact:
        try:
            return parse_contact(self.cleaned_data["contact"])
        except InvalidContact:
            raise ValidationError(
                _("Nhập số di động 10 chữ số (ví dụ 0912 345 678) hoặc thư điện tử hợp lệ.")
            ) from None


class LanguageForm(BootstrapForm):
    """The account pages' language choice; posted to the language switch
    (views.language_choose), which keeps it on the account."""

    # The names stay in their own language ("English", "Tiếng Việt"): whoever cannot read
    # the page can still find theirs.
    language = forms.ChoiceField(
        label=_("Ngôn ngữ hiển thị"),
        choices=settings.LANGUAGES,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class CitizenProfileForm(BootstrapForm):
    name = forms.CharField(
        label=_("Họ và tên"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    personal_id = PersonalIdField(
        required=False,
        help_text=_("12 chữ số trên căn cước (hoặc 9 chữ số của chứng minh nhân dân cũ)."),
    )
    birth_date = forms.DateField(
        label=_("Ngày sinh"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d"),
    )
    address = forms.CharField(
        label=_("Địa chỉ thường trú"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )

    def clean_birth_date(self) -> date | None:
        born: date | None = self.cleaned_data["birth_date"]
        if born is not None and (born > timezone.localdate() or born.year < 1900):
            raise ValidationError(_("Ngày sinh không hợp lệ."))
        return born
