"""Admin: indicators and targets are edited here; figures, warnings and publications are
read-only (a figure is never changed, a newer one is recorded through the services, which
audit it; publishing is the dashboard's "Công bố", audited too)."""

from django.contrib import admin

from motcua.core.admin import ReadOnlyAdmin
from motcua.indicators.models import (
    Indicator,
    Publication,
    Target,
    TargetSet,
    ValidationWarning,
    Value,
)


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin[Indicator]):
    list_display = ["name", "unit_of_measure", "kind", "better", "style", "parent", "section"]
    list_filter = ["kind", "better", "style", "section"]
    search_fields = ["name", "code"]
    raw_id_fields = ["parent"]


class TargetInline(admin.TabularInline[Target, TargetSet]):
    model = Target
    raw_id_fields = ["indicator"]
    extra = 0


@admin.register(TargetSet)
class TargetSetAdmin(admin.ModelAdmin[TargetSet]):
    list_display = ["__str__", "unit", "year", "document_number", "document_date", "plan_name"]
    list_filter = ["assigner", "year"]
    raw_id_fields = ["unit"]
    inlines = [TargetInline]


@admin.register(Value)
class ValueAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "unit", "year", "period", "figure", "number", "entered_at"]
    list_filter = ["figure", "period", "year"]
    search_fields = ["indicator__name", "source"]


@admin.register(ValidationWarning)
class ValidationWarningAdmin(ReadOnlyAdmin):
    list_display = ["message", "severity", "unit", "year", "period", "resolved_at", "accepted_at"]
    list_filter = ["severity", "rule", "year"]


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    list_display = ["unit", "year", "period", "published_by", "published_at"]
    list_filter = ["period", "year"]
