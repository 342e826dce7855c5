from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HallConfig(AppConfig):
    name = "motcua.hall"
    verbose_name = _("Sảnh phục vụ: số thứ tự, quầy, bảng hiển thị")
