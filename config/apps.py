"""Application configs the project gives to Django's and third-party apps: the admin
under motcua's name, and the third-party apps' headings in Vietnamese.

Only the names the admin shows change, at run time: a model's `_meta.verbose_name` is read
by the admin, while migrations read the model's declared options (`original_attrs`), so no
migration of a third-party app is needed or created."""

from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as OtpTotpDefaultConfig
from django_tasks_db.apps import TasksAppConfig as TasksDbAppConfig

if TYPE_CHECKING:  # django-stubs is a development dependency
    from django_stubs_ext import StrPromise


class MotcuaAdminConfig(AdminConfig):
    default_site = "config.admin.MotcuaAdminSite"


def _rename_model(
    app: AppConfig, model_name: str, singular: "StrPromise", plural: "StrPromise"
) -> None:
    options = app.get_model(model_name)._meta
    options.verbose_name = singular
    options.verbose_name_plural = plural


class OtpTotpConfig(OtpTotpDefaultConfig):
    verbose_name = _("Xác thực hai lớp (TOTP)")

    def ready(self) -> None:
        super().ready()
        _rename_model(self, "TOTPDevice", _("thiết bị xác thực TOTP"), _("thiết bị xác thực TOTP"))


class TasksDbConfig(TasksDbAppConfig):
    # Django takes a lazy name for an app; the package declares a plain str.
    verbose_name = _("Tác vụ chạy nền")  # type: ignore[assignment]

    def ready(self) -> None:
        super().ready()
        _rename_model(self, "DBTaskResult", _("kết quả tác vụ"), _("kết quả tác vụ"))
