"""Forms of the counter screen and of the actions on a dossier page.

Forms check types and shapes only; the rules (who, when, which state) are the actions'.
Each action form's `run` calls its action with the cleaned data; the JSON API calls the
same actions with its own typed input.
"""

from datetime import datetime
from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.accounts.fields import OfficerChoiceField, PersonalIdField
from motcua.accounts.models import User
from motcua.catalog.models import CopyKind, DocumentRequirement, ProcedureVersion
from motcua.dossiers import actions, selectors
from motcua.dossiers.actions import Applicant, DocumentIn, SupplementItemIn
from motcua.dossiers.models import Channel, Dossier
from motcua.dossiers.presentation import ACTION_LABELS
from motcua.dossiers.states import Action, State

MAX_COUNT = 99


def _count_field(label: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_COUNT,
        initial=0,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm mc-count"}),
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class StyledForm(forms.Form):
    """Bootstrap classes on every widget; `extend()` adds the fields that depend on the
    procedure or the dossier."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.extend()
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput) or "class" in widget.attrs:
                continue
            classes: dict[type, str] = {
                forms.CheckboxInput: "form-check-input",
                forms.Select: "form-select",
            }
            widget.attrs["class"] = classes.get(type(widget), "form-control")

    def extend(self) -> None:
        pass


class SupplementRowsMixin:
    """One reason box per document of the procedure, and free lines "document: reason"
    for anything else: the single consolidated list a supplement request needs."""

    requirements: list[DocumentRequirement]
    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def add_supplement_fields(self) -> None:
        for requirement in self.requirements:
            self.fields[f"reason_{requirement.pk}"] = forms.CharField(
                label=_("Lý do bổ sung: %(name)s") % {"name": requirement.name},
                required=False,
                max_length=500,
            )
        self.fields["other_items"] = forms.CharField(
            label=_("Giấy tờ khác cần bổ sung"),
            help_text=_("Mỗi dòng một giấy tờ, dạng “Tên giấy tờ: lý do”."),
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
        )

    def supplement_items(self) -> list[SupplementItemIn]:
        items = [
            SupplementItemIn(requirement_id=r.pk, reason=self.cleaned_data[f"reason_{r.pk}"])
            for r in self.requirements
            if self.cleaned_data[f"reason_{r.pk}"].strip()
        ]
        for line in _lines(self.cleaned_data["other_items"]):
            name, _sep, reason = line.partition(":")
            # A line without a colon is a document with no reason: the service refuses it.
            items.append(SupplementItemIn(name=name.strip(), reason=reason.strip()))
        return items


# --- the counter screen ------------------------------------------------------------------


class ApplicantForm(StyledForm):
    """Who hands the dossier in. On the counter screen, a known ID number fills the rest."""

    applicant_personal_id = PersonalIdField(
        required=False,
        help_text=_("12 số (hoặc 9 số CMND cũ). Người đã nộp hồ sơ được điền sẵn thông tin."),
    )
    applicant_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    applicant_birth_date = forms.DateField(
        label=_("Ngày sinh"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    applicant_phone = forms.CharField(
        label=_("Điện thoại"),
        max_length=20,
        required=False,
        help_text=_("Công dân tra cứu hồ sơ bằng 4 số cuối."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    applicant_email = forms.EmailField(label=_("Thư điện tử"), required=False)
    applicant_address = forms.CharField(label=_("Địa chỉ"), max_length=400, required=False)

    APPLICANT_FIELDS = (
        "applicant_personal_id",
        "applicant_name",
        "applicant_birth_date",
        "applicant_phone",
        "applicant_email",
        "applicant_address",
    )

    @property
    def applicant_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.APPLICANT_FIELDS]

    def applicant(self) -> Applicant:
        data = self.cleaned_data
        return Applicant(
            name=data["applicant_name"],
            personal_id=data["applicant_personal_id"],
            birth_date=data["applicant_birth_date"],
            phone=data["applicant_phone"],
            email=data["applicant_email"],
            address=data["applicant_address"],
        )


class ReceiveForm(SupplementRowsMixin, ApplicantForm):
    """The counter: applicant, checklist of the version in force, channel and sets. The
    same form receives, issues a supplement request, or refuses (the button pressed)."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    channel = forms.TypedChoiceField(
        label=_("Hình thức nộp"), choices=Channel.choices, coerce=int, initial=Channel.IN_PERSON
    )
    sets = forms.IntegerField(label=_("Số bộ hồ sơ"), min_value=1, max_value=20, initial=1)
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    refusal_reasons = forms.CharField(
        label=_("Lý do từ chối tiếp nhận"),
        help_text=_("Mỗi dòng một lý do."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, version: ProcedureVersion, **kwargs: Any) -> None:
        self.version = version
        self.requirements = list(version.documents.all())
        super().__init__(*args, **kwargs)

    def extend(self) -> None:
        for requirement in self.requirements:
            self._add_checklist_row(requirement)
        self.add_supplement_fields()

    def _add_checklist_row(self, requirement: DocumentRequirement) -> None:
        pk = requirement.pk
        self.fields[f"doc_{pk}"] = forms.BooleanField(
            label=requirement.name, required=False, initial=requirement.is_mandatory
        )
        # The requirement's form decides which count is pre-filled; "present the original"
        # leaves nothing in the dossier.
        initial = {
            CopyKind.ORIGINAL: "originals",
            CopyKind.CERTIFIED_COPY: "certified",
            CopyKind.PHOTOCOPY: "copies",
        }.get(CopyKind(requirement.form))
        for key, label in (
            ("originals", _("Bản chính")),
            ("certified", _("Bản sao chứng thực")),
            ("copies", _("Bản chụp, bản sao")),
        ):
            field = _count_field(label)
            field.initial = requirement.count if key == initial else 0
            self.fields[f"{key}_{pk}"] = field

    @property
    def checklist(self) -> list[dict[str, Any]]:
        """The rows of the checklist with their bound fields, for the template."""
        return [
            {
                "requirement": r,
                "given": self[f"doc_{r.pk}"],
                "counts": [self[f"{key}_{r.pk}"] for key in ("originals", "certified", "copies")],
                "reason": self[f"reason_{r.pk}"],
            }
            for r in self.requirements
        ]

    def documents(self) -> list[DocumentIn]:
        data = self.cleaned_data
        return [
            DocumentIn(
                requirement_id=r.pk,
                originals=data[f"originals_{r.pk}"],
                certified_copies=data[f"certified_{r.pk}"],
                photocopies=data[f"copies_{r.pk}"],
            )
            for r in self.requirements
            if data[f"doc_{r.pk}"]
        ]

    def refusal_reasons_list(self) -> list[str]:
        return _lines(self.cleaned_data["refusal_reasons"])


# --- actions on a dossier ----------------------------------------------------------------


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
            actor=actor, **self.seen, reasons=_lines(self.cleaned_data["reasons"])
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
            actor=actor, **self.seen, reasons=_lines(self.cleaned_data["reasons"])
        )


# In the order the dossier page shows them. Receiving and refusing at reception create a
# dossier: they belong to the counter screen, not here.
ACTION_FORMS: dict[Action, type[ActionForm]] = {
    form.action: form
    for form in (
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
