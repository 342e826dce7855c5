from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "motcua.accounts"
    verbose_name = _("Tài khoản và vai trò")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_migrate, pre_save

        from motcua.accounts import signals
        from motcua.accounts.models import User

        user_logged_in.connect(signals.record_sign_in, dispatch_uid="accounts_record_sign_in")
        post_migrate.connect(signals.sync_role_groups, dispatch_uid="accounts_sync_roles")
        pre_save.connect(
            signals.end_access_on_deactivation_or_new_password,
            sender=User,
            dispatch_uid="accounts_end_access",
        )
