"""Admin for the calendar. Every save and delete goes through the services, so the cached
calendars are refreshed and open dossiers re-projected exactly as for any other change."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from motcua.accounts.http import signed_in_user
from motcua.workdays import services
from motcua.workdays.models import CalendarOverride, WorkingHours


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ("day", "kind", "reason", "confirmed", "applied", "agency")
    list_filter = ("confirmed", "kind", "agency")
    date_hierarchy = "day"
    search_fields = ("reason", "legal_reference")
    fields = ("day", "kind", "reason", "legal_reference", "confirmed", "agency")

    @admin.display(boolean=True, description=_("đang áp dụng"))
    def applied(self, obj: CalendarOverride) -> bool:
        return obj.applied

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # A row is the override of one (day, agency): another day is another row.
        return ("day", "agency") if obj else ()

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        saved = services.calendar_override_set(
            actor=signed_in_user(request),
            day=obj.day,
            kind=obj.kind,
            reason=obj.reason,
            legal_reference=obj.legal_reference,
            confirmed=obj.confirmed,
            agency=obj.agency,
        )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: CalendarOverride) -> None:
        services.calendar_override_delete(actor=signed_in_user(request), override=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarOverride]) -> None:
        for override in queryset:
            self.delete_model(request, override)


@admin.register(WorkingHours)
class WorkingHoursAdmin(admin.ModelAdmin):
    list_display = ("agency", "periods", "updated_at")
    fields = ("agency", "periods")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("agency",) if obj else ()

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        saved = services.working_hours_set(
            actor=signed_in_user(request),
            agency=obj.agency,
            periods=obj.periods,
        )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: WorkingHours) -> None:
        services.working_hours_delete(actor=signed_in_user(request), agency=obj.agency)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[WorkingHours]) -> None:
        for hours in queryset:
            self.delete_model(request, hours)
