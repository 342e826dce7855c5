from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "motcua.core"
    verbose_name = _("Lõi hệ thống")

    def ready(self) -> None:
        from motcua.core import audit_guard

        connection_created.connect(audit_guard.register, dispatch_uid="motcua.audit_guard")
