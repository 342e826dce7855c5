from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import pgettext_lazy

from motcua.core.models import AuditEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records that change only through the services, which audit them: the system
    administrator may look them up here, never add, edit or delete."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: events are written by the services and never edited."""

    list_display = (
        "occurred_at",
        "chain",
        "sequence",
        "action",
        "actor_username",
        "target",
        "from_state",
        "to_state",
    )
    list_filter = ("action", "chain")
    search_fields = ("action", "actor_username", "target_label", "target_id", "reason")
    date_hierarchy = "occurred_at"
    list_select_related = ("target_type",)
    ordering = ("-occurred_at", "-pk")
    readonly_fields = [f.name for f in AuditEvent._meta.fields]
    show_full_result_count = False  # COUNT(*) over millions of events on every page

    @admin.display(description=pgettext_lazy("audit", "đối tượng"))
    def target(self, obj: AuditEvent) -> str:
        return f"{obj.target_type} #{obj.target_id} {obj.target_label}" if obj.target_id else ""
