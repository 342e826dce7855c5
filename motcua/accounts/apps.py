from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "motcua.accounts"
    verbose_name = _("Tài khoản và vai trò")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_migrate

        from motcua.accounts import signals

        user_logged_in.connect(signals.record_sign_in, dispatch_uid="accounts_record_sign_in")
        post_migrate.connect(signals.sync_role_groups, dispatch_uid="accounts_sync_roles")
