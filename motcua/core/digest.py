"""The fingerprint of a request, bound to its idempotency key (no Django: tested directly)."""

import dataclasses
import hashlib
import json
from datetime import date
from typing import Any


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, date):  # datetime too
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} has no canonical form")


def request_digest(value: Any) -> str:
    """SHA-256 (hex) of `value` as canonical JSON: keys sorted, no spaces, dataclasses as
    their fields, dates in ISO 8601. Equal values, however ordered, give equal digests."""
    text = json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_plain
    )
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
