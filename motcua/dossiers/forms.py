"""Forms of the counter screen (applicant, checklist, supplement items, refusal reasons)
and what the action forms (`action_forms`) share with it. Forms check types and shapes
only; the rules (who, when, which state) are the actions'.
"""

import uuid
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from motcua.accounts.fields import PersonalIdField
from motcua.catalog.models import CopyKind, DocumentRequirement, ProcedureVersion
from motcua.dossiers.actions import Applicant, DocumentIn, SupplementItemIn
from motcua.dossiers.models import Channel
from motcua.units.models import Agency

MAX_COUNT = 99


# The count box of each copy kind, and the one a requirement's form fills when ticked
# ("present the original" leaves no copy in the dossier: none).
COUNT_KEYS = ("originals", "certified", "copies")
DEFAULT_COUNT_KEY = {
    CopyKind.ORIGINAL: "originals",
    CopyKind.CERTIFIED_COPY: "certified",
    CopyKind.PHOTOCOPY: "copies",
}


def _count_field(label: Any) -> forms.IntegerField:
    # Empty until the document is ticked: an empty box counts as none.
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_COUNT,
        widget=forms.NumberInput(
            attrs={"class": "form-control form-control-sm mc-count", "inputmode": "numeric"}
        ),
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
        label=_("Ghi chú"),
        required=False,
        max_length=2000,  # as the API's
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    refusal_reasons = forms.CharField(
        label=_("Lý do từ chối tiếp nhận"),
        help_text=_("Mỗi dòng một lý do."),
        required=False,
        max_length=5000,
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

    def renew_key(self) -> None:
        """A new idempotency key for the form drawn again: its key made a dossier already."""
        data = QueryDict(mutable=True)
        data.update(self.data)
        data["idempotency_key"] = uuid.uuid4().hex
        self.data = data

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
        # Nothing is ticked at first: the officer ticks what the applicant hands in.
        self.fields[f"doc_{requirement.pk}"] = forms.BooleanField(
            label=requirement.name, required=False
        )
        for key, label in zip(
            COUNT_KEYS,
            (_("Bản chính"), _("Bản sao chứng thực"), _("Bản chụp, bản sao")),
            strict=True,
        ):
            self.fields[f"{key}_{requirement.pk}"] = _count_field(label)

    @property
    def checklist(self) -> list[dict[str, Any]]:
        """The rows of the checklist with their bound fields, for the template; `default`
        is the count box a tick fills (None: shown for comparison, no copy)."""
        return [
            {
                "requirement": r,
                "given": self[f"doc_{r.pk}"],
                "counts": [self[f"{key}_{r.pk}"] for key in COUNT_KEYS],
                "reason": self[f"reason_{r.pk}"],
                "default": _default_count(r),
            }
            for r in self.requirements
        ]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        for r in self.requirements:
            counts = [data.get(f"{key}_{r.pk}") or 0 for key in COUNT_KEYS]
            if data.get(f"doc_{r.pk}") and not sum(counts):
                # Ticked without a count: the requirement's own number, in its form.
                default = _default_count(r)
                if default is not None:
                    counts[COUNT_KEYS.index(default[0])] = default[1]
            for key, count in zip(COUNT_KEYS, counts, strict=True):
                data[f"{key}_{r.pk}"] = count
        return data

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


def _default_count(requirement: DocumentRequirement) -> tuple[str, int] | None:
    """(count box, number) a tick fills in; None for a document shown for comparison."""
    key = DEFAULT_COUNT_KEY.get(CopyKind(requirement.form))
    return None if key is None else (key, requirement.count)


# --- the ledger (form 06) -----------------------------------------------------------------

# The ledger begins with the software; an earlier or far-off day is a typing slip.
LEDGER_FIRST_DAY = date(2000, 1, 1)


def _day_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": _("Ngày không hợp lệ, ví dụ: 01/07/2025.")},
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )


class LedgerPeriodForm(forms.Form):
    """The period of the dossier ledger (`from`, `to`, as the PDF's address takes them):
    both days, in order, at most `max_days` long, not before 2000 nor after today."""

    def __init__(self, *args: Any, today: date, max_days: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today, self.max_days = today, max_days
        self.fields["from"] = _day_field(_("Từ ngày"))
        self.fields["to"] = _day_field(_("Đến ngày"))
        for field in self.fields.values():
            field.widget.attrs.update(min=f"{LEDGER_FIRST_DAY:%Y-%m-%d}", max=f"{today:%Y-%m-%d}")

    @staticmethod
    def this_month(today: date) -> dict[str, str]:
        """From the first of this month to today, as the page's address carries them."""
        return {"from": f"{today.replace(day=1):%Y-%m-%d}", "to": f"{today:%Y-%m-%d}"}

    def period(self) -> tuple[date, date]:
        return self.cleaned_data["from"], self.cleaned_data["to"]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        first, last = data.get("from"), data.get("to")
        if self.errors:
            return data
        if first is None or last is None:
            raise forms.ValidationError(_("Hãy chọn cả ngày đầu và ngày cuối của kỳ cần in sổ."))
        if first < LEDGER_FIRST_DAY or last > self.today:
            raise forms.ValidationError(
                _("Hãy chọn các ngày từ %(low)s đến hôm nay (%(high)s).")
                % {"low": f"{LEDGER_FIRST_DAY:%d/%m/%Y}", "high": f"{self.today:%d/%m/%Y}"}
            )
        if last < first:
            raise forms.ValidationError(_("Ngày đầu phải trước hoặc trùng ngày cuối."))
        if last - first >= timedelta(days=self.max_days):
            raise forms.ValidationError(
                _("Mỗi lần in sổ tối đa %(days)s ngày (một quý): hãy chia thành các kỳ ngắn hơn.")
                % {"days": self.max_days}
            )
        return data
