"""Read-only: fees and payments change only through the services (audited); the system
administrator may look a transaction up here."""

from django.contrib import admin

from motcua.core.admin import ReadOnlyAdmin
from motcua.payments.models import FeeAssessment, Payment


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
