"""What the accounts app keeps no longer than it serves."""

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import OneTimeCode, SignInAttempt
from motcua.accounts.services.citizen_codes import CODE_WINDOW
from motcua.core.audit import audit_record
from motcua.core.ratelimit import rate_counters_prune


@dataclass(frozen=True)
class Purged:
    codes: int
    sign_ins: int
    rate_counters: int


@transaction.atomic
def accounts_purge(*, now: datetime | None = None) -> Purged:
    """Delete what is kept no longer than it serves: one-time codes past the rate-limit
    window (each holds a phone number or e-mail address), and sign-in log rows older than
    SIGN_IN_LOG_DAYS, and the rate-limit counters of ended windows. Run from cron or next
    to the worker; safe to run again."""
    now = now or timezone.now()
    codes = OneTimeCode.objects.filter(created_at__lte=now - CODE_WINDOW).delete()[0]
    since = now - timedelta(days=settings.SIGN_IN_LOG_DAYS)
    sign_ins = SignInAttempt.objects.filter(at__lt=since).delete()[0]
    purged = Purged(codes=codes, sign_ins=sign_ins, rate_counters=rate_counters_prune(now=now))
    if codes or sign_ins:
        audit_record(actor=None, action="accounts.purge", payload=asdict(purged))
    return purged
