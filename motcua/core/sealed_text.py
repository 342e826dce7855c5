"""Short texts sealed with AES-256-GCM, and their keyed lookup hash (no Django here).

A sealed text reads `pd1$<key id>$<nonce and ciphertext, base64url>`: the key id (eight
hex digits derived from the key) names the key it was sealed with, so a text sealed with
another key fails with an error that says so, never as garbage. The nonce is random:
the same text sealed twice differs, so equality is found through the lookup hash, an
HMAC-SHA256 of the normalised text with a second key derived from the same secret.
"""

import base64
import binascii
import hashlib
import hmac
import os
import re
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "pd1"
NONCE_BYTES = 12
# What people type between the digits of an ID number: "001 203 012 345", "001.203.012.345".
_SEPARATORS = re.compile(r"[\s.\-]")


class SealError(Exception):
    """A sealed text that this key cannot open: another key, or not a sealed text."""


def _derived(secret: bytes, purpose: str) -> bytes:
    return hmac.new(secret, f"motcua personal data: {purpose}".encode(), hashlib.sha256).digest()


@dataclass(frozen=True)
class Keys:
    """The two keys derived from one secret: one seals, one hashes for lookups."""

    key_id: str
    sealing: bytes
    lookup: bytes

    @classmethod
    def from_secret(cls, secret: bytes) -> "Keys":
        return cls(
            key_id=_derived(secret, "key id").hex()[:8],
            sealing=_derived(secret, "sealing"),
            lookup=_derived(secret, "lookup"),
        )


def normalised(text: str) -> str:
    """The ID number as the lookup hash sees it: separators dropped."""
    return _SEPARATORS.sub("", text)


def lookup_hash(keys: Keys, text: str) -> str:
    """The keyed hash found by an exact search; "" for an empty text."""
    plain = normalised(text)
    if not plain:
        return ""
    return hmac.new(keys.lookup, plain.encode(), hashlib.sha256).hexdigest()


def seal(keys: Keys, text: str) -> str:
    nonce = os.urandom(NONCE_BYTES)
    body = nonce + AESGCM(keys.sealing).encrypt(nonce, text.encode(), None)
    return f"{PREFIX}${keys.key_id}${base64.urlsafe_b64encode(body).decode()}"


def is_sealed(value: str) -> bool:
    return value.startswith(f"{PREFIX}$")


def unseal(keys: Keys, value: str) -> str:
    prefix, _, rest = value.partition("$")
    key_id, _, encoded = rest.partition("$")
    if prefix != PREFIX or not encoded:
        raise SealError("the column holds a value that is not sealed personal data")
    if key_id != keys.key_id:
        raise SealError(
            f"personal data sealed with key {key_id}, but the configured key is "
            f"{keys.key_id}: set PERSONAL_DATA_KEY to the key the data was sealed with"
        )
    try:
        body = base64.urlsafe_b64decode(encoded)
        nonce, ciphertext = body[:NONCE_BYTES], body[NONCE_BYTES:]
        return AESGCM(keys.sealing).decrypt(nonce, ciphertext, None).decode()
    except (InvalidTag, binascii.Error, ValueError) as error:
        raise SealError(f"sealed personal data (key {key_id}) is damaged") from error
