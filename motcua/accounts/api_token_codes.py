"""API token values: a random secret with a recognisable prefix, kept only as its
SHA-256. No Django here."""

import hashlib
import secrets
from datetime import datetime, timedelta

PREFIX = "mc_"
# The last-used time is written at most this often: a script calling many times a
# second must not turn every read into a write.
TOUCH_EVERY = timedelta(minutes=1)


def token_new() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def looks_like_token(token: str) -> bool:
    return token.startswith(PREFIX) and len(token) < 200


def needs_touch(last_used_at: datetime | None, now: datetime) -> bool:
    return last_used_at is None or now - last_used_at >= TOUCH_EVERY
