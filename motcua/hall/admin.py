"""Admin: set up halls, groups and counters; tickets, bookings, ratings and enrolled
devices are read-only (they change through the services, which audit them)."""

from django.contrib import admin

from motcua.core.admin import ReadOnlyAdmin
from motcua.hall.models import Appointment, Counter, Device, Hall, Rating, ServiceGroup, Ticket


class ServiceGroupInline(admin.TabularInline):
    model = ServiceGroup
    fields = ["code", "name", "position", "slot_minutes"]
    extra = 0


@admin.register(Hall)
class HallAdmin(admin.ModelAdmin):
    list_display = ["name", "agency"]
    fields = ["agency", "name"]
    inlines = [ServiceGroupInline]


@admin.register(Counter)
class CounterAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "hall", "state", "officer", "auto_assign"]
    list_filter = ["hall"]
    # State and officer change when officers open and close the counter.
    fields = ["hall", "number", "name", "groups", "auto_assign"]
    filter_horizontal = ["groups"]


@admin.register(Ticket)
class TicketAdmin(ReadOnlyAdmin):
    list_display = ["code", "day", "hall", "group", "category", "state", "counter", "issued_at"]
    list_filter = ["hall", "state", "category", "day"]


@admin.register(Appointment)
class AppointmentAdmin(ReadOnlyAdmin):
    list_display = ["booking_code", "group", "slot_start", "citizen_name"]
    search_fields = ["booking_code", "citizen_name", "phone"]


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = ["channel", "ticket", "dossier", "value", "at"]
    list_filter = ["channel", "value"]


@admin.register(Device)
class DeviceAdmin(ReadOnlyAdmin):
    # Enrolled and revoked on the manager's page "Thiết bị của sảnh".
    list_display = ["name", "kind", "hall", "counter", "created_at", "last_seen_at", "revoked_at"]
    list_filter = ["hall", "kind"]
    exclude = ["secret_hash"]
