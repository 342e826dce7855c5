"""Helpers for citizen sign-in tests: read the code a citizen's phone or inbox received."""

import re

from motcua.notifications.models import Notification


def last_code(address: str) -> str:
    """The newest one-time code sent to `address` (read from the outbox before delivery,
    which erases it)."""
    sent = Notification.objects.filter(kind="otp", recipient=address).latest("pk")
    match = re.search(r"\b(\d{6})\b", sent.body)
    assert match, sent.body
    return match.group(1)


def codes_sent(address: str) -> int:
    return Notification.objects.filter(kind="otp", recipient=address).count()
