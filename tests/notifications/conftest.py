"""Notification fixtures: SMS written to files in a temporary directory, so a test reads
what a citizen's phone would receive.

Reading what was sent, in any app's tests: the outbox rows are
`motcua.notifications.models.Notification` (kind, channel, recipient, subject, body,
state); they are written in the transaction of the change. No worker runs in tests:
`motcua.notifications.services.notifications_deliver_due()` delivers every due row in the
test's thread (e-mail lands in `django.core.mail.outbox`). A sensitive body (a one-time
code) is erased once delivered: read it before delivering.
"""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client


@pytest.fixture
def sms_dir(settings, tmp_path: Path) -> Path:
    settings.SMS_BACKEND = "motcua.notifications.sms.FileSmsBackend"
    settings.SMS_FILE_PATH = tmp_path / "sms"
    return settings.SMS_FILE_PATH


def sms_received(directory: Path) -> list[dict[str, str]]:
    """The messages the file backend wrote, oldest first."""
    if not directory.exists():
        return []
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(directory.glob("*.json"))]


# The dossier fixtures (a procedure with steps, a team per ward, dossiers in any state).
from tests.dossiers.conftest import (  # noqa: E402, F401
    make_dossier,
    processing_rules,
    received,
    steps_procedure,
    team_a,
    team_b,
)


@pytest.fixture
def signed_in(page, live_server):
    """`signed_in(user)`: the browser carries `user`'s session (citizens have no password
    form of their own here; the sign-in pages are tested by the accounts app)."""

    def sign_in(user) -> None:
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )

    return sign_in
