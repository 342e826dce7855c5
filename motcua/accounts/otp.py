"""One-time sign-in codes: six random digits, kept only as a keyed hash. Pure Python."""

import hashlib
import hmac
import secrets

DIGITS = 6


def new_code() -> str:
    return f"{secrets.randbelow(10**DIGITS):0{DIGITS}d}"


def code_hash(*, key: str, address: str, code: str) -> str:
    """Keyed with the site's secret and bound to the address: a leaked table row neither
    reveals the code (a million guesses would) nor works for another address."""
    message = f"{address}\n{code}".encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def code_matches(*, key: str, address: str, code: str, stored_hash: str) -> bool:
    typed = "".join(code.split())
    if len(typed) != DIGITS or not typed.isdigit():
        return False
    return hmac.compare_digest(code_hash(key=key, address=address, code=typed), stored_hash)
