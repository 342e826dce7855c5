"""Forms of the counter screen (applicant, checklist, supplement items, refusal reasons)
and what the action forms (`action_forms`) share with it. Forms check types and shapes
only; the rules (who, when, which state) are the actions'.
"""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.accounts.fields import PersonalIdField
from motcua.catalog.models import CopyKind, DocumentRequirement, ProcedureVersion
from motcua.dossiers.actions import Applicant, DocumentIn, SupplementItemIn
from motcua.dossiers.models import Channel
from motcua.units.models import Agency

MAX_COUNT = 99


def _count_field(label: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_COUNT,
        initial=0,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm mc-count"}),
    )


def lines(text: str) -> list[str]:
    """The non-empty lines of a box, stripped: one reason or one item per line."""
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
        for line in lines(self.cleaned_data["other_items"]):
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

    def __init__(
        self,
        *args: Any,
        version: ProcedureVersion,
        competent_choices: Sequence[Agency] = (),
        **kwargs: Any,
    ) -> None:
        self.version = version
        self.requirements = list(version.documents.all())
        super().__init__(*args, **kwargs)
        self._add_competent_field(list(competent_choices))

    def _add_competent_field(self, choices: list[Agency]) -> None:
        """The deciding agency (catalog.routing.competent_choices), to choose only when the
        procedure allows several; the default preselected."""
        self.competent_choices = choices
        if len(choices) > 1:
            self.fields["competent"] = forms.TypedChoiceField(
                label=_("Cơ quan giải quyết"),
                choices=[(agency.pk, agency.name) for agency in choices],
                coerce=int,
                initial=choices[0].pk,
                widget=forms.Select(attrs={"class": "form-select"}),
            )

    def competent(self) -> Agency | None:
        """The agency chosen; None: nothing to choose, the catalogue's rule decides."""
        chosen = self.cleaned_data.get("competent")
        return next((agency for agency in self.competent_choices if agency.pk == chosen), None)

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
        return lines(self.cleaned_data["refusal_reasons"])
