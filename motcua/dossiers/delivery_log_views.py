"""The officers' delivery log over HTTP (state filter, attempts, retry of a dead
notification), served under the `notifications` URL namespace beside the citizen's inbox
(see `config/urls.py`)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from motcua.accounts.decorators import officer_required
from motcua.dossiers.delivery_log import delivery_log, delivery_log_retry
from motcua.notifications.models import DeliveryState
from motcua.notifications.services import NotificationError

LOG_PAGE_SIZE = 50


def _log_url(state: str) -> str:
    query = f"?{urlencode({'state': state})}" if state else ""
    return reverse("notifications:log") + query


@officer_required
@require_GET
def log(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    if state not in DeliveryState.values:
        state = ""
    rows = delivery_log(user=request.user, state=state)
    page = Paginator(rows, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "dossiers/delivery_log.html",
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
        delivery_log_retry(actor=request.user, notification_id=pk)  # type: ignore[arg-type]
    except NotificationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã đưa thông báo vào hàng đợi để gửi lại."))
    return redirect(_log_url(state if state in DeliveryState.values else ""))
