from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "motcua.notifications"
    verbose_name = _("Thông báo: SMS, thư điện tử, trong ứng dụng")

    def ready(self) -> None:
        from motcua.notifications import receivers  # noqa: F401 (connects the receivers)
