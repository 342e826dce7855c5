from decimal import Decimal

import pytest

from motcua.indicators.numbers import NotANumber, format_number, format_percent, parse_number


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("69.230", Decimal(69230)),
        ("8.015,589", Decimal("8015.589")),
        ("13,8", Decimal("13.8")),
        ("1.234.567", Decimal(1234567)),
        ("-5", Decimal(-5)),
        ("113%", Decimal(113)),
        (" 41.056 ", Decimal(41056)),
        (8015.589, Decimal("8015.589")),
        (16839, Decimal(16839)),
    ],
)
def test_vietnamese_numbers_are_read_as_written(cell, expected):
    assert parse_number(cell) == expected


@pytest.mark.parametrize("cell", [None, "", "-", "  "])
def test_an_empty_cell_is_no_figure(cell):
    assert parse_number(cell) is None


@pytest.mark.parametrize("cell", ["khoảng 5", "13.8", "1,2,3", "12.34", True])
def test_text_or_an_ambiguous_dot_is_not_a_number(cell):
    with pytest.raises(NotANumber):
        parse_number(cell)


def test_numbers_are_written_with_dots_for_thousands_and_a_comma_for_decimals():
    assert format_number(Decimal(69230)) == "69.230"
    assert format_number(Decimal("8015.589")) == "8.015,589"
    assert format_number(Decimal("8015.5"), 2) == "8.015,50"
    assert format_number(Decimal("41056.0")) == "41.056"


def test_percentages_have_one_decimal_and_a_whole_one_no_comma_zero():
    assert format_percent(Decimal(13)) == "13%"
    assert format_percent(Decimal("13.8")) == "13,8%"
    assert format_percent(Decimal("114.96")) == "115%"
    assert format_percent(Decimal("1.25")) == "1,3%"  # half up, as people round
