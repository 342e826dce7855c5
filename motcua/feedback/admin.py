"""Admin: feedback is read-only here (it changes through the services, which audit it)."""

from django.contrib import admin

from motcua.core.admin import ReadOnlyAdmin
from motcua.feedback.models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin):
    list_display = ["subject", "agency", "state", "received_at", "due_at", "answered_on_time"]
    list_filter = ["state", "answered_on_time", "agency"]
    search_fields = ["subject"]
    exclude = ["attachment"]  # served only through the permission-checked view
