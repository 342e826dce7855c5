"""What the accounts app keeps no longer than it serves."""

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from motcua.accounts.models import ApiToken, OneTimeCode, SignInAttempt
from motcua.accounts.services.citizen_codes import CODE_WINDOW
from motcua.core.audit import audit_record
from motcua.core.ratelimit import rate_counters_prune


@dataclass(frozen=True)
class Purged:
    codes: int
    sign_ins: int
    rate_counters: int
    api_tokens: int


# API tokens stay listed in the admin this long after they stopped working (who had one,
# until when), then go: the audit log keeps their issue and revocation.
API_TOKEN_KEEP = timedelta(days=30)


@transaction.atomic
def accounts_purge(*, now: datetime | None = None) -> Purged:
    """Delete what is kept no longer than it serves: one-time codes past the rate-limit
    window (each holds a phone number or e-mail address), and sign-in log rows older than
    SIGN_IN_LOG_DAYS, the rate-limit counters of ended windows, and API tokens expired or
    revoked more than API_TOKEN_KEEP ago. Run from cron or next to the worker; safe to run
    again."""
    now = now or timezone.now()
    codes = OneTimeCode.objects.filter(created_at__lte=now - CODE_WINDOW).delete()[0]
    since = now - timedelta(days=settings.SIGN_IN_LOG_DAYS)
    sign_ins = SignInAttempt.objects.filter(at__lt=since).delete()[0]
    ended = now - API_TOKEN_KEEP
    api_tokens = ApiToken.objects.filter(Q(expires_at__lt=ended) | Q(revoked_at__lt=ended))
    purged = Purged(
        codes=codes,
        sign_ins=sign_ins,
        rate_counters=rate_counters_prune(now=now),
        api_tokens=api_tokens.delete()[0],
    )
    if codes or sign_ins or purged.api_tokens:
        audit_record(actor=None, action="accounts.purge", payload=asdict(purged))
    return purged
