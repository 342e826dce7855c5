"""Vietnamese text folding for search and slugs (no Django: tested directly).

Citizens type without diacritics ("dang ky ket hon") or with the wrong ones; folding
both the stored name and the query makes the match portable across SQLite and PostgreSQL.
"""

import re

from motcua.core.text import fold as fold_marks

_NON_WORD = re.compile(r"[^\w.]+")


def fold(text: str) -> str:
    """'Đăng ký KẾT HÔN' → 'dang ky ket hon' (lower case, no marks, punctuation as spaces)."""
    return _NON_WORD.sub(" ", fold_marks(text)).strip()


def search_terms(query: str) -> list[str]:
    """The folded words of a query, each of which must appear in a match."""
    return fold(query).split()


def slug(text: str) -> str:
    """'Đăng ký khai sinh' → 'dang-ky-khai-sinh' (Django's slugify drops đ)."""
    return "-".join(re.sub(r"[^a-z0-9]+", " ", fold(text)).split())
