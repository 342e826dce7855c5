"""SMS providers behind one interface, chosen by the `SMS_BACKEND` setting.

A real provider (a telecom's brand-name SMS gateway) is a class with a no-argument
constructor and one method:

    class MyGatewayBackend:
        def send(self, *, to: str, text: str, message_id: str) -> None:
            '''Hand one message to the gateway; raise any exception when it is not
            accepted (timeout, refusal, bad answer). The outbox records the error and
            retries later, so the method must not retry by itself, and must use a
            timeout shorter than NOTIFICATIONS_SEND_TIMEOUT_SECONDS.'''

`to` is the number as the citizen gave it (e.g. 0912345678); `text` is Vietnamese with
diacritics (send it as Unicode SMS). Delivery is at least once: after a worker crash
between the gateway's answer and the outbox update, the message is sent again, with the
same `message_id` (one per outbox row): pass it as the gateway's client message id
where it deduplicates by it, and the citizen gets the message once.
"""

import json
import logging
import uuid
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsBackend(Protocol):
    def send(self, *, to: str, text: str, message_id: str) -> None: ...


class ConsoleSmsBackend:
    """Development: the message goes to the log (the console of `make run`)."""

    def send(self, *, to: str, text: str, message_id: str) -> None:
        logger.info("SMS %s to %s: %s", message_id, to, text)


class FileSmsBackend:
    """Demo and tests: one JSON file per message in `SMS_FILE_PATH`."""

    def send(self, *, to: str, text: str, message_id: str) -> None:
        directory = settings.SMS_FILE_PATH
        directory.mkdir(parents=True, exist_ok=True)
        name = f"{timezone.now():%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.json"
        message = {
            "to": to,
            "text": text,
            "message_id": message_id,
            "at": timezone.now().isoformat(),
        }
        (directory / name).write_text(json.dumps(message, ensure_ascii=False), encoding="utf-8")


def sms_backend() -> SmsBackend:
    backend: SmsBackend = import_string(settings.SMS_BACKEND)()
    return backend
