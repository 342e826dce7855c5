"""The dashboard's chart options (pure): Vietnamese labels, estimates and other
territories told apart, the plan marked, a text for screen readers."""

from decimal import Decimal

from motcua.indicators.charts import (
    ACTUAL_COLOUR,
    ESTIMATE_COLOUR,
    OTHER_TERRITORY_COLOUR,
    Point,
    bar_option,
    describe,
)

POINTS = [
    Point("2021", Decimal(61265), other_territory=True),
    Point("2022", Decimal(69230), estimate=True),
    Point("2023", None),
]


def test_bars_are_labelled_the_vietnamese_way_and_coloured_by_kind() -> None:
    option = bar_option(points=POINTS, decimals=None, description="x")
    bars = option["series"][0]["data"]
    assert bars[0]["label"]["formatter"] == "61.265"
    assert bars[0]["itemStyle"]["color"] == OTHER_TERRITORY_COLOUR
    assert bars[1]["itemStyle"]["color"] == ESTIMATE_COLOUR
    assert bars[2] == {"value": None}
    assert option["xAxis"]["data"] == ["2021", "2022", "2023"]
    assert option["animation"] is False and "tooltip" not in option


def test_the_plan_is_a_marked_point_with_a_legend() -> None:
    option = bar_option(
        points=[Point("2022", Decimal("8015.589"))],
        decimals=None,
        description="x",
        plan=("2022", Decimal("6970")),
        plan_name="Kế hoạch",
    )
    assert option["series"][0]["data"][0]["itemStyle"]["color"] == ACTUAL_COLOUR
    assert option["series"][0]["data"][0]["label"]["formatter"] == "8.015,589"
    assert option["series"][1]["data"] == [["2022", 6970.0]]
    assert option["legend"]["data"] == ["Kế hoạch"]


def test_the_description_reads_the_figures_out() -> None:
    assert describe(POINTS, "tỷ đồng", None) == "2021: 61.265 tỷ đồng; 2022 (ước): 69.230 tỷ đồng"


def test_components_lie_one_a_row_with_their_names_on_the_left() -> None:
    option = bar_option(points=POINTS, decimals=None, description="x", horizontal=True)
    assert option["yAxis"]["type"] == "category" and option["yAxis"]["inverse"] is True
    assert option["xAxis"]["type"] == "value"
    assert option["series"][0]["data"][0]["label"]["position"] == "right"
