"""How one search box finds a dossier: by its code, the applicant's name with or without
diacritics, phone number or personal ID number. The queue and the JSON API match alike."""

import re
from dataclasses import dataclass

from django.db.models import Q

from motcua.core.personal_data import personal_id_hash
from motcua.core.text import fold

# What people type between the digits of a phone number: "0912 345 678", "0912.345.678".
_PHONE_PUNCTUATION = re.compile(r"[\s.\-()]")
PHONE_LENGTHS = range(8, 16)  # what the counter accepts (actions.inputs.checked_applicant)
PERSONAL_ID_LENGTHS = (9, 12)  # the citizen ID card, or the old 9-digit identity card


def name_key(name: str) -> str:
    """What `Dossier.applicant_search` holds: the name folded ("Nguyễn Văn An" →
    "nguyen van an"), so that a name typed without diacritics finds it."""
    return fold(name)


def phone_variants(text: str) -> list[str]:
    """The ways a phone number typed as `text` may be stored: the counter keeps it as
    typed, spaces removed, so "+84 912 345 678" may be "0912345678" or "+84912345678".
    Empty when `text` is not a phone number."""
    digits = _PHONE_PUNCTUATION.sub("", text)
    plus = digits.startswith("+")
    digits = digits.removeprefix("+")
    if not digits.isascii() or not digits.isdigit() or len(digits) not in PHONE_LENGTHS:
        return []
    if digits.startswith("84") and (plus or len(digits) >= 11):
        national = digits[2:]
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        return [digits, f"+{digits}"]
    return [f"0{national}", f"+84{national}", f"84{national}"]


@dataclass(frozen=True)
class Terms:
    """What a search text can mean; empty parts match nothing."""

    name: str
    phones: tuple[str, ...]
    personal_id: str


def terms(text: str) -> Terms:
    digits = "".join(text.split())
    is_id = digits.isascii() and digits.isdigit() and len(digits) in PERSONAL_ID_LENGTHS
    folded = name_key(text)
    return Terms(
        # Only a text with a letter can be a name: "0001" is a part of a code.
        name=folded if any(c.isalpha() for c in folded) else "",
        phones=tuple(phone_variants(text)),
        personal_id=digits if is_id else "",
    )


def applicant_matches(text: str) -> Q:
    """Dossiers whose applicant is `text`: a part of the name (diacritics optional),
    the whole phone number, or the whole personal ID number (through its keyed hash:
    the column itself is sealed)."""
    found = terms(text.strip())
    match = Q(pk__in=[])
    if found.name:
        match |= Q(applicant_search__contains=found.name)
    if found.phones:
        match |= Q(applicant_phone__in=found.phones)
    if found.personal_id:
        match |= Q(applicant_personal_id_hash=personal_id_hash(found.personal_id))
    return match


def search_matches(text: str) -> Q:
    """The queue's one box: a part of the dossier code, or the applicant."""
    return Q(code__icontains=text.strip()) | applicant_matches(text)
