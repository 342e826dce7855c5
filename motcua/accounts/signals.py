from typing import Any

from django.apps import AppConfig, apps
from django.http import HttpRequest

from motcua.accounts.models import SignInOutcome, User
from motcua.accounts.services.access import api_tokens_revoke_all, user_access_end
from motcua.accounts.services.officers import role_groups_sync
from motcua.accounts.services.sign_in import sign_in_attempt_record


def record_sign_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    sign_in_attempt_record(
        request=request, username=user.username, user=user, outcome=SignInOutcome.SUCCEEDED
    )


def sync_role_groups(sender: AppConfig, **kwargs: Any) -> None:
    # Permissions of an app are created when post_migrate runs for that app (only apps with
    # models get it); waiting for the last one means every permission exists by then.
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender.label == with_models[-1].label:
        role_groups_sync()


def end_access_on_deactivation_or_new_password(
    sender: type[User], instance: User, raw: bool = False, **kwargs: Any
) -> None:
    """Whatever saves the account (the admin, a service, the shell): deactivating it ends
    its sessions and revokes its API tokens; a new password revokes the tokens (Django
    ends the other sessions itself). A queryset .update() bypasses this."""
    update_fields = kwargs.get("update_fields")
    if raw or instance.pk is None:
        return
    if update_fields is not None and not {"is_active", "password"} & set(update_fields):
        return
    before = User.objects.filter(pk=instance.pk).values("is_active", "password").first()
    if before is None:
        return
    if before["is_active"] and not instance.is_active:
        # Saved with the account, so that this save does not write the old epoch back.
        instance.session_epoch = user_access_end(actor=None, user=instance, reason="deactivated")
    elif before["password"] != instance.password:
        api_tokens_revoke_all(actor=None, user=instance, reason="password_changed")
