"""Admin for centre managers (standard model permissions on app label `catalog`).

It applies the same rules as the services: the model's clean() and its step-budget check;
and it refuses a version whose steps nobody could do in a ward at work (catalog.routing).
"""

from decimal import Decimal
from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from motcua.catalog.admin_annex import annex_view
from motcua.catalog.audit import KIND_LABELS, catalogue_findings
from motcua.catalog.models import (
    DocumentRequirement,
    Fee,
    FeeExemption,
    Field,
    Procedure,
    ProcedureVersion,
    ProcessingStep,
)
from motcua.catalog.routing import catalogue_gaps


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "valid_from", "valid_to"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


class VersionInline(admin.TabularInline):
    model = ProcedureVersion
    fields = ("valid_from", "valid_to", "processing_time_label", "online_level")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False  # versions are added on their own page, with their documents and steps


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "field", "agency_level", "valid_to", "edited_locally"]
    list_filter = ["field", "agency_level"]
    search_fields = ["name", "code", "search_text"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [VersionInline]

    def save_model(self, request: HttpRequest, obj: Procedure, form: Any, change: bool) -> None:
        obj.edited_locally = True  # the reference-data loader must not undo this edit
        super().save_model(request, obj, form, change)

    def get_urls(self) -> list[URLPattern]:
        audit = path("audit/", self.admin_site.admin_view(self.audit_view), name="catalog_audit")
        annex = path(
            "import-annex/",
            self.admin_site.admin_view(self.import_annex_view),
            name="catalog_import_annex",
        )
        return [audit, annex, *super().get_urls()]

    def import_annex_view(self, request: HttpRequest) -> HttpResponse:
        context = {**self.admin_site.each_context(request), "opts": self.model._meta}
        return annex_view(request, context)

    def audit_view(self, request: HttpRequest) -> HttpResponse:
        """What `motcua catalog audit` reports, for the centre manager: facts without a
        source or not checked for CATALOG_RECHECK_DAYS, replaced legal bases, no code."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        findings = catalogue_findings()
        groups = [
            (label, [f for f in findings if f.kind == kind]) for kind, label in KIND_LABELS.items()
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Rà soát nguồn của danh mục thủ tục"),
            "opts": self.model._meta,
            "groups": [(label, items) for label, items in groups if items],
            "total": len(findings),
        }
        return TemplateResponse(request, "admin/catalog/audit.html", context)


class StepFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(form.errors for form in self.forms):
            return  # field errors first: the budgets are not all readable yet
        kept = [
            form.instance
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        self.instance.validate_step_budgets(Decimal(step.budget) for step in kept)
        self._refuse_gaps(sorted(kept, key=lambda step: step.position))

    def _refuse_gaps(self, steps: list[ProcessingStep]) -> None:
        """Nothing is saved that would leave a citizen's dossier stuck on a step nobody in
        a ward at work can do (the competent agency as edited above, the steps as here)."""
        version = self.instance
        if not version.procedure_id:
            return  # the version's own form says what is missing
        gaps = catalogue_gaps(version=version, steps=steps)
        if gaps:
            heading = _("Chưa lưu: hồ sơ của thủ tục này sẽ dừng ở bước không ai làm được.")
            raise ValidationError([heading, *gaps], code="routing_gap")


class DocumentInline(admin.TabularInline):
    model = DocumentRequirement
    fields = ["position", "name", "form", "count", "condition", "sources"]
    extra = 0


class FeeInline(admin.TabularInline):
    model = Fee
    # "chưa xác minh" follows `sources` (empty: no source found), not a flag of its own.
    fields = ["position", "label", "amount", "basis", "note", "sources"]
    extra = 0
    show_change_link = True  # exemptions are edited on the fee's own page


class StepInline(admin.TabularInline):
    model = ProcessingStep
    formset = StepFormSet
    fields = ["position", "name", "role", "budget", "sources"]
    extra = 0


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(admin.ModelAdmin):
    list_display = [
        "procedure",
        "valid_from",
        "valid_to",
        "processing_time_label",
        "online_level",
        "edited_locally",
    ]
    list_filter = ["procedure__field", "online_level", "time_unit"]
    # form_fields (the e-form) is edited as JSON and checked by the model's clean().
    search_fields = ["procedure__name", "procedure__code"]
    autocomplete_fields = ["procedure"]
    date_hierarchy = "valid_from"
    inlines = [DocumentInline, FeeInline, StepInline]
    exclude = ["time_unconfirmed"]  # the page badges a time without `time_sources`

    def save_model(
        self, request: HttpRequest, obj: ProcedureVersion, form: Any, change: bool
    ) -> None:
        obj.edited_locally = True  # the reference-data loader must not undo this edit
        super().save_model(request, obj, form, change)


class ExemptionInline(admin.TabularInline):
    model = FeeExemption
    fields = ["position", "category", "text"]
    extra = 0


@admin.register(Fee)
class FeeAdmin(admin.ModelAdmin):
    list_display = ["label", "version", "amount", "basis"]
    search_fields = ["label", "version__procedure__name"]
    inlines = [ExemptionInline]

    def save_model(self, request: HttpRequest, obj: Fee, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        ProcedureVersion.objects.filter(pk=obj.version_id).update(edited_locally=True)
