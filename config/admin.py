"""The admin site under motcua's name, not Django's (`config.apps.AdminConfig` installs it)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class MotcuaAdminSite(admin.AdminSite):
    site_header = _("motcua — Quản trị hệ thống một cửa")
    site_title = _("Quản trị motcua")
    index_title = _("Danh mục quản trị")
