"""Rate limits every process of the site shares: a row per client and time window, counted
in one statement (a process-local cache would let N workers allow N times the limit)."""

import time
from datetime import datetime, timedelta

from django.db import connection
from django.utils import timezone

from motcua.core.models import RateCounter


def _key(scope: str, who: str, per_seconds: int) -> str:
    return f"{scope}:{who}:{int(time.time() // per_seconds)}"[:200]


def rate_exceeded(*, scope: str, who: str, limit: int, per_seconds: int) -> bool:
    """Whether `who` has used up `limit` tries in the current window, counting none."""
    counter = RateCounter.objects.filter(key=_key(scope, who, per_seconds)).first()
    return counter is not None and counter.count >= limit


def rate_allowed(*, scope: str, who: str, limit: int, per_seconds: int) -> bool:
    """Count one try of `who` in `scope`; False beyond `limit` tries in the current window
    of `per_seconds`."""
    key = _key(scope, who, per_seconds)
    expires = timezone.now() + timedelta(seconds=per_seconds)
    quote = connection.ops.quote_name
    table, key_column, count = quote(RateCounter._meta.db_table), quote("key"), quote("count")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({key_column}, {count}, expires_at) VALUES (%s, 1, %s) "  # noqa: S608 (placeholders only)
            f"ON CONFLICT ({key_column}) DO UPDATE SET {count} = {table}.{count} + 1 "
            f"RETURNING {count}",
            [key, expires],
        )
        return int(cursor.fetchone()[0]) <= limit


def rate_counters_prune(*, now: datetime) -> int:
    """Delete the counters of windows that have ended; returns how many."""
    deleted, _by_model = RateCounter.objects.filter(expires_at__lt=now).delete()
    return deleted
