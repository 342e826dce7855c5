"""Numbers as Vietnamese offices write them, read and written (no Django: tested directly).

Reading: `69.230` (a dot groups thousands), `8.015,589` (a comma before the decimals),
`13,8`, `-5`, `113%`, and plain numbers from Excel cells. A dot followed by anything but
groups of three digits (`13.8`) is refused rather than guessed: in a Vietnamese sheet it
is a typing slip, and reading it as 138 or 13,8 would both be silent errors.

Writing: Babel's `vi_VN` (thousands with `.`, decimals with `,`); percentages to one
decimal, a whole one written without `,0` (`13%`, `13,8%`).
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.numbers import format_decimal

LOCALE = "vi_VN"
_VN_NUMBER = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")
# Spreadsheet cells that mean "no figure".
_EMPTY = frozenset({"", "-", "–", "—", "x", "X"})


class NotANumber(ValueError):
    """The cell holds text that is not a number written the Vietnamese way."""


def parse_number(cell: object) -> Decimal | None:
    """A cell's number, None when the cell is empty; NotANumber otherwise.

    >>> parse_number("8.015,589")
    Decimal('8015.589')
    """
    if cell is None:
        return None
    if isinstance(cell, bool):
        raise NotANumber(str(cell))
    if isinstance(cell, int | Decimal):
        return Decimal(cell)
    if isinstance(cell, float):
        # repr is the shortest string that reads back as the same float: 8015.589, not
        # 8015.58899999999994179...
        return Decimal(repr(cell))
    text = str(cell).strip().replace("\xa0", "").replace(" ", "")
    if text.endswith("%"):
        text = text[:-1]
    if text in _EMPTY:
        return None
    if not _VN_NUMBER.match(text):
        raise NotANumber(str(cell))
    try:
        return Decimal(text.replace(".", "").replace(",", "."))
    except InvalidOperation as error:  # pragma: no cover - the pattern admits only digits
        raise NotANumber(str(cell)) from error


def rounded(value: Decimal, decimals: int) -> Decimal:
    """Half up, as people round (Babel and Python round half to even)."""
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def format_number(value: Decimal | int, decimals: int | None = None) -> str:
    """69230 → '69.230'; 8015.589 → '8.015,589'; `decimals` None: as many as the figure
    has (trailing zeros dropped)."""
    value = Decimal(value)
    if decimals is None:
        value = value.normalize() if value != value.to_integral_value() else value.quantize(1)
        places = max(0, -int(value.as_tuple().exponent))
    else:
        value = rounded(value, decimals)
        places = decimals
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def format_percent(value: Decimal | int) -> str:
    """A percentage (13.8 means 13,8%) to one decimal, a whole one without ',0':
    '13%', '13,8%', '115%'."""
    one = rounded(Decimal(value), 1)
    decimals = 0 if one == one.to_integral_value() else 1
    return format_number(one, decimals) + "%"
