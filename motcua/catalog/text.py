"""Vietnamese text folding for search and slugs (no Django: tested directly).

Citizens type without diacritics ("dang ky ket hon") or with the wrong ones; folding
both the stored name and the query makes the match portable across SQLite and PostgreSQL.
"""

import re
import unicodedata

# đ/Đ are letters of their own, not d + a combining mark: NFD leaves them intact.
_STROKED = str.maketrans({"đ": "d", "Đ": "D"})
_NON_WORD = re.compile(r"[^\w.]+")


def fold(text: str) -> str:
    """'Đăng ký KẾT HÔN' → 'dang ky ket hon' (lower case, no marks, single spaces)."""
    decomposed = unicodedata.normalize("NFD", text.translate(_STROKED))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", bare.lower()).strip()


def search_terms(query: str) -> list[str]:
    """The folded words of a query, each of which must appear in a match."""
    return fold(query).split()


def slug(text: str) -> str:
    """'Đăng ký khai sinh' → 'dang-ky-khai-sinh' (Django's slugify drops đ)."""
    return "-".join(re.sub(r"[^a-z0-9]+", " ", fold(text)).split())
