"""Text at the boundary, said in Vietnamese: why a text was refused (`refusal_message`),
command-line arguments (`cli_text`) and CSV files (`csv_rows`) through the one
normalisation, `core.text.stored_text`."""

import argparse
import csv
from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext as _

from motcua.core.text import TextRefused, codepoint, stored_text


def refusal_message(error: TextRefused) -> str:
    """'chứa ký tự điều khiển (U+0007), không được phép'"""
    kind = {
        "bidi": _("ký tự đảo chiều văn bản"),
        "control": _("ký tự điều khiển"),
    }.get(error.kind, _("ký tự không hợp lệ"))
    return _("chứa %(kind)s (%(codepoint)s), không được phép") % {
        "kind": kind,
        "codepoint": codepoint(error.character),
    }


def cli_text(value: str) -> str:
    """An argparse `type=` for text arguments: normalised, or refused with why."""
    try:
        return stored_text(value)
    except TextRefused as error:
        raise argparse.ArgumentTypeError(refusal_message(error)) from None


class CsvRefused(ValueError):
    """A cell of a CSV file holds a refused character; the message names the file, the
    line and the column."""


def csv_rows(path: Path) -> Iterator[dict[str, str]]:
    """The rows of a UTF-8 CSV file with a header line, every cell normalised; CsvRefused
    at the first cell with a refused character."""
    with path.open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        for row in reader:
            cleaned = {}
            for column, value in row.items():
                try:
                    cleaned[column] = stored_text(value or "")
                except TextRefused as error:
                    raise CsvRefused(
                        _("%(file)s, dòng %(line)s, cột “%(column)s”: %(why)s.")
                        % {
                            "file": path.name,
                            "line": reader.line_num,
                            "column": column,
                            "why": refusal_message(error),
                        }
                    ) from None
            yield cleaned
