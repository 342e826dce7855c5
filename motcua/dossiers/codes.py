"""Dossier codes (Circular 01/2018/TT-VPCP, Art. 19): `<agency e-ID code>-YYMMDD-XXXX`,
e.g. `000.00.19.H26-240724-0001`. Pure Python: formatting and parsing only; the sequence
comes from a locked counter row (services).

The date is the receipt date in Vietnamese time. The sequence restarts every day per
agency; it has four digits and simply grows a fifth on a day with more than 9,999.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime

from motcua.core.tz import VN_TZ
from motcua.units.eid import LEGACY_PATTERN

_AGENCY = LEGACY_PATTERN.strip("^$")
CODE = re.compile(
    rf"(?P<agency>{_AGENCY})-(?P<day>[0-9]{{6}})-(?P<sequence>[0-9]{{4}}|[1-9][0-9]{{4,}})"
)


class InvalidCode(ValueError):
    pass


@dataclass(frozen=True)
class DossierCode:
    agency_code: str
    day: date
    sequence: int

    def __str__(self) -> str:
        return format_code(self.agency_code, self.day, self.sequence)


def receipt_day(received_at: datetime) -> date:
    return received_at.astimezone(VN_TZ).date()


def format_code(agency_code: str, day: date, sequence: int) -> str:
    if sequence < 1:
        raise ValueError("a sequence starts at 1")
    return f"{agency_code}-{day:%y%m%d}-{sequence:04d}"


def parse_code(text: str) -> DossierCode:
    """The parts of a code typed or scanned by a person (surrounding spaces allowed,
    letters in any case); InvalidCode when it is not a dossier code."""
    match = CODE.fullmatch(text.strip().upper())
    if match is None:
        raise InvalidCode(text)
    try:
        day = datetime.strptime(match["day"], "%y%m%d").date()  # noqa: DTZ007 (a date)
    except ValueError as error:
        raise InvalidCode(text) from error
    sequence = int(match["sequence"])
    if sequence == 0:
        raise InvalidCode(text)
    return DossierCode(match["agency"], day, sequence)


def is_code(text: str) -> bool:
    try:
        parse_code(text)
    except InvalidCode:
        return False
    return True
