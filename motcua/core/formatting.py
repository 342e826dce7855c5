"""Vietnamese number and date formats (Babel groups thousands; Django's `vi` locale does not)."""

from datetime import date, datetime
from decimal import Decimal

from babel.dates import format_datetime as babel_format_datetime
from babel.numbers import format_decimal, format_percent

from motcua.core.tz import VN_TZ

LOCALE = "vi_VN"
Number = int | float | Decimal


def number(value: Number, decimals: int | None = None) -> str:
    """69230 → '69.230'; 8015.589 → '8.015,589'."""
    if decimals is None:
        return format_decimal(value, locale=LOCALE)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def percent(ratio: Number, decimals: int = 1) -> str:
    """0.138 → '13,8%'."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
    return format_percent(ratio, format=pattern, locale=LOCALE).replace("\xa0", "")


def long_date(value: date) -> str:
    """date(2024, 7, 24) → 'ngày 24 tháng 7 năm 2024', as on official documents."""
    return f"ngày {value.day} tháng {value.month} năm {value.year}"


def short_date(value: date) -> str:
    """date(2024, 7, 4) → '04/07/2024'."""
    return value.strftime("%d/%m/%Y")


def short_datetime(value: datetime) -> str:
    """A moment as printed on forms, in Vietnamese local time: '14:05 04/07/2024'."""
    return babel_format_datetime(value, "HH:mm dd/MM/yyyy", tzinfo=VN_TZ, locale=LOCALE)
