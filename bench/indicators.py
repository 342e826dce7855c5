"""Indicators: importing a 2,000-row exchange spreadsheet against reading the same file
with openpyxl alone, and the narrative report of a city whose 126 units have 5 years of
monthly figures against the bare queries it needs."""

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from io import BytesIO
from time import perf_counter

from django.db import transaction
from openpyxl import load_workbook

from bench import Result
from motcua.core.formatting import number
from motcua.indicators.models import Indicator, Value
from motcua.indicators.periods import Period
from motcua.indicators.report import build_report
from motcua.indicators.services.sheets import sheet_import
from motcua.indicators.sheet import read_sheet
from motcua.indicators.sheet_write import ExportRow, write_sheet
from motcua.units.models import AdministrativeUnit, UnitLevel
from tests.factories import ProvinceFactory, WardFactory

NEEDS_DATABASE = True
ROWS = 2_000
UNITS = 126
YEARS = range(2022, 2027)
INDICATORS = 12


def _sheet() -> bytes:
    """One section, totals with a "trong đó" row every fourth line, a third of them targets."""
    rows = [ExportRow("I", "Kinh tế", section=True)]
    for i in range(ROWS - 1):
        stt = "-" if i % 4 == 3 else str(i + 1)
        rows.append(
            ExportRow(
                stt,
                f"Chỉ tiêu số {i}",
                "tỷ đồng",
                Decimal(1000 + i),
                Decimal(1100 + i),
                Decimal("1105.5") + i,
                assigner="HĐND" if i % 3 == 0 and stt != "-" else "",
            )
        )
    return write_sheet(rows, year=2026)


def _seconds(action: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(3):
        started = perf_counter()
        action()
        best = min(best, perf_counter() - started)
    return best


def _import() -> Result:
    data = _sheet()

    def openpyxl_alone() -> None:
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=True)
        for _row in workbook.worksheets[0].iter_rows(values_only=True):
            pass
        workbook.close()

    def motcua_import() -> None:
        unit = WardFactory.create()
        sheet = read_sheet(BytesIO(data), year=2026)
        assert not sheet.refusals, sheet.refusals[:3]
        sheet_import(actor=None, sheet=sheet, unit=unit, period=Period("year"), source="bench")

    baseline = _seconds(openpyxl_alone)
    figure = _seconds(motcua_import)
    return Result(
        f"indicators import, {number(ROWS)} rows (s)",
        figure,
        "s",
        baseline=baseline,
        baseline_name="openpyxl reading the file",
        target="≤ 10 s",
        met=figure <= 10,
    )


@transaction.atomic
def _city() -> AdministrativeUnit:
    city = ProvinceFactory.create(code="98", name="Thành phố Thử Nghiệm")
    units = [
        city,
        *(WardFactory.create(parent=city, level=UnitLevel.COMMUNE) for _ in range(UNITS)),
    ]
    indicators = [
        Indicator.objects.create(
            code=f"bench-{i}", name=f"Chỉ tiêu {i}", unit_of_measure="người", position=i
        )
        for i in range(INDICATORS)
    ]
    now = datetime(2026, 1, 1, tzinfo=UTC)
    Value.objects.bulk_create(
        (
            Value(
                indicator=indicator,
                unit=unit,
                year=year,
                period=f"m{month}",
                figure="actual",
                number=Decimal(100 + month),
                source="bench",
                entered_at=now,
            )
            for unit in units
            for indicator in indicators
            for year in YEARS
            for month in range(1, 13)
        ),
        batch_size=5000,
    )
    return city


def _report() -> Result:
    city = _city()
    period = Period("m12")

    def bare_queries() -> None:
        for year in (2026, 2025):
            list(Value.objects.filter(unit=city, year=year, period=period.code))
        list(Indicator.objects.filter(values__unit=city).distinct())

    baseline = _seconds(bare_queries)
    figure = _seconds(lambda: build_report(unit=city, year=2026, period=period))
    return Result(
        f"indicators report, city of {UNITS} units × 5 years monthly (s)",
        figure,
        "s",
        baseline=baseline,
        baseline_name="its bare queries",
        target="≤ 1 s",
        met=figure <= 1,
    )


def run() -> list[Result]:
    return [_import(), _report()]
