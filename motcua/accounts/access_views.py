"""On "my account": an officer's API tokens (issue one, revoke one) and signing out
everywhere (every session of the account, and its tokens)."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from motcua.accounts import selectors
from motcua.accounts.decorators import officer_required
from motcua.accounts.forms import ApiTokenForm
from motcua.accounts.http import AuthenticatedHttpRequest
from motcua.accounts.services.access import api_token_issue, api_token_revoke, user_access_end
from motcua.accounts.views import me_render


@officer_required
@require_POST
@never_cache
def api_token_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The new token is in this answer only (never stored, never redirected through)."""
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return me_render(request, token_form=form)
    issued = api_token_issue(user=request.user, label=form.cleaned_data["label"])
    return me_render(request, new_token=issued.token)


@officer_required
@require_POST
def api_token_delete(request: AuthenticatedHttpRequest, token_id: int) -> HttpResponse:
    api_token = selectors.api_token_own(user=request.user, token_id=token_id)
    api_token_revoke(actor=request.user, api_token=api_token)
    messages.success(request, _("Đã thu hồi mã truy cập API."))
    return redirect("accounts:me")


@login_required
@require_POST
def sign_out_everywhere(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    user_access_end(actor=user, user=user, reason="sign_out_everywhere")
    logout(request)
    messages.success(
        request,
        _("Đã đăng xuất khỏi mọi nơi: mọi phiên đăng nhập và mã truy cập API đã chấm dứt."),
    )
    return redirect("accounts:citizen_start" if user.is_citizen else "accounts:login")
