"""Where a citizen receives a one-time code: a Vietnamese mobile number or an email
address, in one canonical form so that 0912…, +84912… and 84912… are one account.
Pure Python (no Django)."""

import re
from dataclasses import dataclass
from typing import Literal

Channel = Literal["sms", "email"]

# Vietnamese mobile numbers since the 2018 renumbering: 0 then 3, 5, 7, 8 or 9, ten digits.
VN_MOBILE = re.compile(r"0[35789]\d{8}")
# Deliberately loose: the code we send proves the address; this only catches typos.
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


class InvalidContact(ValueError):
    """Neither a Vietnamese mobile number nor an email address."""


@dataclass(frozen=True)
class Contact:
    channel: Channel
    address: str  # canonical: 0xxxxxxxxx, or the email in lower case

    @property
    def account_field(self) -> str:
        """The account field holding this kind of address."""
        return "phone" if self.channel == "sms" else "email"


def normalise_mobile(text: str) -> str:
    """'+84 912.345.678' → '0912345678'; InvalidContact when not a mobile number."""
    digits = re.sub(r"[\s.()-]", "", text)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    if not VN_MOBILE.fullmatch(digits):
        raise InvalidContact(text)
    return digits


def normalise_email(text: str) -> str:
    address = text.strip().lower()
    if not EMAIL.fullmatch(address):
        raise InvalidContact(text)
    return address


def parse_contact(text: str) -> Contact:
    """A phone number or an email address as typed into one field."""
    if "@" in text:
        return Contact("email", normalise_email(text))
    return Contact("sms", normalise_mobile(text))


def mask_contact(contact: Contact) -> str:
    """What the code page shows: enough to recognise one's own address, e.g.
    '09******78' or 'l***@example.com'."""
    if contact.channel == "sms":
        return contact.address[:2] + "*" * 6 + contact.address[-2:]
    local, _, domain = contact.address.partition("@")
    return f"{local[0]}***@{domain}"
