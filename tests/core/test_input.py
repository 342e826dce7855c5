"""CSV files loaded and command-line arguments go through the one normalisation; a
refused character is named with where it is."""

import unicodedata
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from motcua.core.input import CsvRefused, csv_rows


def test_csv_cells_are_read_composed_without_zero_width(tmp_path: Path) -> None:
    data = tmp_path / "overrides.csv"
    data.write_text("day,reason\n2026-01-01," + unicodedata.normalize("NFD", "Tết\u200b") + "\n")
    assert list(csv_rows(data)) == [{"day": "2026-01-01", "reason": "Tết"}]


def test_a_csv_cell_with_a_control_character_is_refused_naming_line_and_column(
    tmp_path: Path,
) -> None:
    data = tmp_path / "overrides.csv"
    data.write_text("day,reason\n2026-01-01,Tết\n2026-01-02,Nghỉ\x07 bù\n", encoding="utf-8")
    with pytest.raises(CsvRefused) as refused:
        list(csv_rows(data))
    message = str(refused.value)
    assert "overrides.csv, dòng 3, cột “reason”" in message and "U+0007" in message


@pytest.mark.django_db
@pytest.mark.parametrize(
    "arguments",
    [
        ("units", "show", "01\x07"),
        ("units", "resolve", "Hà Nội\u202e"),
        ("idnumber", "check", "0\x1b"),
    ],
)
def test_a_command_line_argument_with_a_refused_character_is_an_error_saying_which(arguments):
    with pytest.raises(CommandError, match="không được phép"):
        call_command(*arguments)
