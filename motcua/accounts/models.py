"""Users: officers (one agency, one role) and citizens (a separate kind of account)."""

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class UserKind(models.TextChoices):
    OFFICER = "officer", _("Cán bộ")
    CITIZEN = "citizen", _("Công dân, tổ chức")


class Role(models.TextChoices):
    COUNTER_OFFICER = "counter", _("Cán bộ một cửa")
    SPECIALIST = "specialist", _("Chuyên viên")
    LEADER = "leader", _("Lãnh đạo phê duyệt")
    CENTRE_MANAGER = "manager", _("Quản lý trung tâm")
    SYSTEM_ADMIN = "sysadmin", _("Quản trị hệ thống")


class MotcuaUserManager(UserManager["User"]):
    def create_superuser(  # type: ignore[override]
        self, username: str, email: str | None = None, password: str | None = None, **extra: Any
    ) -> "User":
        extra.setdefault("kind", UserKind.OFFICER)
        extra.setdefault("role", Role.SYSTEM_ADMIN)
        return super().create_superuser(username, email, password, **extra)


class User(AbstractUser):
    kind = models.CharField(_("loại tài khoản"), max_length=10, choices=UserKind.choices)
    role = models.CharField(_("vai trò"), max_length=12, choices=Role.choices, blank=True)
    agency = models.ForeignKey(
        "units.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officers",
        verbose_name=_("cơ quan"),
    )
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    # Sign-in lockout (officers): counted failures and the moment the lock ends.
    failed_logins = models.PositiveSmallIntegerField(default=0, editable=False)
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)

    objects: ClassVar[MotcuaUserManager] = MotcuaUserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            # An officer has a role; a citizen has neither role nor agency.
            models.CheckConstraint(
                condition=Q(kind="citizen", role="", agency__isnull=True)
                | Q(kind="officer") & ~Q(role=""),
                name="user_kind_role_consistent",
            ),
        ]

    @property
    def is_officer(self) -> bool:
        return self.kind == UserKind.OFFICER

    @property
    def is_citizen(self) -> bool:
        return self.kind == UserKind.CITIZEN

    @property
    def role_label(self) -> str:
        return self.get_role_display() if self.role else ""
