from decimal import Decimal as D

import pytest

from motcua.indicators.figures import Figures, Rule, Status, count, percent_of, status


def test_percent_of_plan_and_ratio_to_same_period_are_computed_from_the_figures():
    figures = Figures(value=D(115), plan=D(100), same_period=D(50), given_percent_of_plan=D(1))
    assert figures.percent_of_plan == D(115)
    assert figures.ratio_to_same_period == D(230)


def test_a_given_percentage_without_its_base_figures_is_kept_as_given():
    figures = Figures(value=D(69230), given_ratio_to_same_period=D(113))
    assert figures.ratio_to_same_period == D(113)
    assert percent_of(D(1), D(0)) is None


@pytest.mark.parametrize(
    ("rule", "value", "plan", "expected"),
    [
        (Rule.AT_LEAST, 100, 100, Status.MET),
        (Rule.AT_LEAST, 115, 100, Status.EXCEEDED),
        (Rule.AT_LEAST, 90, 100, Status.NOT_MET),
        (Rule.AT_MOST, 90, 100, Status.EXCEEDED),
        (Rule.AT_MOST, 110, 100, Status.NOT_MET),
        (Rule.EXACTLY, 100, 100, Status.MET),
        (Rule.EXACTLY, 101, 100, Status.NOT_MET),
        (Rule.REACHED, 1, None, Status.MET),
        (Rule.REACHED, 0, None, Status.NOT_MET),
        (Rule.REACHED, 1, 1, Status.MET),
        (Rule.REACHED, None, None, Status.UNKNOWN),
        (Rule.AT_LEAST, None, 100, Status.UNKNOWN),
    ],
)
def test_status_follows_the_rule(rule, value, plan, expected):
    figures = Figures(
        value=None if value is None else D(value), plan=None if plan is None else D(plan)
    )
    assert status(rule, figures) is expected


def test_counts_of_a_target_set():
    counts = count([Status.MET] * 8 + [Status.EXCEEDED] * 6)
    assert (counts.total, counts.completed, counts.exceeded) == (14, 14, 6)
