"""Text as stored: composed, without control characters."""

import unicodedata

import pytest

from motcua.core.text import stored_text


def test_decomposed_text_is_stored_composed_and_line_breaks_stay() -> None:
    typed = unicodedata.normalize("NFD", "Nguyễn Thị Ễ\nphường Từ Liêm\t")
    assert stored_text(typed) == "Nguyễn Thị Ễ\nphường Từ Liêm\t"
    assert stored_text(typed) == unicodedata.normalize("NFC", typed)


@pytest.mark.parametrize("control", ["\x00", "\x07", "\x1b", "\x7f", "\x85"])
def test_a_control_character_is_refused(control: str) -> None:
    with pytest.raises(ValueError):
        stored_text(f"An{control}")
