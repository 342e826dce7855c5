"""Template filters for Vietnamese numbers and dates: {{ n|vn_number }}, {{ d|vn_long_date }}."""

from datetime import date, datetime

from babel.dates import format_date
from django import template
from django.utils.translation import get_language

from motcua.core import formatting

register = template.Library()


@register.filter
def vn_number(value: float | int | None, decimals: int | None = None) -> str:
    return "" if value is None else formatting.number(value, decimals)


@register.filter
def vn_percent(ratio: float | None, decimals: int = 1) -> str:
    return "" if ratio is None else formatting.percent(ratio, decimals)


@register.filter
def vn_long_date(value: date | None) -> str:
    """Vietnamese 'ngày 24 tháng 7 năm 2024'; in the English UI, '24 July 2024'."""
    if value is None:
        return ""
    if get_language() == "en":
        return format_date(value, format="long", locale="en_GB")
    return formatting.long_date(value)


@register.filter
def vn_date(value: date | None) -> str:
    return "" if value is None else formatting.short_date(value)


@register.filter
def vn_datetime(value: datetime | None) -> str:
    return "" if value is None else formatting.short_datetime(value)
