from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.messages.views import SuccessMessageMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.middleware import is_verified

from motcua.accounts import selectors
from motcua.accounts.decorators import officer_required
from motcua.accounts.forms import (
    SIGN_IN_REFUSED,
    ApiTokenForm,
    LanguageForm,
    PasswordSignInForm,
    TokenForm,
)
from motcua.accounts.http import AuthenticatedHttpRequest, is_signed_in
from motcua.accounts.language import is_language
from motcua.accounts.models import SignInOutcome
from motcua.accounts.oidc import citizen_home
from motcua.accounts.services.officers import totp_device_confirm, totp_device_start
from motcua.accounts.services.preferences import user_language_set
from motcua.accounts.services.sign_in import (
    sign_in_attempt_record,
    sign_in_failure_record,
    sign_in_failures_clear,
)
from motcua.core.http import safe_next


class SignInView(auth_views.LoginView):
    """Password sign-in: officers by username, citizens who set a password by phone or
    email. Citizens without one use the code page (accounts:citizen_start)."""

    authentication_form = PasswordSignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        if self.request.user.is_authenticated and self.request.user.is_citizen:
            return citizen_home()
        return super().get_default_redirect_url()


class PasswordChangeView(SuccessMessageMixin, auth_views.PasswordChangeView):
    success_url = reverse_lazy("accounts:me")
    success_message = gettext_lazy("Đã đổi mật khẩu.")


def me_render(request: AuthenticatedHttpRequest, **extra: object) -> HttpResponse:
    """The account page; `extra` for what one answer adds (a token just issued)."""
    user = request.user
    officer = user.is_officer
    context = {
        "has_second_factor": officer and selectors.has_second_factor(user),
        "language_form": LanguageForm(initial={"language": user.language}),
        "api_tokens": selectors.api_tokens_active(user=user) if officer else [],
        "token_form": ApiTokenForm(),
        "api_token_hours": settings.API_TOKEN_HOURS,
        # Back to this page after choosing a language, even from the answer to a POST.
        "language_next": reverse("accounts:me"),
        **extra,
    }
    return render(request, "accounts/me.html", context)


@login_required
def me(request: AuthenticatedHttpRequest) -> HttpResponse:
    return me_render(request)


@require_POST
def language_choose(request: HttpRequest) -> HttpResponse:
    """The language switch (header, account pages): kept on the account of whoever is
    signed in, so that it follows them to every device, and in the cookie (Django's
    set_language) for the pages before signing in."""
    language = request.POST.get("language", "")
    if is_signed_in(request) and is_language(language):
        user_language_set(actor=request.user, language=language)
    return set_language(request)


@officer_required
def staff_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    officers = selectors.officer_list(viewer=request.user)
    return render(request, "accounts/staff_list.html", {"officers": officers})


@officer_required
def staff_detail(request: AuthenticatedHttpRequest, officer_id: int) -> HttpResponse:
    officer = selectors.officer_get(viewer=request.user, officer_id=officer_id)
    return render(
        request,
        "accounts/staff_detail.html",
        {"officer": officer, "has_second_factor": selectors.has_second_factor(officer)},
    )


@officer_required
@require_http_methods(["GET", "POST"])
def otp_enrol(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if selectors.has_second_factor(user):
        messages.info(request, _("Tài khoản đã bật xác thực hai lớp."))
        return redirect("accounts:me")
    device = totp_device_start(user=user)
    form = TokenForm(request.POST or None)
    if form.is_valid():
        if totp_device_confirm(device=device, token=form.cleaned_data["token"]):
            otp_login(request, device)
            messages.success(request, _("Đã bật xác thực hai lớp."))
            return redirect(safe_next(request, reverse("accounts:me")))
        form.add_error("token", _("Mã không đúng hoặc đã hết hạn. Hãy nhập mã đang hiện."))
    # The QR code is drawn here, never by an outside service: it carries the secret.
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4, border=2)
    return render(
        request,
        "accounts/otp_enrol.html",
        {
            "form": form,
            "qr_svg": mark_safe(qr_svg),  # noqa: S308 - generated locally from our own data
            # For apps that cannot scan: the same secret, typed by hand.
            "secret": b32encode(device.bin_key).decode(),
            "required": settings.OFFICER_2FA_REQUIRED,
        },
    )


@officer_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The second sign-in step: the password was right, now the code from the app."""
    user = request.user
    next_url = safe_next(request, reverse(settings.LOGIN_REDIRECT_URL))
    if is_verified(user) or not selectors.has_second_factor(user):
        return redirect(next_url)
    form = TokenForm(request.POST or None)
    if form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            sign_in_failures_clear(user=user)
            sign_in_attempt_record(
                request=request, username=user.username, user=user, outcome=SignInOutcome.OTP_OK
            )
            return redirect(next_url)
        locked = sign_in_failure_record(user=user, now=timezone.now())
        sign_in_attempt_record(
            request=request, username=user.username, user=user, outcome=SignInOutcome.BAD_OTP
        )
        if locked:
            logout(request)
            messages.error(request, SIGN_IN_REFUSED % {"minutes": settings.LOGIN_LOCKOUT_MINUTES})
            return redirect("accounts:login")
        form.add_error("token", _("Mã không đúng hoặc đã hết hạn. Hãy nhập mã đang hiện."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": next_url})
