"""Written Vietnamese addresses → administrative units, matched right to left, on this machine.

Pure Python (no Django): the selector hands it the units, this module folds text and matches.
Nothing here calls a geocoder: a citizen's address never leaves the machine.
"""

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from motcua.core.text import fold

# Folded unit-type prefixes, longest first so "thanh pho" wins over shorter ones.
UNIT_TYPES = ("thanh pho", "thi tran", "dac khu", "thi xa", "phuong", "huyen", "tinh", "quan", "xa")

# Folded abbreviations written in addresses, token → expansion.
ABBREVIATIONS = {
    "p": "phuong",
    "q": "quan",
    "h": "huyen",
    "x": "xa",
    "tx": "thi xa",
    "tt": "thi tran",
    "tp": "thanh pho",
    "tphcm": "thanh pho ho chi minh",
    "hcm": "ho chi minh",
    "hn": "ha noi",
}
_SEPARATORS = re.compile(r"[.\-–—()/;:]")
_APOSTROPHES = re.compile(r"['’‘`]")  # "Ea H'Leo" is also written "Ea Hleo"
_GLUED_NUMBER = re.compile(r"\b(p|q)(\d+)\b")  # "p3" → "p 3"
COMMA = ","


def split_type(name: str) -> tuple[str, str]:
    """'Phường Trung Văn' → ('Phường', 'Trung Văn'); a name without a known type → ('', name)."""
    name = " ".join(unicodedata.normalize("NFC", name).split())
    folded = fold(name)
    for unit_type in UNIT_TYPES:
        if folded.startswith(unit_type + " "):
            # Folding keeps one character per NFC letter, so the lengths line up.
            return name[: len(unit_type)], name[len(unit_type) + 1 :]
    return "", name


def tokens(text: str) -> list[str]:
    """Folded words with abbreviations expanded, numbers without leading zeros, commas kept."""
    folded = _SEPARATORS.sub(" ", _APOSTROPHES.sub("", fold(text))).replace(",", " , ")
    folded = _GLUED_NUMBER.sub(r"\1 \2", folded)
    words: list[str] = []
    for word in folded.split():
        if word.isdigit():
            word = str(int(word))
        words.extend(ABBREVIATIONS.get(word, word).split())
    return words


@dataclass(frozen=True)
class Place:
    """One version of a unit, as the matcher needs it. `key` is whatever the caller uses."""

    key: int
    level: int
    name: str
    ancestors: tuple[int, ...]  # keys of the parent, grandparent, ...
    valid_from: date | None = None
    valid_to: date | None = None

    def is_valid_on(self, on_date: date) -> bool:
        return (self.valid_from is None or self.valid_from <= on_date) and (
            self.valid_to is None or on_date <= self.valid_to
        )


@dataclass(frozen=True)
class Parse:
    """The units an address may name (more than one: ambiguous) and the text left of them."""

    places: list[Place]
    leftover: str


class PlaceIndex:
    """Every name of every unit, folded, in memory: build once per process, match many times."""

    def __init__(self, places: Iterable[Place]) -> None:
        self._by_words: dict[tuple[str, ...], list[Place]] = defaultdict(list)
        for place in places:
            for words in _name_keys(place.name):
                self._by_words[words].append(place)
        self._longest = max((len(words) for words in self._by_words), default=0)
        self._deepest = max((p.level for ps in self._by_words.values() for p in ps), default=0)
        # The last days units were in force, latest first: the dates an old address is read on.
        self._last_days = sorted(
            {p.valid_to for ps in self._by_words.values() for p in ps if p.valid_to},
            reverse=True,
        )

    def __len__(self) -> int:
        return len({p.key for ps in self._by_words.values() for p in ps})

    def parse(self, text: str, on_date: date) -> Parse:
        """Match from the right (province → district → commune) among the units valid on a date."""
        words = tokens(text)
        while words[-2:] == ["viet", "nam"] or words[-1:] in (["vietnam"], [COMMA]):
            words = words[:-2] if words[-1] == "nam" else words[:-1]
        chains = list(self._chains(words, len(words), None, on_date))
        if not chains:
            return Parse(places=[], leftover=" ".join(w for w in words if w != COMMA))
        # The best readings explain the most words; if they end on different units, the address
        # is ambiguous ("Thanh Xuân, Hà Nội" in 2024: the district or the commune of Sóc Sơn).
        start = min(start for _, start in chains)
        leftover = " ".join(w for w in words[:start] if w != COMMA)
        if _names_a_unit(words[:start]):
            # "Xã Không Có, Hà Nội": a unit we do not know is not the province around it.
            return Parse(places=[], leftover=leftover)
        places = list({chain[-1].key: chain[-1] for chain, s in chains if s == start}.values())
        return Parse(places=places, leftover=leftover)

    def parse_earlier(self, text: str, on_date: date, *, than: Parse) -> Parse | None:
        """The address read as written before `on_date` — on the latest last day of some
        units before it — when that reading names units and explains more of the text than
        `than`, the reading on `on_date`: "Phường Trung Văn, Quận Nam Từ Liêm" after 7/2025.
        None when no earlier reading does better."""
        words_left = len(than.leftover.split()) if than.places else len(tokens(text)) + 1
        for last_day in self._last_days:
            if last_day >= on_date:
                continue
            earlier = self.parse(text, last_day)
            if earlier.places and len(earlier.leftover.split()) < words_left:
                return earlier
        return None

    def _chains(
        self, words: list[str], end: int, parent: Place | None, on_date: date
    ) -> Iterable[tuple[tuple[Place, ...], int]]:
        """Every chain of units read leftwards from words[:end], with where each chain starts."""
        while end > 0 and words[end - 1] == COMMA:
            end -= 1
        for length in range(min(self._longest, end), 0, -1):
            key = tuple(words[end - length : end])
            if COMMA in key:
                continue
            for place in self._by_words.get(key, ()):
                if not place.is_valid_on(on_date):
                    continue
                if parent is not None and (
                    place.level <= parent.level or parent.key not in place.ancestors
                ):
                    continue
                found_deeper = False
                if place.level < self._deepest:
                    for chain, start in self._chains(words, end - length, place, on_date):
                        found_deeper = True
                        yield (place, *chain), start
                if not found_deeper:
                    yield (place,), end - length


def _names_a_unit(words: list[str]) -> bool:
    """Whether the part written just before the matched units starts with a unit type."""
    segment = " ".join(words).rstrip(" ,").rsplit(COMMA, 1)[-1].strip()
    return any(segment == t or segment.startswith(t + " ") for t in UNIT_TYPES)


def _name_keys(name: str) -> list[tuple[str, ...]]:
    """The word sequences that name a unit: with its type, and without it unless only a number.

    'Phường 3' is only matched with its type: a bare '3' is a house number more often than not.
    """
    unit_type, short = split_type(name)
    full = tuple(tokens(name))
    if not unit_type or short.isdigit():
        return [full]
    return [full, tuple(tokens(short))]
