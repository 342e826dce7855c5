"""The cost of the one input normalisation (issue 14): `core.text.stored_text` on the names
a counter types, and `TextInputMiddleware` on a whole counter form, each against what
Django does anyway without it (NFC alone; parsing the same form)."""

import random
import unicodedata

from django.http import HttpResponse
from django.test import RequestFactory

from bench import Result, rate
from motcua.core.middleware import TextInputMiddleware
from motcua.core.text import stored_text

NAMES = ["Nguyễn Thị Hường", "Trần Văn Bình", "Lê Hoàng Yến Nhi", "Đỗ Quốc Việt", "Phạm Ngọc Ánh"]
FIELDS = 30  # about what the counter's receive form posts


def _texts(count: int) -> list[str]:
    rng = random.Random(14)
    # A third typed on a Mac or pasted from a PDF: decomposed.
    return [
        unicodedata.normalize("NFD" if rng.random() < 0.33 else "NFC", rng.choice(NAMES))
        for _ in range(count)
    ]


def run() -> list[Result]:
    texts = _texts(1_000)

    def normalised() -> int:
        for text in texts:
            stored_text(text)
        return len(texts)

    def nfc_only() -> int:
        for text in texts:
            unicodedata.normalize("NFC", text)
        return len(texts)

    form = {f"field_{i}": texts[i] for i in range(FIELDS)}
    factory = RequestFactory()
    middleware = TextInputMiddleware(lambda request: HttpResponse())

    def through_middleware() -> int:
        middleware(factory.post("/dossiers/receive/", form))
        return 1

    def parsed_only() -> int:
        factory.post("/dossiers/receive/", form).POST  # noqa: B018 (parsing is the work)
        return 1

    per_second, nfc = rate(normalised), rate(nfc_only)
    forms, parsed = rate(through_middleware, rounds=10), rate(parsed_only, rounds=10)
    return [
        Result(
            benchmark="input: stored_text on Vietnamese names",
            figure=per_second,
            unit="/s",
            baseline=nfc,
            baseline_name="unicodedata NFC alone",
        ),
        Result(
            benchmark=f"input: a {FIELDS}-field form through TextInputMiddleware",
            figure=1_000_000 / forms,
            unit="µs",
            baseline=1_000_000 / parsed,
            baseline_name="the same form parsed, no normalisation",
        ),
    ]
