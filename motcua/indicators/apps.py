from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "motcua.indicators"
    verbose_name = _("Chỉ tiêu kinh tế - xã hội và báo cáo")
