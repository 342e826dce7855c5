from decimal import Decimal as D

from motcua.indicators.checks import CheckRules, Item, RuleCode, Severity, check
from motcua.indicators.figures import Figures


def item(key, value, unit="tỷ đồng", **kwargs):
    return Item(key=key, name=key, unit_of_measure=unit, figures=Figures(value=value), **kwargs)


def test_components_short_of_their_total_are_flagged_with_the_gap():
    total = Item(
        key="gtsx",
        name="Tổng giá trị sản xuất",
        unit_of_measure="tỷ đồng",
        figures=Figures(value=D(69230)),
        components=[item("tmdv", D(41056)), item("cnxd", D(28126))],
    )
    [finding] = check([total])
    assert finding.rule is RuleCode.COMPONENTS
    assert "cộng lại 69.182 tỷ đồng, thiếu 48 tỷ đồng so với tổng 69.230 tỷ đồng" in (
        finding.message
    )


def test_components_above_their_total_are_flagged_too():
    total = item("t", D(10), components=[item("a", D(7)), item("b", D(4))])
    assert "thừa 1 tỷ đồng" in check([total])[0].message


def test_components_in_another_unit_of_measure_are_an_error():
    total = item("t", D(10), components=[item("a", D(7), unit="người")])
    [finding] = check([total])
    assert (finding.rule, finding.severity) == (RuleCode.UNIT, Severity.ERROR)


def test_components_of_a_rate_or_with_a_missing_figure_are_not_summed():
    assert check([item("t", D(10), components=[item("a", D(7))], additive=False)]) == []
    assert check([item("t", D(10), components=[item("a", None)])]) == []


def test_implausible_growth_is_flagged():
    figures = Figures(value=D(300), same_period=D(100))
    flagged = Item(key="x", name="Doanh thu", unit_of_measure="tỷ đồng", figures=figures)
    [finding] = check([flagged])
    assert finding.rule is RuleCode.GROWTH and "tăng 200%" in finding.message
    fall = Item(
        key="y", name="Y", unit_of_measure="", figures=Figures(value=D(40), same_period=D(100))
    )
    assert "giảm 60%" in check([fall])[0].message
    assert check([fall], CheckRules(max_decline=D(70))) == []


def test_a_given_percentage_disagreeing_with_the_figures_is_flagged():
    figures = Figures(value=D(115), plan=D(100), given_percent_of_plan=D(100))
    [finding] = check([Item(key="x", name="Thu", unit_of_measure="tỷ đồng", figures=figures)])
    assert finding.rule is RuleCode.GIVEN_PERCENT
    assert "ghi 100% nhưng tính từ số liệu được 115%" in finding.message


def test_a_target_without_a_figure_is_flagged():
    [finding] = check([item("x", None, is_target=True)])
    assert finding.rule is RuleCode.MISSING
