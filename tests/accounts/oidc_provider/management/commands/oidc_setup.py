"""Migrate, then create the users of the users file and motcua's client registration
(one process: the provider starts in a few seconds)."""

from typing import Any

from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import BaseCommand
from oauth2_provider.models import Application

from tests.accounts.oidc_provider.validators import users

CALLBACK = "/accounts/oidc/callback/"


class Command(BaseCommand):
    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--client-id", required=True)
        parser.add_argument("--client-secret", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        for username, spec in users().items():
            user, _created = User.objects.get_or_create(username=username)
            user.set_password(spec["password"])
            user.save()
        Application.objects.update_or_create(
            client_id=options["client_id"],
            defaults={
                "name": "motcua",
                "client_secret": options["client_secret"],
                "client_type": Application.CLIENT_CONFIDENTIAL,
                "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
                "algorithm": Application.RS256_ALGORITHM,
                # Loopback: any port; "testserver" is Django's test client.
                "redirect_uris": " ".join(
                    f"http://{host}{CALLBACK}" for host in ("127.0.0.1", "localhost", "testserver")
                ),
            },
        )
