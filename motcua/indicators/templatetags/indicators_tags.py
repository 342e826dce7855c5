"""Figures on the indicators screens, written the Vietnamese way (`numbers`)."""

from decimal import Decimal

from django import template

from motcua.indicators.numbers import format_number, format_percent

register = template.Library()
NONE = "–"


@register.filter
def figure(value: Decimal | None, decimals: int | None = None) -> str:
    """69230 → '69.230'; None → '–'."""
    return NONE if value is None else format_number(value, decimals)


@register.filter
def percent(value: Decimal | None) -> str:
    """13.8 → '13,8%'; None → '–'."""
    return NONE if value is None else format_percent(value)
