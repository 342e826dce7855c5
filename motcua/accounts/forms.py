from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.accounts import services
from motcua.accounts.models import SignInOutcome

# One message for every refusal, so that it never tells whether an account exists, is a
# citizen's, or is locked.
SIGN_IN_REFUSED = _(
    "Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đang tạm khóa do đăng nhập sai "
    "nhiều lần (khóa %(minutes)d phút). Vui lòng kiểm tra lại."
)


class OfficerAuthenticationForm(AuthenticationForm):
    """The officer sign-in form. Citizens sign in through the portal, not here."""

    def get_invalid_login_error(self) -> ValidationError:
        return ValidationError(
            SIGN_IN_REFUSED,
            code="invalid_login",
            params={"minutes": settings.LOGIN_LOCKOUT_MINUTES},
        )

    def confirm_login_allowed(self, user: Any) -> None:
        if not user.is_officer:
            services.sign_in_attempt_record(
                request=self.request,
                username=user.username,
                user=user,
                outcome=SignInOutcome.NOT_OFFICER,
            )
            raise self.get_invalid_login_error()


class TokenForm(forms.Form):
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
