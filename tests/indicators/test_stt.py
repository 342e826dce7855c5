import pytest

from motcua.indicators.stt import Hierarchy, RowKind, SttError, is_roman, roman


def place_all(*stts):
    hierarchy = Hierarchy()
    return [hierarchy.place(stt, line) for line, stt in enumerate(stts, start=1)]


def test_roman_numerals_open_sections_and_numbers_restart_in_each():
    rows = place_all("I", "1", "1.1", "1.2", "2", "II", "1")
    assert [r.kind for r in rows] == [
        RowKind.SECTION,
        *[RowKind.NUMBERED] * 4,
        RowKind.SECTION,
        RowKind.NUMBERED,
    ]
    assert rows[2].parent == "I/1"
    assert rows[6].key == "II/1" and rows[6].section == "II"


def test_a_dash_row_is_a_component_of_the_numbered_row_above():
    rows = place_all("1", "-", "-", "2", 3.0)
    assert rows[1].parent == rows[2].parent == "1"
    assert rows[1].key != rows[2].key
    assert rows[4].key == "3"


def test_a_duplicated_stt_names_the_line_it_repeats():
    with pytest.raises(SttError, match=r"STT 1\.1 trùng với dòng 2"):
        place_all("1", "1.1", "1.1")


@pytest.mark.parametrize(
    ("stts", "message"),
    [
        (("1.1",), "không có chỉ tiêu cha 1"),
        (("-",), "không đứng sau chỉ tiêu nào"),
        (("",), "thiếu STT"),
        (("a)",), "không hợp lệ"),
    ],
)
def test_rows_that_cannot_be_placed_say_why(stts, message):
    with pytest.raises(SttError, match=message):
        place_all(*stts)


def test_sections_past_the_twelfth_are_numbered_and_read_back():
    numerals = [roman(n) for n in range(1, 40)]
    assert numerals[:4] == ["I", "II", "III", "IV"] and numerals[13] == "XIV"
    assert all(is_roman(n) for n in numerals) and len(set(numerals)) == 39
