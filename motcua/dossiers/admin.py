"""Admin: dossiers are read-only here (every change is a transition with its checks and
its audit event, made from the officers' screens); processing rules are edited here,
through the service so each edit is audited."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from motcua.accounts.http import signed_in_user
from motcua.core.access_log import AdminReadLogged
from motcua.core.personal_data import personal_id_hash
from motcua.dossiers import actions
from motcua.dossiers.models import (
    Dossier,
    DossierDocument,
    DossierStep,
    ProcessingRule,
    SupplementRequest,
)
from motcua.dossiers.search import terms


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class DocumentInline(ReadOnlyInline):
    model = DossierDocument
    fields = ("name", "originals", "certified_copies", "photocopies")


class StepInline(ReadOnlyInline):
    model = DossierStep
    fields = (
        "position",
        "name",
        "agency",
        "role",
        "handler",
        "started_at",
        "due_at",
        "finished_at",
        "timing",
    )


class SupplementInline(ReadOnlyInline):
    model = SupplementRequest
    fields = ("number", "requested_at", "requested_by", "received_at", "note")


@admin.register(Dossier)
class DossierAdmin(AdminReadLogged, admin.ModelAdmin):
    list_display = ("code", "applicant_name", "procedure", "state", "due_at", "timing")
    list_filter = ("state", "channel", "timing", "agency")
    # The ID number is sealed: found whole, through its hash (get_search_results).
    search_fields = ("code", "applicant_name")
    date_hierarchy = "received_at"
    list_select_related = ("procedure",)
    inlines = (DocumentInline, StepInline, SupplementInline)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Dossier], search_term: str
    ) -> tuple[QuerySet[Dossier], bool]:
        found, duplicates = super().get_search_results(request, queryset, search_term)
        number = terms(search_term).personal_id
        if number:
            found |= queryset.filter(applicant_personal_id_hash=personal_id_hash(number))
        return found, duplicates

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ProcessingRule)
class ProcessingRuleAdmin(admin.ModelAdmin):
    list_display = (
        "valid_from",
        "cutoff",
        "supplement_policy",
        "supplement_request_days",
        "apology_min_days",
        "apology_limit",
    )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        actions.processing_rule_save(actor=signed_in_user(request), rule=obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Dossiers point to the rule that governed them.
        return False
