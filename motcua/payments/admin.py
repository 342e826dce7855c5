"""Read-only: fees and payments change only through the services (audited); the system
administrator may look a transaction up here."""

from django.contrib import admin
from django.http import HttpRequest

from motcua.payments.models import FeeAssessment, Payment


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(FeeAssessment)
class FeeAssessmentAdmin(ReadOnlyAdmin):
    list_display = ("dossier", "total", "state", "assessed_at", "paid_at")
    list_filter = ("state",)
    search_fields = ("dossier__code",)
    list_select_related = ("dossier",)


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ("order_ref", "gateway", "amount", "state", "created_at", "paid_at")
    list_filter = ("gateway", "state")
    search_fields = ("order_ref", "gateway_txn_no", "assessment__dossier__code")
    date_hierarchy = "created_at"
