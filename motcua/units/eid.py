"""Agencies' electronic ID codes (Decision 20/2020/QĐ-TTg), checked without Django.

Dossier codes carry the agency code in the legacy QCVN 102:2016 form, e.g. `000.00.19.H26`:
four dot-separated groups, level 1 on the right (a capital letter and two digits: H26 is
Hà Nội, H29 Hồ Chí Minh City), then zero-filled numeric groups of 2, 2 and 3 digits for
levels 2, 3 and 4 ("00" / "000" where the agency sits higher up).
"""

import re
from enum import Enum

MAX_LENGTH = 35
ALLOWED = re.compile(r"[0-9A-Z.]*")
LEVEL_1 = re.compile(r"[A-Z][0-9]{2}")
# Widths of the numeric groups, left to right: level 4, level 3, level 2.
NUMERIC_WIDTHS = (3, 2, 2)
# The same rule as one expression, for the database check constraint.
LEGACY_PATTERN = r"^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$"


class EidProblem(Enum):
    EMPTY = "empty"
    TOO_LONG = "too_long"
    BAD_CHARACTERS = "bad_characters"
    EMPTY_GROUP = "empty_group"
    GROUP_COUNT = "group_count"
    BAD_LEVEL_1 = "bad_level_1"
    BAD_NUMERIC_GROUP = "bad_numeric_group"


def check(code: str) -> EidProblem | None:
    """The first problem with an agency code, or None when it is a valid legacy-form code."""
    if not code:
        return EidProblem.EMPTY
    if len(code) > MAX_LENGTH:
        return EidProblem.TOO_LONG
    if not ALLOWED.fullmatch(code):
        return EidProblem.BAD_CHARACTERS
    groups = code.split(".")
    if "" in groups:
        return EidProblem.EMPTY_GROUP
    if len(groups) != len(NUMERIC_WIDTHS) + 1:
        return EidProblem.GROUP_COUNT
    if not LEVEL_1.fullmatch(groups[-1]):
        return EidProblem.BAD_LEVEL_1
    for group, width in zip(groups[:-1], NUMERIC_WIDTHS, strict=True):
        if not (group.isdigit() and len(group) == width):
            return EidProblem.BAD_NUMERIC_GROUP
    return None
