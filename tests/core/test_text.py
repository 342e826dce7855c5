"""Text as stored: composed, without control characters."""

import unicodedata

import pytest

from motcua.core.text import TextRefused, stored_text


def test_decomposed_text_is_stored_composed_and_line_breaks_stay() -> None:
    typed = unicodedata.normalize("NFD", "Nguyễn Thị Ễ\nphường Từ Liêm\t")
    assert stored_text(typed) == "Nguyễn Thị Ễ\nphường Từ Liêm\t"
    assert stored_text(typed) == unicodedata.normalize("NFC", typed)


@pytest.mark.parametrize("control", ["\x00", "\x07", "\x1b", "\x7f", "\x85"])
def test_a_control_character_is_refused(control: str) -> None:
    with pytest.raises(ValueError):
        stored_text(f"An{control}")


def test_nfd_vietnamese_is_stored_as_its_nfc_spelling() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hường, phường Đại Mỗ")
    assert decomposed != "Nguyễn Thị Hường, phường Đại Mỗ"
    assert stored_text(decomposed) == "Nguyễn Thị Hường, phường Đại Mỗ"


@pytest.mark.parametrize("invisible", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"])
def test_a_zero_width_character_is_removed(invisible: str) -> None:
    assert stored_text(f"Ngu{invisible}yễn") == "Nguyễn"
    assert stored_text(unicodedata.normalize("NFD", f"Nguy{invisible}ễn")) == "Nguyễn"


@pytest.mark.parametrize(
    "bidi",
    ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"],
)
def test_a_bidi_override_embedding_or_isolate_is_refused(bidi: str) -> None:
    with pytest.raises(TextRefused) as refused:
        stored_text(f"hoadon{bidi}fdp.exe")
    assert refused.value.kind == "bidi"
    assert refused.value.character == bidi
    assert refused.value.position == 6


@pytest.mark.parametrize(("text", "codepoint"), [("An\x07", "U+0007"), ("\x00An", "U+0000")])
def test_bel_and_nul_are_refused_naming_the_character(text: str, codepoint: str) -> None:
    with pytest.raises(TextRefused) as refused:
        stored_text(text)
    assert refused.value.kind == "control"
    assert codepoint in str(refused.value)


def test_a_lone_surrogate_is_refused() -> None:
    with pytest.raises(TextRefused) as refused:
        stored_text("An\ud800")
    assert refused.value.kind == "surrogate"


def test_line_breaks_and_tabs_are_text() -> None:
    assert stored_text("Dòng 1\r\nDòng 2\tcột") == "Dòng 1\r\nDòng 2\tcột"
