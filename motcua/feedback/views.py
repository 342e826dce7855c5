"""Pages of online ratings and feedback (PAKN): the citizen rates a dossier, sends and
follows feedback; officers of the agency work through their inbox and answer.

Views are thin: a scoped selector finds the record (another person's is 404), a service
writes. A refused action shows its message next to the form and writes nothing.
"""

import secrets
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from motcua.accounts.decorators import citizen_required, officer_required
from motcua.accounts.http import AuthenticatedHttpRequest
from motcua.core.formatting import short_datetime
from motcua.dossiers.clock import Colour
from motcua.dossiers.presentation import COLOURS as QUEUE_COLOURS
from motcua.dossiers.selectors import dossier_get
from motcua.feedback import selectors, services
from motcua.feedback.forms import AnswerForm, AssignForm, FeedbackForm, RatingForm
from motcua.feedback.models import Feedback, FeedbackState
from motcua.hall.models import RatingValue
from motcua.workdays.selectors import working_calendar

# Waiting feedback is coloured as the dossier work queue (tone and words, never colour
# alone); it has no paused state.
COLOURS = {
    colour: QUEUE_COLOURS[colour] for colour in (Colour.ON_TIME, Colour.DUE_SOON, Colour.LATE)
}
ANSWERED_COLOURS = {
    Colour.ON_TIME: ("success", gettext_lazy("Trả lời đúng hạn")),
    Colour.LATE: ("danger", gettext_lazy("Trả lời quá hạn")),
}


# --- online rating ----------------------------------------------------------------------


@citizen_required
@require_http_methods(["GET", "POST"])
def rate(request: AuthenticatedHttpRequest, dossier_pk: int) -> HttpResponse:
    dossier = dossier_get(user=request.user, pk=dossier_pk)
    form = RatingForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.rating_submit_online(
                    actor=request.user,
                    dossier=dossier,
                    value=form.cleaned_data["value"],
                    comment=form.cleaned_data["comment"],
                )
            except services.FeedbackError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Cảm ơn ông/bà đã đánh giá!"))
            return redirect("feedback:rate", dossier_pk=dossier.pk)
        status = 400
    context = {
        "dossier": dossier,
        "form": form,
        "rating": selectors.online_rating_of(dossier=dossier),
        "rateable": selectors.dossier_rateable(dossier=dossier),
        "values": [
            (value, label, tone)
            for (value, label), tone in zip(
                RatingValue.choices, ("success", "primary", "danger"), strict=True
            )
        ],
    }
    return render(request, "feedback/rate.html", context, status=status)


# --- the citizen's feedback -------------------------------------------------------------


@citizen_required
@require_http_methods(["GET", "POST"])
def new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """`/feedback/new/?dossier=<pk>`: feedback about one of the citizen's dossiers, or (no
    dossier) to an agency of their choice."""
    dossier_pk = request.GET.get("dossier", "")
    dossier = None
    if dossier_pk:
        if not dossier_pk.isdigit():
            raise Http404
        dossier = dossier_get(user=request.user, pk=int(dossier_pk))
    about_dossier = dossier is not None
    if request.method == "POST":
        form = FeedbackForm(request.POST, request.FILES, about_dossier=about_dossier)
        if form.is_valid():
            data = form.cleaned_data
            try:
                feedback = services.feedback_submit(
                    actor=request.user,
                    subject=data["subject"],
                    content=data["content"],
                    agency=data.get("agency"),
                    dossier=dossier,
                    upload=data["attachment"],
                    idempotency_key=data["idempotency_key"],
                )
            except services.AttachmentRejected as error:
                form.add_error("attachment", error.message)
            except services.FeedbackError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("Đã gửi phản ánh, kiến nghị. Hạn trả lời: %(due)s.")
                    % {"due": short_datetime(feedback.due_at)},
                )
                return redirect("feedback:detail", pk=feedback.pk)
        status = 400
    else:
        form = FeedbackForm(
            initial={"idempotency_key": secrets.token_urlsafe(24)}, about_dossier=about_dossier
        )
        status = 200
    return render(request, "feedback/new.html", {"form": form, "dossier": dossier}, status=status)


@citizen_required
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request, "feedback/mine.html", {"items": selectors.feedback_mine(user=request.user)}
    )


@login_required
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    feedback = selectors.feedback_get(user=request.user, pk=pk)
    return _detail(request, feedback)


def _detail(
    request: AuthenticatedHttpRequest,
    feedback: Feedback,
    *,
    answer_form: AnswerForm | None = None,
    assign_form: AssignForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    waiting = feedback.state == FeedbackState.RECEIVED
    context: dict[str, Any] = {"feedback": feedback, "waiting": waiting}
    if user.is_officer and waiting:
        context["answer_form"] = answer_form or AnswerForm()
        context["assign_form"] = assign_form or AssignForm(
            officers=selectors.officers_of(agency=feedback.agency),
            initial={"assignee": feedback.assigned_to_id or user.pk},
        )
    if user.is_officer or not waiting:
        context["badge"] = _badge(feedback)
    return render(request, "feedback/detail.html", context, status=status)


def _badge(feedback: Feedback) -> tuple[str, str]:
    colour = selectors.feedback_colour(
        feedback, calendar=working_calendar(agency=feedback.agency), now=timezone.now()
    )
    table = COLOURS if feedback.state == FeedbackState.RECEIVED else ANSWERED_COLOURS
    tone, label = table[colour]
    return tone, str(label)


@citizen_required
@require_POST
def close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    try:
        services.feedback_close(actor=request.user, feedback=pk)
    except services.FeedbackNotFound:
        raise
    except services.FeedbackError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã kết thúc phản ánh, kiến nghị."))
    return redirect("feedback:detail", pk=pk)


@login_required
def attachment(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    feedback = selectors.feedback_get(user=request.user, pk=pk)
    if not feedback.attachment:
        raise Http404
    response = FileResponse(
        feedback.attachment.open("rb"),
        content_type=feedback.attachment_type,
        as_attachment=request.GET.get("download") == "1",
        filename=feedback.attachment_name or f"tep.{feedback.attachment.name.rsplit('.', 1)[-1]}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    # A file shown in the browser runs nothing, whatever it contains.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


# --- officers -----------------------------------------------------------------------------


@officer_required
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    show = request.GET.get("show", "open")
    states = selectors.INBOX_FILTERS.get(show)
    if states is None:
        show, states = "open", selectors.INBOX_FILTERS["open"]
    rows = []
    for row in selectors.feedback_inbox(user=request.user, states=states):
        table = COLOURS if row.feedback.state == FeedbackState.RECEIVED else ANSWERED_COLOURS
        tone, label = table[row.colour]
        rows.append(
            {"feedback": row.feedback, "colour": row.colour.value, "tone": tone, "label": label}
        )
    return render(
        request,
        "feedback/inbox.html",
        {"rows": rows, "show": show, "legend": list(COLOURS.values())},
    )


@officer_required
@require_http_methods(["GET", "POST"])
def answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    feedback = selectors.feedback_get(user=request.user, pk=pk)
    if request.method == "GET":
        return _detail(request, feedback)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.feedback_answer(
                actor=request.user, feedback=feedback, answer=form.cleaned_data["answer"]
            )
        except services.FeedbackError as error:
            # Answered meanwhile by a colleague: the page shows the answer and why.
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã gửi trả lời tới công dân."))
        return redirect("feedback:detail", pk=feedback.pk)
    return _detail(request, feedback, answer_form=form, status=400)


@officer_required
@require_POST
def assign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    feedback = selectors.feedback_get(user=request.user, pk=pk)
    form = AssignForm(request.POST, officers=selectors.officers_of(agency=feedback.agency))
    if form.is_valid():
        try:
            services.feedback_assign(
                actor=request.user, feedback=feedback, assignee=form.cleaned_data["assignee"]
            )
        except services.FeedbackError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Đã giao cho %(name)s.")
                % {"name": form.cleaned_data["assignee"].get_full_name()},
            )
        return redirect("feedback:detail", pk=feedback.pk)
    return _detail(request, feedback, assign_form=form, status=400)
