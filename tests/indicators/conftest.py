"""Indicators fixtures: the former district Quận Nam Từ Liêm (019, ended 30/6/2025) with its
2022 sheet, and malformed copies of a sheet written on the fly."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from motcua.indicators import demo
from motcua.indicators.sheet_write import ExportRow, write_sheet


@pytest.fixture
def district(db):
    return demo.district()


@pytest.fixture
def district_sheet() -> Path:
    return demo.DISTRICT_SHEET


@pytest.fixture
def write_xlsx(tmp_path):
    """A sheet file from rows of cells (the header included), as an office would type it."""

    def write(rows, name="bieu.xlsx") -> Path:
        workbook = Workbook()
        sheet = workbook.active
        for row in rows:
            sheet.append(row)
        path = tmp_path / name
        workbook.save(path)
        return path

    return write


@pytest.fixture
def small_sheet(tmp_path) -> Path:
    rows = [
        ExportRow("I", "Kinh tế", section=True),
        ExportRow(
            "1",
            "Tổng giá trị sản xuất",
            "tỷ đồng",
            Decimal(100),
            Decimal(110),
            Decimal(112),
            assigner="HĐND",
        ),
    ]
    path = tmp_path / "small.xlsx"
    path.write_bytes(write_sheet(rows, year=2022))
    return path


ON = date(2022, 12, 31)
