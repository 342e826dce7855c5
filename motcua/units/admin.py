"""Units are reference data (read-mostly, reloaded by `motcua refdata load`); successions and
agencies are edited here."""

from datetime import date
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from motcua.units.models import AdministrativeUnit, Agency, UnitSuccession
from motcua.units.selectors import today, valid_on


class ValidityFilter(admin.SimpleListFilter):
    title = _("hiệu lực")
    parameter_name = "validity"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, Any]]:
        return [("current", _("Đang hiệu lực")), ("ended", _("Đã hết hiệu lực"))]

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[AdministrativeUnit]
    ) -> QuerySet[AdministrativeUnit]:
        current: date = today()
        if self.value() == "current":
            return queryset.filter(valid_on(current))
        if self.value() == "ended":
            return queryset.filter(valid_to__lt=current)
        return queryset


class SuccessionInline(admin.TabularInline):
    model = UnitSuccession
    fk_name = "predecessor"
    extra = 0
    autocomplete_fields = ["successor"]
    verbose_name = _("đơn vị kế thừa")
    verbose_name_plural = _("đơn vị kế thừa")


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent", "valid_from", "valid_to"]
    list_filter = ["level", ValidityFilter]
    search_fields = ["code", "name", "search_name"]
    list_select_related = ["parent"]
    readonly_fields = ["code", "level", "name", "unit_type", "parent", "valid_from", "valid_to"]
    inlines = [SuccessionInline]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        # New units come from the official code list through `motcua refdata load`.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "successor", "kind", "effective_date", "legal_basis"]
    list_filter = ["kind", "effective_date", "predecessor__level"]
    search_fields = ["predecessor__code", "predecessor__name", "successor__code", "successor__name"]
    autocomplete_fields = ["predecessor", "successor"]
    list_select_related = ["predecessor", "successor"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "eid_code", "kind", "unit", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "eid_code", "unit__name"]
    autocomplete_fields = ["unit", "parent"]
    list_select_related = ["unit"]
