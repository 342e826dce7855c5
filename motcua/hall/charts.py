"""Bar charts of the hall statistics, as geometry for an inline SVG drawn on the server.

Pure Python (no Django): the caller gives the rows' labels and values, already formatted
for display, and gets whole-pixel coordinates in a viewBox `WIDTH` wide. Each row's label
sits above its bars, so the chart stays legible when the page narrows to a phone: the SVG
scales with its box and no label column squeezes the bars.
"""

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 340
VALUE_ROOM = 56  # right of the longest bar: its value
LABEL_HEIGHT = 16
BAR_HEIGHT = 14
BAR_GAP = 3
ROW_GAP = 10


@dataclass(frozen=True)
class Value:
    amount: float | None  # None: nothing to draw (e.g. no service finished)
    text: str  # as shown beside the bar


@dataclass(frozen=True)
class Bar:
    series: int  # index into BarChart.series
    y: int
    width: int
    text: str
    text_x: int


@dataclass(frozen=True)
class Row:
    label: str
    label_y: int  # the label's baseline
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class BarChart:
    title: str
    series: tuple[str, ...]
    rows: tuple[Row, ...]
    width: int
    height: int
    bar_height: int

    @property
    def empty(self) -> bool:
        return not self.rows


def bar_chart(
    title: str, series: Sequence[str], rows: Sequence[tuple[str, Sequence[Value]]]
) -> BarChart:
    """Horizontal bars, one per series in each row, on one scale from zero to the largest
    value. A row gives one value per series, in the order of `series`."""
    amounts = [v.amount for _, values in rows for v in values if v.amount is not None]
    top = max(amounts, default=0) or 1
    scale = (WIDTH - VALUE_ROOM) / top
    y, drawn = 0, []
    for label, values in rows:
        if len(values) != len(series):
            raise ValueError(f"row {label!r} has {len(values)} values for {len(series)} series")
        y += LABEL_HEIGHT
        label_y = y - 4
        bars = []
        for index, value in enumerate(values):
            amount = value.amount or 0
            width = max(round(amount * scale), 1) if amount > 0 else 0
            bars.append(Bar(index, y, width, value.text, width + 4))
            y += BAR_HEIGHT + BAR_GAP
        drawn.append(Row(label, label_y, tuple(bars)))
        y += ROW_GAP
    return BarChart(title, tuple(series), tuple(drawn), WIDTH, y, BAR_HEIGHT)
