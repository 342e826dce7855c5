"""The administrative procedure catalogue, each part versioned by effective date.

A procedure's content (time, fees, documents, steps) changes with the law, and a dossier
is judged by the version in force on the day it was received: versions are never
overlapping, and an edit of the law is a new version, not an overwrite.
"""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.accounts.models import Role
from motcua.catalog.eform_specs import EformSpecError, eform_field_dicts, parse_eform_fields
from motcua.catalog.sources import SourceSpec, source_specs
from motcua.catalog.specs import COMPETENT_KINDS, budget_gap
from motcua.catalog.text import fold
from motcua.core.formatting import number
from motcua.units.models import AgencyKind, UnitLevel


def in_force_q(on_date: date) -> Q:
    """Rows whose [valid_from, valid_to] range (either end open) contains the date."""
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=on_date)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=on_date)
    )


def _range_ordered(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(valid_to__isnull=True)
        | Q(valid_from__isnull=True)
        | Q(valid_to__gte=F("valid_from")),
        name=name,
    )


class Field(models.Model):
    """A field of procedures (lĩnh vực): Hộ tịch, Chứng thực, Cư trú, ..."""

    slug = models.SlugField(_("mã đường dẫn"), max_length=100, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=200)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["name"]
        constraints = [_range_ordered("catalog_field_range_ordered")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:field", args=[self.slug])


class Procedure(models.Model):
    """An administrative procedure (thủ tục hành chính); its content lives in versions."""

    # The national public-service portal's code, e.g. "1.001193"; blank when it has none.
    code = models.CharField(_("mã thủ tục"), max_length=20, blank=True)
    code_unconfirmed = models.BooleanField(_("mã chưa xác minh"), default=False)
    slug = models.SlugField(_("mã đường dẫn"), max_length=200, unique=True)
    name = models.CharField(_("tên thủ tục"), max_length=400)
    field = models.ForeignKey(
        Field, on_delete=models.PROTECT, related_name="procedures", verbose_name=_("lĩnh vực")
    )
    agency_level = models.PositiveSmallIntegerField(
        _("cấp thực hiện"), choices=UnitLevel.choices, default=UnitLevel.COMMUNE
    )
    keywords = models.CharField(
        _("từ khóa tìm kiếm"),
        max_length=400,
        blank=True,
        help_text=_("Cách gọi thường ngày, ví dụ: giấy xác nhận độc thân."),
    )
    valid_from = models.DateField(_("áp dụng từ"), null=True, blank=True)
    valid_to = models.DateField(_("áp dụng đến"), null=True, blank=True)
    # Folded name, code and keywords: what search matches, and the sort key (so that
    # "Đăng ký" sorts among the D's, not after Z as raw code points would).
    search_text = models.CharField(max_length=1000, db_index=True, editable=False)
    # Set when an administrator changes it: `motcua refdata load` then leaves it alone.
    edited_locally = models.BooleanField(_("đã sửa tại địa phương"), default=False, editable=False)

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["search_text"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=~Q(code=""),
                name="catalog_procedure_code_unique",
                violation_error_message=_("Đã có thủ tục khác mang mã này."),
            ),
            _range_ordered("catalog_procedure_range_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = fold(f"{self.name} {self.code} {self.keywords}")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("catalog:detail", args=[self.slug])


class TimeUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("ngày làm việc")
    WORKING_HOURS = "working_hours", _("giờ làm việc")
    # "Ngay trong ngày": the time is one working day (amount 1), and step budgets are
    # fractions of it; the rule for receipts after 15:00 belongs to the legal clock.
    SAME_DAY = "same_day", _("trong ngày")


class OnlineLevel(models.TextChoices):
    FULL = "full", _("Toàn trình")
    PARTIAL = "partial", _("Một phần")
    OFFLINE = "offline", _("Chưa cung cấp trực tuyến")


class ProcedureVersion(models.Model):
    """What a procedure requires between two dates: time, fees, documents, result, steps."""

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="versions", verbose_name=_("thủ tục")
    )
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    time_amount = models.DecimalField(
        _("thời hạn giải quyết"), max_digits=6, decimal_places=2, default=Decimal(1)
    )
    time_unit = models.CharField(_("đơn vị thời hạn"), max_length=20, choices=TimeUnit.choices)
    time_note = models.TextField(
        _("ghi chú thời hạn"), blank=True, help_text=_("Ví dụ: trường hợp cần xác minh ...")
    )
    time_unconfirmed = models.BooleanField(_("thời hạn chưa xác minh"), default=False)
    # Where the time comes from (see DocumentRequirement.sources).
    time_sources = models.JSONField(_("căn cứ của thời hạn"), default=list, blank=True)
    result = models.TextField(_("kết quả giải quyết"))
    legal_basis = models.TextField(_("căn cứ pháp lý"), help_text=_("Mỗi văn bản một dòng."))
    online_level = models.CharField(
        _("mức độ dịch vụ công trực tuyến"), max_length=10, choices=OnlineLevel.choices
    )
    online_reason = models.TextField(
        _("lý do chưa toàn trình"),
        blank=True,
        help_text=_("Bắt buộc khi dịch vụ công chỉ một phần hoặc chưa trực tuyến."),
    )
    unconfirmed_note = models.TextField(
        _("nội dung chưa xác minh"),
        blank=True,
        help_text=_("Ghi rõ thông tin nào chưa đối chiếu được với văn bản gốc."),
    )
    # The e-form citizens fill in online: a list of field specs (catalog/eform_specs.py,
    # EformFieldSpec), validated and stored in canonical form by clean().
    form_fields = models.JSONField(
        _("các trường của tờ khai điện tử"),
        default=list,
        blank=True,
        help_text=_(
            "Danh sách các trường: key, type (text, textarea, date, number, select, checkbox, "
            "personal_id, phone, email, unit), label, help, required, choices, min, max, "
            "pattern, section, prefill (name, personal_id, birth_date, phone, email, address)."
        ),
    )
    # Who decides: the agency of this kind in the receiving ward (the dossier's competent
    # agency unless the counter names another); its officers do the steps after receipt.
    competent_kind = models.CharField(
        _("cơ quan giải quyết"),
        max_length=10,
        choices=[(k, label) for k, label in AgencyKind.choices if k in COMPETENT_KINDS],
        default=AgencyKind.PEOPLES_COMMITTEE,
    )
    # Set when an administrator changes it: `motcua refdata load` then leaves it alone.
    edited_locally = models.BooleanField(_("đã sửa tại địa phương"), default=False, editable=False)

    class Meta:
        verbose_name = _("phiên bản thủ tục")
        verbose_name_plural = _("phiên bản thủ tục")
        ordering = ["procedure", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "valid_from"], name="catalog_version_from_unique"
            ),
            _range_ordered("catalog_version_range_ordered"),
            models.CheckConstraint(
                condition=Q(time_amount__gt=0), name="catalog_version_time_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.name} ({self.valid_from:%d/%m/%Y})"

    def is_valid_on(self, on_date: date) -> bool:
        return self.valid_from <= on_date and (self.valid_to is None or on_date <= self.valid_to)

    def clean(self) -> None:
        self.time_unconfirmed = not self.time_sources  # unconfirmed: no source found
        errors: dict[str, object] = {}
        if self.time_unit == TimeUnit.SAME_DAY and self.time_amount != 1:
            errors["time_amount"] = _(
                "Thủ tục giải quyết trong ngày có thời hạn bằng 1 (một ngày làm việc)."
            )
        if self.online_level != OnlineLevel.FULL and not self.online_reason.strip():
            errors["online_reason"] = _(
                "Cần nêu lý do dịch vụ công trực tuyến chưa được cung cấp toàn trình."
            )
        try:
            self.form_fields = eform_field_dicts(parse_eform_fields(self.form_fields))
        except EformSpecError as error:
            errors["form_fields"] = _(error.template) % error.params
        if self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.")
        elif self.procedure_id and self._overlapping().exists():
            errors["valid_from"] = _(
                "Khoảng hiệu lực trùng với một phiên bản khác của thủ tục này; "
                "hãy đặt ngày hết hiệu lực cho phiên bản cũ trước."
            )
        if errors:
            raise ValidationError(errors)

    def _overlapping(self) -> "models.QuerySet[ProcedureVersion]":
        siblings = ProcedureVersion.objects.filter(procedure_id=self.procedure_id).exclude(
            pk=self.pk
        )
        overlap = Q(valid_to__isnull=True) | Q(valid_to__gte=self.valid_from)
        if self.valid_to:
            overlap &= Q(valid_from__lte=self.valid_to)
        return siblings.filter(overlap)

    def validate_step_budgets(self, budgets: Iterable[Decimal]) -> None:
        """The processing steps must share out exactly the legal time, no more, no less."""
        budgets = list(budgets)
        if budget_gap(self.time_amount, budgets) != 0:
            raise ValidationError(
                _(
                    "Tổng thời gian của các bước xử lý (%(steps)s) phải bằng thời hạn "
                    "giải quyết theo quy định (%(total)s %(unit)s)."
                ),
                code="step_budgets",
                params={
                    "steps": number(sum(budgets, Decimal(0))),
                    "total": number(self.time_amount),
                    "unit": self.budget_unit_label,
                },
            )

    @property
    def processing_time_label(self) -> str:
        if self.time_unit == TimeUnit.SAME_DAY:
            return str(_("Trong ngày làm việc"))
        return f"{number(self.time_amount)} {self.get_time_unit_display()}"

    @property
    def budget_unit_label(self) -> str:
        """The unit step budgets are counted in: a same-day time is shared out in days."""
        if self.time_unit == TimeUnit.WORKING_HOURS:
            return str(_("giờ làm việc"))
        return str(_("ngày làm việc"))

    @property
    def legal_basis_lines(self) -> list[str]:
        return [line.strip() for line in self.legal_basis.splitlines() if line.strip()]

    @property
    def has_unconfirmed(self) -> bool:
        return bool(self.time_unconfirmed or self.unconfirmed_note)

    @property
    def time_source_specs(self) -> tuple[SourceSpec, ...]:
        return source_specs(self.time_sources)

    def cited_sources(self) -> list[tuple[SourceSpec, list[str]]]:
        """Each source the version's facts cite, once, with the facts it backs: the page's
        "Căn cứ" section."""
        backed: dict[SourceSpec, list[str]] = {}
        facts = [(str(_("Thời hạn giải quyết")), self.time_source_specs)]
        facts += [(str(f.label), f.source_specs) for f in self.fees.all()]
        facts += [(str(d.name), d.source_specs) for d in self.documents.all()]
        facts += [(str(s.name), s.source_specs) for s in self.steps.all()]
        for label, sources in facts:
            for source in sources:
                backed.setdefault(source, []).append(label)
        return list(backed.items())


class Sourced:
    """A fact carrying its `sources` column."""

    sources: Any

    @property
    def source_specs(self) -> tuple[SourceSpec, ...]:
        return source_specs(self.sources)


class CopyKind(models.TextChoices):
    """How a required document is handed in: the original, a certified copy, a photocopy,
    or the original shown for comparison."""

    ORIGINAL = "original", _("Bản chính")
    CERTIFIED_COPY = "certified_copy", _("Bản sao có chứng thực")
    PHOTOCOPY = "photocopy", _("Bản chụp hoặc bản sao")
    PRESENT = "present", _("Xuất trình bản chính để đối chiếu")


class DocumentRequirement(Sourced, models.Model):
    """One document of the dossier (thành phần hồ sơ)."""

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="documents"
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    name = models.CharField(_("tên giấy tờ"), max_length=500)
    form = models.CharField(_("hình thức"), max_length=20, choices=CopyKind.choices)
    count = models.PositiveSmallIntegerField(_("số lượng"), default=1)
    condition = models.TextField(
        _("điều kiện"), blank=True, help_text=_("Để trống nếu giấy tờ luôn bắt buộc.")
    )
    # Where the fact comes from: [{document, article, checked_at, checked_on}] (sources.py);
    # empty: no source was found, and the page badges it "chưa xác minh".
    sources = models.JSONField(_("căn cứ"), default=list, blank=True)

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(count__gte=1), name="catalog_document_count_min")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_mandatory(self) -> bool:
        return not self.condition.strip()


class FeeBasis(models.TextChoices):
    """What one amount is charged for: shown as '8.000 đồng/bản'."""

    DOSSIER = "dossier", _("hồ sơ")
    COPY = "copy", _("bản")
    PAGE = "page", _("trang")
    CASE = "case", _("trường hợp")
    CONTRACT = "contract", _("hợp đồng, giao dịch")
    DOCUMENT = "document", _("văn bản")


class Fee(Sourced, models.Model):
    """A fee or charge (phí, lệ phí) of a procedure version, in VND."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="fees")
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    label = models.CharField(_("khoản thu"), max_length=300)
    # None: the amount is set by each province's council and is not in the data yet.
    amount = models.PositiveIntegerField(_("mức thu (đồng)"), null=True, blank=True)
    basis = models.CharField(
        _("tính theo"), max_length=10, choices=FeeBasis.choices, default=FeeBasis.DOSSIER
    )
    note = models.TextField(_("ghi chú"), blank=True)
    amount_unconfirmed = models.BooleanField(_("mức thu chưa xác minh"), default=False)
    # Where the fact comes from: [{document, article, checked_at, checked_on}] (sources.py);
    # empty: no source was found, and the page badges it "chưa xác minh".
    sources = models.JSONField(_("căn cứ"), default=list, blank=True)

    class Meta:
        verbose_name = _("phí, lệ phí")
        verbose_name_plural = _("phí, lệ phí")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        self.amount_unconfirmed = not self.sources  # unconfirmed: no source found


class FeeExemption(models.Model):
    """Who does not pay a fee, by category, with the text of the rule."""

    fee = models.ForeignKey(Fee, on_delete=models.CASCADE, related_name="exemptions")
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    category = models.CharField(pgettext_lazy("fee exemption", "đối tượng"), max_length=300)
    text = models.TextField(_("nội dung miễn, giảm"))

    class Meta:
        verbose_name = _("trường hợp miễn, giảm")
        verbose_name_plural = _("trường hợp miễn, giảm")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.category


STEP_ROLES = [
    (role.value, role.label) for role in (Role.COUNTER_OFFICER, Role.SPECIALIST, Role.LEADER)
]


class ProcessingStep(Sourced, models.Model):
    """One step of the internal process, with the role that does it and its time budget."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    name = models.CharField(_("bước xử lý"), max_length=300)
    role = models.CharField(_("người thực hiện"), max_length=12, choices=STEP_ROLES)
    # In the version's time unit; a same-day procedure shares out its one day.
    budget = models.DecimalField(_("thời gian"), max_digits=6, decimal_places=2)
    # Where the fact comes from: [{document, article, checked_at, checked_on}] (sources.py);
    # empty: no source was found, and the page badges it "chưa xác minh".
    sources = models.JSONField(_("căn cứ"), default=list, blank=True)

    class Meta:
        verbose_name = _("bước xử lý")
        verbose_name_plural = _("bước xử lý")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(budget__gt=0), name="catalog_step_budget_positive")
        ]

    def __str__(self) -> str:
        return self.name
