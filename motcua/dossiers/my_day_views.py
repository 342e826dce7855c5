"""The officer's own page, where signing in leads (`LOGIN_REDIRECT_URL`): what is on
their desk today, by section (`my_day`)."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from motcua.accounts.decorators import officer_required
from motcua.accounts.http import AuthenticatedHttpRequest
from motcua.accounts.models import Role
from motcua.dossiers.clock import Colour
from motcua.dossiers.models import STATE_LABELS
from motcua.dossiers.my_day import CAP, Section, my_day
from motcua.dossiers.presentation import COLOURS
from motcua.workdays.selectors import weekday_name


def _rows(section: Section | None) -> dict[str, Any] | None:
    if section is None:
        return None
    rows = []
    for row in section.rows:
        tone, label = COLOURS[row.colour]
        rows.append(
            {"dossier": row.dossier, "colour": row.colour.value, "tone": tone, "label": label}
        )
    return {"rows": rows, "count": section.count, "more": section.count > len(rows)}


@officer_required
@require_GET
@never_cache
def my_day_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.user.role == Role.SYSTEM_ADMIN:
        # No dossier step is ever theirs: their day is the administration.
        return redirect("admin:index")
    day = my_day(user=request.user)
    queue = reverse("dossiers:queue")
    counts = day.counts
    return render(
        request,
        "dossiers/my_day.html",
        {
            "day": day,
            "next_weekday": weekday_name(day.next_working_day),
            "cap": CAP,
            "mine": _rows(day.mine),
            "to_sign": _rows(day.to_sign),
            "received_today": _rows(day.received_today),
            "to_return": _rows(day.to_return),
            "due_tomorrow": _rows(day.due_tomorrow),
            "late": _rows(day.late),
            "clock_counts": [
                (COLOURS[Colour.LATE], counts.late, Colour.LATE.value),
                (COLOURS[Colour.DUE_SOON], counts.due_soon, Colour.DUE_SOON.value),
                (COLOURS[Colour.ON_TIME], counts.on_time, Colour.ON_TIME.value),
                (COLOURS[Colour.PAUSED], counts.paused, Colour.PAUSED.value),
            ],
            "by_state": [
                (STATE_LABELS[state], count, f"{queue}?{urlencode({'state': state.value})}")
                for state, count in day.by_state or ()
            ],
            "queue_url": queue,
            "return_url": f"{queue}?{urlencode({'list': 'return'})}",
        },
    )
