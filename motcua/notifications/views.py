"""The citizen's inbox: in-app messages, unread count, mark read. Another person's message
does not exist (404). (The officers' delivery log is scoped by dossier: it lives in
`motcua.dossiers.delivery_log`.)"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from motcua.notifications import selectors, services

INBOX_PAGE_SIZE = 20


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
