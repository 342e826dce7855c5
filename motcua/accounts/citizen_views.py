"""Citizens' pages: sign-in with a one-time code (account made on first use), profile,
contact change proven by a code, optional password. Single sign-on views: oidc.py."""

from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from motcua.accounts import selectors
from motcua.accounts.contacts import Contact, mask_contact
from motcua.accounts.decorators import citizen_required
from motcua.accounts.forms import CitizenProfileForm, ContactForm, LanguageForm, TokenForm
from motcua.accounts.http import AuthenticatedHttpRequest
from motcua.accounts.models import CodePurpose
from motcua.accounts.oidc import citizen_home, oidc_enabled
from motcua.accounts.services.citizen_codes import (
    citizen_code_send,
    citizen_code_sign_in,
    citizen_contact_change,
)
from motcua.accounts.services.citizens import CitizenAccountError, citizen_profile_update
from motcua.core.http import safe_next

# Session keys: the address a code was sent to, until the code is used.
SIGN_IN_PENDING = "citizen_sign_in"
CHANGE_PENDING = "citizen_contact_change"


def _code_sent_message() -> str:
    # The same words whether or not an account uses the address: nothing here tells who
    # has an account.
    return _("Nếu địa chỉ hợp lệ, mã đã được gửi. Vui lòng kiểm tra tin nhắn hoặc hộp thư.")


def _pending(request: HttpRequest, key: str) -> Contact | None:
    data = request.session.get(key)
    return Contact(data["channel"], data["address"]) if data else None


def _remember(request: HttpRequest, key: str, contact: Contact) -> None:
    request.session[key] = {"channel": contact.channel, "address": contact.address}


@require_http_methods(["GET", "POST"])
def citizen_start(request: HttpRequest) -> HttpResponse:
    """Step 1: phone or email → a code is sent (and the page says so, whoever asks)."""
    form = ContactForm(request.POST or None)
    form.fields["contact"].widget.attrs["autofocus"] = True
    if request.method == "POST" and form.is_valid():
        contact: Contact = form.cleaned_data["contact"]
        try:
            citizen_code_send(contact=contact, request=request)
        except CitizenAccountError as error:
            form.add_error(None, error.message)
        else:
            _remember(request, SIGN_IN_PENDING, contact)
            request.session["citizen_next"] = safe_next(request, "")
            messages.info(request, _code_sent_message())
            return redirect("accounts:citizen_code")
    elif request.method == "GET" and getattr(request.user, "is_citizen", False):
        return redirect(safe_next(request, citizen_home()))
    return render(
        request,
        "accounts/citizen_start.html",
        {"form": form, "oidc_enabled": oidc_enabled(), "next": safe_next(request, "")},
    )


@require_http_methods(["GET", "POST"])
def citizen_code(request: HttpRequest) -> HttpResponse:
    """Step 2: the code → signed in (the account is made now if the address is new)."""
    contact = _pending(request, SIGN_IN_PENDING)
    if contact is None:
        return redirect("accounts:citizen_start")
    form = TokenForm(request.POST or None)
    if form.is_valid():
        try:
            citizen = citizen_code_sign_in(
                contact=contact, code=form.cleaned_data["token"], request=request
            )
        except CitizenAccountError as error:
            form.add_error("token", error.message)
        else:
            request.session.pop(SIGN_IN_PENDING)
            next_url = request.session.pop("citizen_next", "") or citizen_home()
            login(request, citizen, backend="motcua.accounts.backends.LockoutModelBackend")
            return redirect(next_url)
    return render(
        request,
        "accounts/citizen_code.html",
        {
            "form": form,
            "masked": mask_contact(contact),
            "contact": contact.address,
            "next": request.session.get("citizen_next", ""),
        },
    )


def _profile_page(
    request: AuthenticatedHttpRequest,
    form: CitizenProfileForm | None = None,
    contact_form: ContactForm | None = None,
) -> HttpResponse:
    user = request.user
    profile = selectors.citizen_profile(user=user)
    if form is None:
        initial = {
            "name": profile.name,
            "personal_id": profile.personal_id,
            "birth_date": profile.birth_date,
            "address": profile.address,
        }
        form = CitizenProfileForm(initial=initial)
    contact_form = contact_form or ContactForm()
    contact_form.fields["contact"].label = _("Số điện thoại hoặc thư điện tử mới")
    return render(
        request,
        "accounts/citizen_profile.html",
        {
            "form": form,
            "profile": profile,
            "contact_form": contact_form,
            "has_password": user.has_usable_password(),
            "language_form": LanguageForm(initial={"language": user.language}),
        },
    )


@citizen_required
@require_http_methods(["GET", "POST"])
def citizen_profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "GET":
        return _profile_page(request)
    form = CitizenProfileForm(request.POST)
    if form.is_valid():
        try:
            citizen_profile_update(actor=user, **form.cleaned_data)
        except CitizenAccountError as error:
            form.add_error("personal_id", error.message)
        else:
            messages.success(request, _("Đã lưu thông tin cá nhân."))
            return redirect("accounts:citizen_profile")
    return _profile_page(request, form=form)


@citizen_required
@require_POST
def citizen_contact_request(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A new phone or email: a code goes there; the change waits for it."""
    user = request.user
    form = ContactForm(request.POST)
    if form.is_valid():
        contact: Contact = form.cleaned_data["contact"]
        try:
            citizen_code_send(
                contact=contact, request=request, purpose=CodePurpose.CONTACT_CHANGE, actor=user
            )
        except CitizenAccountError as error:
            messages.error(request, error.message)
            return redirect("accounts:citizen_profile")
        _remember(request, CHANGE_PENDING, contact)
        messages.info(request, _code_sent_message())
        return redirect("accounts:citizen_contact_confirm")
    return _profile_page(request, contact_form=form)


@citizen_required
@require_http_methods(["GET", "POST"])
def citizen_contact_confirm(request: AuthenticatedHttpRequest) -> HttpResponse:
    contact = _pending(request, CHANGE_PENDING)
    if contact is None:
        return redirect("accounts:citizen_profile")
    user = request.user
    form = TokenForm(request.POST or None)
    if form.is_valid():
        try:
            citizen_contact_change(
                actor=user, contact=contact, code=form.cleaned_data["token"], request=request
            )
        except CitizenAccountError as error:
            form.add_error("token", error.message)
        else:
            del request.session[CHANGE_PENDING]
            messages.success(request, _("Đã cập nhật địa chỉ liên lạc."))
            return redirect("accounts:citizen_profile")
    return render(
        request, "accounts/citizen_contact.html", {"form": form, "masked": mask_contact(contact)}
    )


@citizen_required
@require_http_methods(["GET", "POST"])
def citizen_password(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Optional password, to sign in with phone or email and password instead of a code."""
    user = request.user
    form_class = PasswordChangeForm if user.has_usable_password() else SetPasswordForm
    form = form_class(user, request.POST or None)
    if form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)
        messages.success(request, _("Đã lưu mật khẩu."))
        return redirect("accounts:citizen_profile")
    return render(request, "accounts/citizen_password.html", {"form": form})
