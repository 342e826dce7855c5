from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "motcua.catalog"
    verbose_name = _("Thủ tục hành chính")

    def ready(self) -> None:
        from motcua.catalog import receivers  # noqa: F401 (connects the signal receivers)
