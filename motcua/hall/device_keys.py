"""The secret of an enrolled hall device (no Django): made, hashed and checked.

The secret is random and long, so one unsalted SHA-256 is enough to keep a stolen
table useless (nothing to guess by dictionary); the check compares in constant time."""

import hashlib
import hmac
import secrets

# 32 random bytes: 43 URL-safe characters in the enrolment link.
SECRET_BYTES = 32


def secret_new() -> str:
    return secrets.token_urlsafe(SECRET_BYTES)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def secret_matches(secret: str, stored_hash: str) -> bool:
    return hmac.compare_digest(secret_hash(secret), stored_hash)


def credential(device_id: int, secret: str) -> str:
    """What the device's cookie holds: its id and its secret."""
    return f"{device_id}:{secret}"


def credential_parse(value: str) -> tuple[int, str] | None:
    """The id and secret of a credential; None when it is not one."""
    device_id, _, secret = value.partition(":")
    if not device_id.isdigit() or not secret or len(device_id) > 18:
        return None
    return int(device_id), secret
