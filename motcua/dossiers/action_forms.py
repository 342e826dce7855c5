"""Forms of the actions on a dossier page, one per action: each checks types and shapes
and its `run` calls its action with the cleaned data (the rules — who, when, which state —
are the actions'). The JSON API calls the same actions with its own typed input."""

from datetime import datetime
from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.accounts.fields import OfficerChoiceField
from motcua.accounts.models import User
from motcua.dossiers import actions, selectors
from motcua.dossiers.forms import StyledForm, SupplementRowsMixin, lines
from motcua.dossiers.models import Dossier
from motcua.dossiers.presentation import ACTION_LABELS
from motcua.dossiers.states import Action, State


class ActionForm(StyledForm):
    """Carries the dossier version the officer saw: acting on a stale screen is refused.
    `run` calls the form's action with the cleaned data (DossierError when it refuses)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    action: ClassVar[Action]
    # The action the viewer's role must be allowed (the form's own, unless it combines).
    requires: ClassVar[Action | None] = None
    label: ClassVar[Any]
    button: ClassVar[str] = "primary"
    # Forms with several boxes stay folded on the page until opened.
    folded: ClassVar[bool] = False

    def __init__(self, *args: Any, dossier: Dossier, **kwargs: Any) -> None:
        self.dossier = dossier
        kwargs.setdefault("initial", {"version": dossier.version})
        kwargs.setdefault("prefix", self.action.value)
        super().__init__(*args, **kwargs)

    @property
    def seen(self) -> dict[str, Any]:
        """The dossier and the version the officer acted on, as every action takes them."""
        return {"dossier": self.dossier, "expected_version": self.cleaned_data["version"]}

    def run(self, *, actor: User) -> object:
        raise NotImplementedError


def _note_field(label: Any = None, *, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label or _("Ghi chú"),
        required=required,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TransferForm(ActionForm):
    """To the procedure's next step, optionally to a named officer of it; or to another
    agency of the province for joint processing."""

    action = Action.TRANSFER
    label = ACTION_LABELS[Action.TRANSFER]
    note = _note_field()

    def extend(self) -> None:
        choices = selectors.transfer_choices(dossier=self.dossier)
        if choices is None:
            return
        if choices.next_step is not None:
            self.fields["handler"] = OfficerChoiceField(
                label=_("Người xử lý bước tiếp theo"),
                queryset=choices.handlers,
                required=False,
                empty_label=_("— Để đơn vị tự phân công —"),
            )
        self.fields["to_agency"] = forms.ModelChoiceField(
            label=_("Hoặc chuyển phối hợp xử lý tới cơ quan"),
            queryset=choices.agencies,
            required=False,
            empty_label=_("— Không —"),
        )
        self.order_fields(["handler", "to_agency", "note"])

    def run(self, *, actor: User) -> object:
        return actions.dossier_transfer(
            actor=actor,
            **self.seen,
            handler=self.cleaned_data.get("handler"),
            to_agency=self.cleaned_data.get("to_agency"),
            note=self.cleaned_data["note"],
        )


class TakeOverForm(ActionForm):
    """The viewer becomes the handler of a step named to a colleague of the same role."""

    action = Action.TAKE_OVER
    label = ACTION_LABELS[Action.TAKE_OVER]
    reason = _note_field(_("Lý do (không bắt buộc)"))

    def run(self, *, actor: User) -> object:
        return actions.dossier_take_over(
            actor=actor, **self.seen, reason=self.cleaned_data["reason"]
        )


class ReassignForm(ActionForm):
    """A centre manager names who handles the step in progress."""

    action = Action.REASSIGN
    label = ACTION_LABELS[Action.REASSIGN]
    button = "outline-primary"
    folded = True
    reason = _note_field(_("Lý do (không bắt buộc)"))

    def extend(self) -> None:
        step = selectors.current_step_of(self.dossier)
        self.fields["handler"] = OfficerChoiceField(
            label=_("Giao cho"),
            queryset=selectors.reassign_handlers(step=step) if step else User.objects.none(),
            empty_label=_("— Chọn cán bộ —"),
        )
        self.order_fields(["handler", "reason"])

    def run(self, *, actor: User) -> object:
        return actions.dossier_reassign(
            actor=actor,
            **self.seen,
            handler=self.cleaned_data["handler"],
            reason=self.cleaned_data["reason"],
        )


class ApproveForm(ActionForm):
    action = Action.APPROVE
    label = ACTION_LABELS[Action.APPROVE]
    button = "success"
    note = _note_field()

    def run(self, *, actor: User) -> object:
        return actions.dossier_approve(actor=actor, **self.seen, note=self.cleaned_data["note"])


class ReturnResultForm(ActionForm):
    action = Action.RETURN_RESULT
    label = ACTION_LABELS[Action.RETURN_RESULT]
    button = "success"
    note = _note_field()

    def run(self, *, actor: User) -> object:
        return actions.dossier_return_result(
            actor=actor, **self.seen, note=self.cleaned_data["note"]
        )


class MarkProcessedForm(ActionForm):
    action = Action.MARK_PROCESSED
    label = ACTION_LABELS[Action.MARK_PROCESSED]

    def run(self, *, actor: User) -> object:
        return actions.dossier_mark_processed(actor=actor, **self.seen)


class SupplementReceiveForm(ActionForm):
    action = Action.SUPPLEMENT_RECEIVE
    label = ACTION_LABELS[Action.SUPPLEMENT_RECEIVE]

    def run(self, *, actor: User) -> object:
        return actions.dossier_supplement_receive(actor=actor, **self.seen)


class ObligationFulfilForm(ActionForm):
    action = Action.FINANCIAL_OBLIGATION_FULFIL
    label = ACTION_LABELS[Action.FINANCIAL_OBLIGATION_FULFIL]

    def run(self, *, actor: User) -> object:
        return actions.dossier_financial_obligation_fulfil(actor=actor, **self.seen)


class RefuseForm(ActionForm):
    action = Action.REFUSE_AFTER_APPRAISAL
    label = ACTION_LABELS[Action.REFUSE_AFTER_APPRAISAL]
    button = "danger"
    folded = True
    reasons = _note_field(_("Lý do từ chối (mỗi dòng một lý do)"), required=True)

    def run(self, *, actor: User) -> object:
        return actions.dossier_refuse_after_appraisal(
            actor=actor, **self.seen, reasons=lines(self.cleaned_data["reasons"])
        )


class WithdrawForm(ActionForm):
    action = Action.WITHDRAW
    label = ACTION_LABELS[Action.WITHDRAW]
    button = "outline-secondary"
    folded = True
    reason = _note_field(_("Lý do rút hồ sơ"))

    def run(self, *, actor: User) -> object:
        return actions.dossier_withdraw(
            actor=actor, **self.seen, reason=self.cleaned_data["reason"]
        )


class StopForm(ActionForm):
    action = Action.STOP
    label = ACTION_LABELS[Action.STOP]
    button = "outline-danger"
    folded = True
    reason = _note_field(_("Lý do dừng xử lý"), required=True)
    at_citizen_request = forms.BooleanField(label=_("Theo đề nghị của công dân"), required=False)

    def run(self, *, actor: User) -> object:
        return actions.dossier_stop(
            actor=actor,
            **self.seen,
            reason=self.cleaned_data["reason"],
            at_citizen_request=self.cleaned_data["at_citizen_request"],
        )


def _moment_field(label: Any, *, required: bool) -> forms.DateTimeField:
    # A naive value is read in the current time zone (Asia/Ho_Chi_Minh).
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class ApologiseForm(ActionForm):
    action = Action.APOLOGISE
    label = ACTION_LABELS[Action.APOLOGISE]
    button = "warning"
    folded = True
    reason = _note_field(_("Lý do chậm trả kết quả"), required=True)
    new_due_at = _moment_field(_("Hẹn trả mới"), required=True)

    def run(self, *, actor: User) -> object:
        return actions.dossier_apologise(
            actor=actor,
            **self.seen,
            reason=self.cleaned_data["reason"],
            new_due_at=self.cleaned_data["new_due_at"],
        )


class ReturnEarlyForm(ActionForm):
    action = Action.RETURN_EARLY
    label = ACTION_LABELS[Action.RETURN_EARLY]
    folded = True
    available_from = _moment_field(_("Nhận kết quả từ"), required=False)
    message = _note_field(_("Nội dung thông báo"))

    def run(self, *, actor: User) -> object:
        available: datetime | None = self.cleaned_data["available_from"]
        return actions.dossier_return_early(
            actor=actor, **self.seen, available_from=available, message=self.cleaned_data["message"]
        )


class ObligationRequestForm(ActionForm):
    action = Action.FINANCIAL_OBLIGATION_REQUEST
    label = ACTION_LABELS[Action.FINANCIAL_OBLIGATION_REQUEST]
    button = "outline-primary"
    folded = True
    description = _note_field(_("Nội dung nghĩa vụ tài chính"), required=True)
    amount = forms.IntegerField(label=_("Số tiền (đồng)"), min_value=0, required=False)

    def run(self, *, actor: User) -> object:
        return actions.dossier_financial_obligation_request(
            actor=actor,
            **self.seen,
            description=self.cleaned_data["description"],
            amount=self.cleaned_data["amount"],
        )


class SupplementRequestForm(SupplementRowsMixin, ActionForm):
    action = Action.SUPPLEMENT_REQUEST
    label = ACTION_LABELS[Action.SUPPLEMENT_REQUEST]
    button = "outline-warning"
    folded = True
    note = _note_field()

    def extend(self) -> None:
        self.requirements = list(self.dossier.procedure_version.documents.all())
        self.add_supplement_fields()

    def run(self, *, actor: User) -> object:
        return actions.dossier_supplement_request(
            actor=actor, **self.seen, items=self.supplement_items(), note=self.cleaned_data["note"]
        )


class AcceptOnlineForm(ActionForm):
    """Receive a dossier the citizen submitted online (a counter receipt creates the
    dossier on the counter screen instead)."""

    action = Action.RECEIVE
    label = ACTION_LABELS[Action.RECEIVE]
    button = "success"

    def run(self, *, actor: User) -> object:
        return actions.dossier_accept_online(actor=actor, **self.seen)


class AcceptSupplementOnlineForm(SupplementRequestForm):
    """The supplement request form, for an online dossier received at the same time."""

    requires = Action.RECEIVE
    label = _("Tiếp nhận và yêu cầu bổ sung")

    def run(self, *, actor: User) -> object:
        return actions.dossier_accept_online_with_supplement(
            actor=actor, **self.seen, items=self.supplement_items(), note=self.cleaned_data["note"]
        )


class RefuseOnlineForm(ActionForm):
    action = Action.REFUSE_AT_RECEPTION
    label = ACTION_LABELS[Action.REFUSE_AT_RECEPTION]
    button = "danger"
    folded = True
    reasons = _note_field(_("Lý do từ chối tiếp nhận (mỗi dòng một lý do)"), required=True)

    def run(self, *, actor: User) -> object:
        return actions.dossier_refuse_online(
            actor=actor, **self.seen, reasons=lines(self.cleaned_data["reasons"])
        )


# In the order the dossier page shows them. Receiving and refusing at reception create a
# dossier: they belong to the counter screen, not here.
ACTION_FORMS: dict[Action, type[ActionForm]] = {
    form.action: form
    for form in (
        TakeOverForm,
        TransferForm,
        ApproveForm,
        MarkProcessedForm,
        ReturnResultForm,
        SupplementReceiveForm,
        ObligationFulfilForm,
        ReturnEarlyForm,
        SupplementRequestForm,
        ObligationRequestForm,
        ApologiseForm,
        RefuseForm,
        ReassignForm,
        WithdrawForm,
        StopForm,
    )
}

# A dossier submitted online and not yet received: the counter receives or refuses it
# from its page.
ONLINE_FORMS: dict[Action, type[ActionForm]] = {
    form.action: form for form in (AcceptOnlineForm, AcceptSupplementOnlineForm, RefuseOnlineForm)
}


def forms_for(dossier: Dossier) -> dict[Action, type[ActionForm]]:
    """The action forms that exist for this dossier, whoever looks."""
    return ONLINE_FORMS if dossier.state == State.REGISTERED else ACTION_FORMS
