from typing import Any

from django.apps import AppConfig, apps
from django.http import HttpRequest

from motcua.accounts.models import SignInOutcome, User
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
