from decimal import Decimal as D

from motcua.indicators.figures import Counts, Figures, Rule, Status
from motcua.indicators.wording import (
    FigureKind,
    Line,
    Style,
    counts_phrase,
    same_period_phrase,
    sentence,
    territory_note,
)


def line(value, unit="tỷ đồng", **kwargs):
    figures = kwargs.pop("figures", {})
    return Line(
        name=kwargs.pop("name", "Thu ngân sách"),
        unit_of_measure=unit,
        figures=Figures(value=None if value is None else D(value), **figures),
        **kwargs,
    )


def test_the_district_reports_production_sentence():
    total = Line(
        name="Tổng giá trị sản xuất các ngành kinh tế",
        unit_of_measure="tỷ đồng",
        figures=Figures(
            value=D(69230), given_ratio_to_same_period=D(113), given_percent_of_plan=D(100)
        ),
        rule=Rule.AT_LEAST,
        status=Status.MET,
        components=[
            line(
                41056,
                name="Giá trị sản xuất ngành thương mại, dịch vụ",
                figures={"given_ratio_to_same_period": D("113.8")},
            ),
            line(
                28126,
                name="Giá trị sản xuất ngành công nghiệp, xây dựng",
                figures={"given_ratio_to_same_period": D("111.7")},
            ),
        ],
    )
    assert sentence(total) == (
        "Tổng giá trị sản xuất các ngành kinh tế ước đạt 69.230 tỷ đồng, tăng 13% so với "
        "cùng kỳ năm trước, đạt 100% kế hoạch; trong đó: giá trị sản xuất ngành thương mại, "
        "dịch vụ ước đạt 41.056 tỷ đồng, tăng 13,8%; giá trị sản xuất ngành công nghiệp, "
        "xây dựng ước đạt 28.126 tỷ đồng, tăng 11,7%."
    )


def test_budget_revenue_in_the_ratio_style_against_the_estimate():
    revenue = line(
        "8015.589",
        figures={"given_percent_of_plan": D(115), "given_ratio_to_same_period": D(105)},
        style=Style.RATIO,
        plan_name="dự toán",
        rule=Rule.AT_LEAST,
        status=Status.EXCEEDED,
    )
    assert sentence(revenue) == (
        "Thu ngân sách ước đạt 8.015,589 tỷ đồng, đạt 115% dự toán, bằng 105% so với cùng kỳ."
    )


def test_an_actual_says_dat_and_a_decline_says_giam():
    text = sentence(line(95, figures={"same_period": D(100)}, figure_kind=FigureKind.ACTUAL))
    assert text == "Thu ngân sách đạt 95 tỷ đồng, giảm 5% so với cùng kỳ năm trước."


def test_the_same_figure_as_last_year_is_bang_cung_ky():
    assert same_period_phrase(line(100, figures={"same_period": D(100)})) == (
        "bằng cùng kỳ năm trước"
    )


def test_a_rate_compares_in_percentage_points():
    rate = line("95.5", unit="%", figures={"same_period": D("94.3")}, is_rate=True)
    assert sentence(rate) == (
        "Thu ngân sách ước đạt 95,5%, tăng 1,2 điểm phần trăm so với cùng kỳ năm trước."
    )
    down = line(90, unit="%", figures={"same_period": D(91)}, is_rate=True)
    assert "giảm 1,0 điểm phần trăm" in sentence(down)
    same = line(90, unit="%", figures={"same_period": D(90)}, is_rate=True)
    assert "bằng cùng kỳ năm trước" in sentence(same)


def test_a_target_below_its_rule_is_chua_dat_ke_hoach():
    short = line(90, figures={"plan": D(100)}, rule=Rule.AT_LEAST, status=Status.NOT_MET)
    assert sentence(short) == "Thu ngân sách ước đạt 90 tỷ đồng, chưa đạt kế hoạch (đạt 90%)."
    over = line(110, figures={"plan": D(100)}, rule=Rule.AT_MOST, status=Status.NOT_MET)
    assert "chưa đạt kế hoạch (bằng 110%)" in sentence(over)


def test_a_ceiling_kept_below_is_dat_ke_hoach_bang():
    under = line("2.8", unit="%", figures={"plan": D(3)}, rule=Rule.AT_MOST, status=Status.EXCEEDED)
    assert sentence(under) == "Thu ngân sách ước đạt 2,8%, đạt kế hoạch (bằng 93,3%)."


def test_a_target_to_be_reached_says_dat_or_chua_dat():
    assert sentence(line(1, unit="", rule=Rule.REACHED, status=Status.MET)).endswith(
        "ước đạt 1, đạt kế hoạch."
    )
    assert "chưa đạt kế hoạch" in sentence(line(0, rule=Rule.REACHED, status=Status.NOT_MET))
    assert sentence(line(1, rule=Rule.REACHED)) == "Thu ngân sách ước đạt 1 tỷ đồng."


def test_an_indicator_without_a_figure_says_so():
    assert sentence(line(None)) == "Thu ngân sách chưa có số liệu."


def test_summary_counts_per_target_set():
    assert counts_phrase(Counts(total=14, met=8, exceeded=6), estimate=True) == (
        "ước hoàn thành 14/14 chỉ tiêu; 6/14 chỉ tiêu vượt kế hoạch"
    )
    assert counts_phrase(Counts(total=22, met=20, not_met=1, unknown=1), estimate=False) == (
        "hoàn thành 20/22 chỉ tiêu; 1/22 chỉ tiêu chưa đạt; 1/22 chỉ tiêu chưa đánh giá"
    )
    assert counts_phrase(Counts(), estimate=False) == "chưa có chỉ tiêu được giao"


def test_a_comparison_across_the_reform_says_the_territory_changed():
    assert "không cùng phạm vi lãnh thổ" in territory_note("Phường Từ Liêm", "01/07/2025")


def test_percentages_given_without_their_figures_are_said_alone():
    figures = {"given_percent_of_plan": D(105), "given_ratio_to_same_period": D(110)}
    assert (
        sentence(line(None, figures=figures, rule=Rule.AT_LEAST, status=Status.EXCEEDED))
        == "Thu ngân sách ước tăng 10% so với cùng kỳ năm trước, đạt 105% kế hoạch."
    )
    actual = line(
        None, figures={"given_ratio_to_same_period": D(95)}, figure_kind=FigureKind.ACTUAL
    )
    assert sentence(actual) == "Thu ngân sách giảm 5% so với cùng kỳ năm trước."


def test_a_ceiling_not_judged_yet_says_bang_without_a_verdict():
    half = line(
        "1.4", unit="%", figures={"plan": D(3)}, rule=Rule.AT_MOST, plan_name="kế hoạch năm"
    )
    assert sentence(half) == "Thu ngân sách ước đạt 1,4%, bằng 46,7% kế hoạch năm."
