"""The citizen's inbox (in-app messages, unread count, mark read) and the officers'
delivery log (state filter, attempts, retry of a dead notification). Another person's
message, or one outside the officer's scope, does not exist (404)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from motcua.accounts.decorators import officer_required
from motcua.notifications import selectors, services
from motcua.notifications.models import DeliveryState

INBOX_PAGE_SIZE = 20
LOG_PAGE_SIZE = 50


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    rows = selectors.inbox(user=request.user)
    page = Paginator(rows, INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "unread": selectors.unread_count(user=request.user)},
    )


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    services.notifications_mark_read(actor=request.user, notification_id=pk)  # type: ignore[arg-type]
    return redirect("notifications:inbox")


def _log_url(state: str) -> str:
    query = f"?{urlencode({'state': state})}" if state else ""
    return reverse("notifications:log") + query


@officer_required
@require_GET
def log(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    if state not in DeliveryState.values:
        state = ""
    rows = selectors.delivery_log(user=request.user, state=state)
    page = Paginator(rows, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/log.html",
        {
            "page": page,
            "state": state,
            "states": DeliveryState.choices,
            "query_string": urlencode({"state": state}) + "&" if state else "",
        },
    )


@officer_required
@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    state = request.POST.get("state", "")
    try:
        services.notification_retry(actor=request.user, notification_id=pk)  # type: ignore[arg-type]
    except services.NotificationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã đưa thông báo vào hàng đợi để gửi lại."))
    return redirect(_log_url(state if state in DeliveryState.values else ""))
