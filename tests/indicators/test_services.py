from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from motcua.indicators.models import Indicator, ValidationWarning, Value
from motcua.indicators.periods import YEAR, Period
from motcua.indicators.report import build_report
from motcua.indicators.selectors import blocking_errors, open_warnings, unit_figures
from motcua.indicators.services.figures import (
    IndicatorsError,
    own_figures_record,
    value_record,
    warning_accept,
)
from motcua.indicators.wording import FigureKind
from tests.factories import OfficerFactory, WardFactory


@pytest.fixture
def imported(district, district_sheet):
    call_command(
        "indicators",
        "import",
        str(district_sheet),
        "--unit",
        "019",
        "--on",
        "31/12/2022",
        "--year",
        "2022",
    )
    return district


def total(unit):
    return next(
        i
        for i in unit_figures(unit=unit, year=2022, period=YEAR)
        if i.indicator.name == "Tổng giá trị sản xuất các ngành kinh tế"
    )


def test_the_actual_in_march_is_kept_beside_the_november_estimate(imported):
    indicator = Indicator.objects.get(name="Tổng giá trị sản xuất các ngành kinh tế")
    value_record(
        actor=None,
        indicator=indicator,
        unit=imported,
        year=2022,
        period=YEAR,
        figure=FigureKind.ACTUAL,
        number=Decimal(69182),
        source="quyết toán",
    )
    item = total(imported)
    assert (item.figure_kind, item.figures.value) == (FigureKind.ACTUAL, Decimal(69182))
    kinds = set(Value.objects.filter(indicator=indicator).values_list("figure", flat=True))
    assert {"estimate", "actual", "plan"} <= kinds
    assert "Tổng giá trị sản xuất các ngành kinh tế đạt 69.182 tỷ đồng" in " ".join(
        s
        for section in build_report(unit=imported, year=2022, period=YEAR).sections
        for s in section.sentences
    )


def test_a_warning_closes_when_the_figures_add_up(imported):
    other = Indicator.objects.get(name="Giá trị sản xuất ngành thương mại, dịch vụ")
    value_record(
        actor=None,
        indicator=other,
        unit=imported,
        year=2022,
        period=YEAR,
        figure=FigureKind.ESTIMATE,
        number=Decimal(41104),
        source="sửa",
        given_ratio_to_same_period=Decimal("113.8"),
    )
    gap = ValidationWarning.objects.get(rule="components")
    assert gap.resolved_at is not None
    assert not open_warnings(unit=imported, year=2022, period=YEAR).exists()


def test_an_accepted_warning_leaves_the_authors_note(imported):
    officer = OfficerFactory.create()
    gap = ValidationWarning.objects.get(rule="components")
    with pytest.raises(IndicatorsError, match="lý do"):
        warning_accept(actor=officer, warning=gap, reason="  ")
    warning_accept(actor=officer, warning=gap, reason="48 tỷ đồng là nông nghiệp")
    assert build_report(unit=imported, year=2022, period=YEAR).warnings == []


def test_an_error_cannot_be_accepted(imported):
    error = ValidationWarning.objects.create(
        unit=imported,
        year=2022,
        period="year",
        rule="unit",
        severity="error",
        message="x",
        found_at=timezone.now(),
    )
    with pytest.raises(IndicatorsError, match="không chấp nhận"):
        warning_accept(actor=OfficerFactory.create(), warning=error, reason="vì")


def test_motcuas_own_figures_are_recorded_once(db):
    ward = WardFactory.create()
    recorded = own_figures_record(actor=None, unit=ward, year=2025, period=Period("q3"))
    assert recorded == 5  # the two shares have no dossiers to be a share of
    received = Value.objects.get(indicator__code="motcua/ho-so-tiep-nhan")
    assert (received.number, received.figure, received.source) == (0, "actual", "motcua")
    assert own_figures_record(actor=None, unit=ward, year=2025, period=Period("q3")) == 0


def test_a_component_in_another_unit_blocks_publishing(imported):
    other = Indicator.objects.get(name="Giá trị sản xuất ngành thương mại, dịch vụ")
    Indicator.objects.filter(pk=other.pk).update(unit_of_measure="triệu đồng")
    value_record(
        actor=None,
        indicator=other,
        unit=imported,
        year=2022,
        period=YEAR,
        figure=FigureKind.ESTIMATE,
        number=Decimal(41056000),
        source="sửa",
    )
    [error] = blocking_errors(unit=imported, year=2022, period=YEAR)
    assert "đơn vị tính 'triệu đồng' khác chỉ tiêu tổng" in error.message
