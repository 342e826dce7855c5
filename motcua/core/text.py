"""Vietnamese text folding, shared by search and address matching (no Django: tested directly)."""

import re
import unicodedata


def _folding_table() -> dict[int, str | None]:
    """Each accented Latin letter → its bare letter; stray combining marks → nothing."""
    table: dict[int, str | None] = dict.fromkeys(range(0x300, 0x370))
    for code_point in range(0xC0, 0x1F00):
        decomposed = unicodedata.normalize("NFD", chr(code_point))
        bare = "".join(c for c in decomposed if not unicodedata.combining(c))
        if bare != chr(code_point) and bare.isascii():
            table[code_point] = bare
    # đ is a letter of its own, not d + a combining mark: NFD leaves it intact.
    table[ord("đ")] = "d"
    return table


_FOLDING = _folding_table()  # str.translate folds ~14,000 unit names in milliseconds


def fold(text: str) -> str:
    """'Phường  ĐẠI Mỗ' → 'phuong dai mo': NFC, lower-case, diacritics removed, đ → d,
    single spaces. Punctuation is kept (address parsing needs the commas)."""
    folded = unicodedata.normalize("NFC", text).lower().translate(_FOLDING)
    return " ".join(folded.split())


# THE normalisation of every text that enters, by any door: the API's schemas
# (core.schema.Text), the HTML forms and query strings (core.middleware), the CSV files
# loaded and the command-line arguments (`cleaned_rows`, `cli_text`).
#
# - NFC: an NFD "ễ" (typed on a Mac, pasted from a PDF) is stored as the NFC one, so
#   search finds it by any spelling.
# - Removed, silently: zero-width characters. They are invisible, come with copy-paste,
#   and the text without them reads the same ("Ngu\u200byễn" is "Nguyễn").
# - Refused: control characters other than line break, carriage return and tab (NUL
#   above all, which PostgreSQL cannot store; BEL, ESC, DEL, C1), bidi overrides,
#   embeddings and isolates (U+202E makes "exe.pdf" read "fdp.exe"), and lone
#   surrogates (not text; PostgreSQL refuses them too). A refusal names the character.
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# A search first: most texts hold none, and a search is cheaper than a translation.
_ZERO_WIDTH_FOUND = re.compile("[" + "".join(sorted(ZERO_WIDTH)) + "]")


class TextRefused(ValueError):
    """The text holds a character that is not accepted; `character` is the first one,
    `position` its index in the text as sent (0-based)."""

    def __init__(self, character: str, position: int) -> None:
        super().__init__(f"refused character {codepoint(character)} at {position}")
        self.character = character
        self.position = position

    @property
    def kind(self) -> str:
        """'control', 'bidi' or 'surrogate'."""
        if self.character in BIDI_CONTROLS:
            return "bidi"
        return "surrogate" if 0xD800 <= ord(self.character) <= 0xDFFF else "control"


def codepoint(character: str) -> str:
    return f"U+{ord(character):04X}"


# Cc except \t \n \r, the bidi controls, the surrogates (U+D800–U+DFFF).
_REFUSED = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def stored_text(text: str) -> str:
    """Text as it is stored: NFC, zero-width characters removed; TextRefused (a
    ValueError) at the first control character other than a line break or tab, bidi
    override, embedding or isolate, or lone surrogate."""
    refused = _REFUSED.search(text)
    if refused is not None:
        raise TextRefused(refused.group(), refused.start())
    if _ZERO_WIDTH_FOUND.search(text) is not None:
        text = _ZERO_WIDTH_FOUND.sub("", text)
    return unicodedata.normalize("NFC", text)
