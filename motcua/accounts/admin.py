from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from motcua.accounts.http import signed_in_user
from motcua.accounts.models import ApiToken, ExternalIdentity, SignInAttempt, User
from motcua.accounts.services.access import api_token_revoke
from motcua.accounts.services.officers import role_apply
from motcua.accounts.services.sign_in import sign_in_failures_clear
from motcua.core.access_log import AdminReadLogged


@admin.register(User)
class MotcuaUserAdmin(AdminReadLogged, UserAdmin):
    list_display = ("username", "last_name", "first_name", "kind", "role", "agency", "is_active")
    list_filter = ("kind", "role", "is_active", "agency")
    search_fields = ("username", "first_name", "last_name", "email")
    # Admin access, superuser status and groups follow the role (role_apply),
    # so they are shown but never edited here.
    readonly_fields = (
        "is_staff",
        "is_superuser",
        "failed_logins",
        "locked_until",
        "last_login",
        "date_joined",
    )
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Thông tin cá nhân"),
            {"fields": ("last_name", "first_name", "email", "phone", "birth_date", "address")},
        ),
        (_("Vai trò"), {"fields": ("kind", "role", "agency", "personal_id")}),
        (
            _("Trạng thái"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "failed_logins",
                    "locked_until",
                    "last_login",
                    "date_joined",
                )
            },
        ),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "password1", "password2")}),
        (_("Vai trò"), {"fields": ("kind", "role", "agency")}),
    )
    actions = ["unlock"]

    def shows_personal_data(self, obj: Any) -> bool:
        """A citizen's page shows their ID number and profile; an officer's, colleagues'
        work details."""
        return bool(obj.is_citizen)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        role_apply(user=obj)

    @admin.action(description=_("Mở khóa đăng nhập"))
    def unlock(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            sign_in_failures_clear(user=user)
        messages.success(request, _("Đã mở khóa các tài khoản đã chọn."))


@admin.register(SignInAttempt)
class SignInAttemptAdmin(admin.ModelAdmin):
    list_display = ("at", "username", "outcome", "ip_address")
    list_filter = ("outcome",)
    search_fields = ("username",)
    date_hierarchy = "at"

    # The log is append-only: nobody edits or deletes it through the admin.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(admin.ModelAdmin):
    """Shown, never edited: a link is made only by signing in at the provider. Deleting
    one unlinks it (the next sign-in there makes a new citizen account)."""

    list_display = ("user", "issuer", "subject", "linked_at", "last_used_at")
    search_fields = ("user__username", "subject")
    readonly_fields = ("issuer", "subject", "user", "linked_at", "last_used_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Officers' API tokens, read-only (the value is never kept, only its hash); the
    system administrator revokes them."""

    list_display = ("user", "label", "created_at", "expires_at", "last_used_at", "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("user__username", "user__last_name", "label")
    date_hierarchy = "created_at"
    list_select_related = ("user__agency",)
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Thu hồi các mã đã chọn"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        actor = signed_in_user(request)
        for api_token in queryset.filter(revoked_at__isnull=True):
            api_token_revoke(actor=actor, api_token=api_token)
        messages.success(request, _("Đã thu hồi các mã truy cập API đã chọn."))
