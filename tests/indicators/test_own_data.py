from decimal import Decimal

from motcua.indicators.own_data import OwnFigures, own_figures
from motcua.indicators.periods import YEAR
from tests.factories import WardFactory


def test_a_unit_without_records_has_zero_figures_and_no_shares(db):
    figures = own_figures(unit=WardFactory.create(), year=2026, period=YEAR)
    assert figures.received == figures.hall_visitors == 0
    assert figures.on_time_percent is None and figures.online_percent is None


def test_shares_are_percentages_of_the_dossiers():
    figures = OwnFigures(
        received=200,
        resolved=100,
        resolved_on_time=97,
        received_online=50,
        household_business_certificates=3,
        civil_status_entries=40,
        hall_visitors=500,
    )
    assert (figures.on_time_percent, figures.online_percent) == (Decimal(97), Decimal(25))
