"""What a public page may show of an applicant. Pure Python (no Django).

Public tracking pages never show an ID number, and show a name only masked: the family
name and the first letter of every other word, e.g. "Nguyễn V*** A***". Every masked word
gets the same three stars, so the mask does not tell the length of the name.
"""

import hmac

MASK = "***"


def mask_name(name: str) -> str:
    words = name.split()
    if not words:
        return ""
    return " ".join([words[0], *(word[0] + MASK for word in words[1:])])


def phone_digits(phone: str) -> str:
    return "".join(ch for ch in phone if ch.isdigit())


def phone_matches(phone: str, last4: str) -> bool:
    """Whether `last4` (as typed: spaces or dots allowed) are the last four digits of
    `phone`. Compared in constant time, and a phone shorter than four digits never
    matches (anyone could guess it)."""
    digits, typed = phone_digits(phone), phone_digits(last4)
    if len(digits) < 4 or len(typed) != 4:
        return False
    return hmac.compare_digest(digits[-4:], typed)
