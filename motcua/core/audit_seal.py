"""What ties the audit log to a key the database does not hold.

The hash chain shows an edited or deleted event, but whoever can write the database can
recompute every hash after the change and move the chain's head. Two things stop that:

- every chain head carries a seal, an HMAC of (chain, sequence, hash) with the audit key,
  which lives in the environment (`AUDIT_KEY`), a key file (`AUDIT_KEY_FILE`), or else is
  derived from `SECRET_KEY` — never in the database;
- checkpoints, written by `motcua audit checkpoint` to a file outside the database (append
  only, best on another machine or write-once storage), record every head with an HMAC;
  `motcua audit verify` checks that each recorded event is still there with its hash.

What it does not do: an administrator holding both the database and the key can rewrite
history after the last checkpoint that left the machine. Copy checkpoints away often.
"""

import hashlib
import hmac
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils.crypto import salted_hmac

KEY_SALT = "motcua.core.audit_seal"


def audit_key() -> bytes:
    if settings.AUDIT_KEY:
        return str(settings.AUDIT_KEY).encode()
    if settings.AUDIT_KEY_FILE:
        return Path(settings.AUDIT_KEY_FILE).read_bytes().strip()
    # Not the SECRET_KEY itself: a key of its own, derived, that signs nothing else.
    return salted_hmac(KEY_SALT, "audit key", algorithm="sha256").digest()


def _mac(message: str) -> str:
    return hmac.new(audit_key(), message.encode(), hashlib.sha256).hexdigest()


def head_seal(chain: str, sequence: int, hash_: str) -> str:
    return _mac(f"head\n{chain}\n{sequence}\n{hash_}")


def seal_matches(seal: str, chain: str, sequence: int, hash_: str) -> bool:
    return hmac.compare_digest(seal, head_seal(chain, sequence, hash_))


# --- checkpoints ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Checkpoint:
    at: str  # ISO moment, UTC
    heads: dict[str, tuple[int, str]]  # chain -> (sequence, hash)
    line: int  # its line in the file, from 1
    sound: bool  # its HMAC checks out


def _body(at: str, heads: Mapping[str, tuple[int, str]]) -> str:
    payload = {"at": at, "heads": {c: list(h) for c, h in sorted(heads.items())}}
    return json.dumps(payload, sort_keys=True, separators=(",", ":"))


def checkpoint_append(path: Path, *, at: datetime, heads: Mapping[str, tuple[int, str]]) -> None:
    """One line more in the checkpoint file, flushed to disk before returning."""
    moment = at.isoformat()
    line = json.dumps({"at": moment, "heads": dict(heads), "mac": _mac(_body(moment, heads))})
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as file:
        file.write(line + "\n")
        file.flush()
        os.fsync(file.fileno())


def checkpoints_read(path: Path) -> Iterator[Checkpoint]:
    """Every checkpoint of the file, each with whether its HMAC checks out."""
    with path.open(encoding="utf-8") as file:
        for number, text in enumerate(file, start=1):
            if not text.strip():
                continue
            try:
                raw = json.loads(text)
                heads = {str(c): (int(h[0]), str(h[1])) for c, h in raw["heads"].items()}
                at, mac = str(raw["at"]), str(raw["mac"])
            except (ValueError, KeyError, TypeError, IndexError):
                yield Checkpoint("", {}, number, sound=False)
                continue
            sound = hmac.compare_digest(mac, _mac(_body(at, heads)))
            yield Checkpoint(at, heads, number, sound)
