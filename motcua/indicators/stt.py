"""The `STT` column: the hierarchy of a sheet's rows (no Django: tested directly).

- Roman numerals (`I`, `II`, `IV`) open a section: a heading, not an indicator.
- Arabic numbers with dots (`1`, `1.1`, `1.2.3`) number indicators; `1.1` is a component
  of `1`, which must come before it. Numbering starts again in each section, as offices
  write it; a number used twice in one section is refused, with the line it repeats.
- `-` (or `+`, `*`) is a "trong đó" row: a component of the last numbered row above it.
"""

import re
from dataclasses import dataclass
from enum import StrEnum

_ROMAN = re.compile(r"^(X{0,3})(IX|IV|V?I{0,3})$")
_NUMBERED = re.compile(r"^\d+(\.\d+)*$")
COMPONENT_MARKS = frozenset({"-", "+", "*", "–"})
_UNITS = ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX")


class RowKind(StrEnum):
    SECTION = "section"
    NUMBERED = "numbered"
    COMPONENT = "component"


class SttError(ValueError):
    """A row's STT cannot be placed; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class Placed:
    kind: RowKind
    key: str  # 'II', 'II/1.1', or 'II/1.1/-2' for the second component of 1.1 in section II
    parent: str | None  # the key of the row it belongs to (None at the top of a section)
    section: str | None  # the key of the section the row is in


def roman(number: int) -> str:
    """A section's numeral: 1 → 'I', 14 → 'XIV' (up to 39, as far as `is_roman` reads)."""
    tens, units = divmod(number, 10)
    return "X" * tens + _UNITS[units]


def is_roman(text: str) -> bool:
    return bool(text) and bool(_ROMAN.match(text.upper()))


def stt_text(stt: object) -> str:
    """A cell's STT as written: 1.0 from Excel is '1', a trailing dot ('1.') dropped."""
    if isinstance(stt, float) and stt.is_integer():
        return str(int(stt))
    return "" if stt is None else str(stt).strip().rstrip(".")


def looks_like_stt(stt: object) -> bool:
    """A section numeral, a number or a "trong đó" mark, whether or not it fits the rows
    above; not a note or a signature written in the STT column."""
    text = stt_text(stt)
    return text in COMPONENT_MARKS or is_roman(text) or bool(_NUMBERED.match(text))


class Hierarchy:
    """Feed rows in order with `place`; each gets its kind, key and parent."""

    def __init__(self) -> None:
        self._lines: dict[str, int] = {}  # key → the line that used it
        self._section: str | None = None
        self._last_numbered: str | None = None
        self._components = 0

    def place(self, stt: object, line: int = 0) -> Placed:
        text = stt_text(stt)
        if not text:
            raise SttError("thiếu STT")
        if text in COMPONENT_MARKS:
            if self._last_numbered is None:
                raise SttError(f"dòng '{text}' (trong đó) không đứng sau chỉ tiêu nào")
            self._components += 1
            key = f"{self._last_numbered}/-{self._components}"
            return Placed(RowKind.COMPONENT, key, self._last_numbered, self._section)
        if is_roman(text):
            key = text.upper()
            self._claim(key, text, line)
            self._section, self._last_numbered = key, None
            return Placed(RowKind.SECTION, key, None, key)
        if _NUMBERED.match(text):
            key = self._scoped(text)
            self._claim(key, text, line)
            parent = self._scoped(text.rsplit(".", 1)[0]) if "." in text else None
            if parent is not None and parent not in self._lines:
                raise SttError(f"STT {text} không có chỉ tiêu cha {text.rsplit('.', 1)[0]} ở trên")
            self._last_numbered, self._components = key, 0
            return Placed(RowKind.NUMBERED, key, parent, self._section)
        raise SttError(f"STT '{text}' không hợp lệ (dùng 1, 1.1, số La Mã hoặc '-')")

    def _scoped(self, text: str) -> str:
        return f"{self._section}/{text}" if self._section else text

    def _claim(self, key: str, text: str, line: int) -> None:
        if key in self._lines:
            raise SttError(f"STT {text} trùng với dòng {self._lines[key]}")
        self._lines[key] = line
