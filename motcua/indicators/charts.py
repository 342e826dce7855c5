"""The dashboard's charts as Apache ECharts options (no Django: tested directly).

The numbers are written the Vietnamese way here (`numbers.format_number`) and given to
ECharts as finished labels; the page's script (static/indicators/dashboard.js) only hands
the options over. No tooltip: the labels are on the bars, and the card beside the chart
holds the same figures as text; `aria.label.description` reads them out.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from motcua.indicators.numbers import format_number

ACTUAL_COLOUR = "#1f5fa8"
ESTIMATE_COLOUR = "#7fa7d6"
OTHER_TERRITORY_COLOUR = "#9e9e9e"
PLAN_COLOUR = "#b3261e"


@dataclass(frozen=True)
class Point:
    label: str  # '2022', or a component's name
    value: Decimal | None
    estimate: bool = False
    other_territory: bool = False


def _label(value: Decimal, decimals: int | None) -> str:
    return format_number(value, decimals)


def _bar(point: Point, decimals: int | None, position: str = "top") -> dict[str, Any]:
    if point.value is None:
        return {"value": None}
    colour = ACTUAL_COLOUR
    if point.other_territory:
        colour = OTHER_TERRITORY_COLOUR
    elif point.estimate:
        colour = ESTIMATE_COLOUR
    return {
        "value": float(point.value),
        "itemStyle": {"color": colour},
        "label": {"show": True, "position": position, "formatter": _label(point.value, decimals)},
    }


def bar_option(
    *,
    points: list[Point],
    decimals: int | None,
    description: str,
    plan: tuple[str, Decimal] | None = None,
    series_name: str = "",
    plan_name: str = "",
    horizontal: bool = False,
) -> dict[str, Any]:
    """Bars for `points` (years of a trend, or a total's components), with the plan of
    one of them as a marked point when given. `horizontal`: one bar a row, its name on
    the left (components' names are long)."""
    series: list[dict[str, Any]] = [
        {
            "type": "bar",
            "name": series_name,
            "barMaxWidth": 48,
            "data": [_bar(point, decimals, "right" if horizontal else "top") for point in points],
        }
    ]
    if plan is not None:
        at, value = plan
        series.append(
            {
                "type": "scatter",
                "name": plan_name,
                "symbol": "diamond",
                "symbolSize": 12,
                "itemStyle": {"color": PLAN_COLOUR},
                "data": [[at, float(value)]],
            }
        )
    option: dict[str, Any] = {
        "animation": False,
        "aria": {"enabled": True, "label": {"description": description}},
        "grid": {"left": 8, "right": 8, "top": 28, "bottom": 8, "containLabel": True},
        "xAxis": {
            "type": "category",
            "data": [point.label for point in points],
            "axisLabel": {"interval": 0, "width": 90, "overflow": "break", "lineHeight": 14},
        },
        "yAxis": {"type": "value", "axisLabel": {"show": False}, "splitLine": {"show": False}},
        "series": series,
    }
    if horizontal:
        option["xAxis"], option["yAxis"] = option["yAxis"], option["xAxis"]
        option["yAxis"].update(inverse=True)
        option["yAxis"]["axisLabel"]["width"] = 140
        option["grid"]["right"] = 64
    if plan is not None:  # the plan's figure is on the card; the chart marks where it is
        option["legend"] = {"data": [plan_name], "bottom": 0, "itemWidth": 12}
        option["grid"]["bottom"] = 28
    return option


def describe(points: list[Point], unit_of_measure: str, decimals: int | None) -> str:
    """'2021: 61.265 tỷ đồng; 2022 (ước): 69.230 tỷ đồng' — what the chart shows, as text."""
    parts = [
        f"{point.label}{' (ước)' if point.estimate else ''}: "
        f"{_label(point.value, decimals)} {unit_of_measure}".strip()
        for point in points
        if point.value is not None
    ]
    return "; ".join(parts)
