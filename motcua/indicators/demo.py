"""Demo figures (`motcua demo load`, after accounts.demo): Quận Nam Từ Liêm's 2022 sheet as
the district report gives it (data/indicators/nam_tu_liem_2022.xlsx, through the importer),
and five years of generated figures for the demo ward, Phường Từ Liêm, so trends show.
Safe to re-run: the importer records nothing already recorded.
"""

import random
from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.db import transaction

from motcua.core.text import fold
from motcua.indicators.periods import YEAR
from motcua.indicators.services.sheets import sheet_import
from motcua.indicators.sheet import read_sheet
from motcua.indicators.sheet_write import ExportRow, write_sheet
from motcua.indicators.wording import FigureKind
from motcua.units.models import AdministrativeUnit, SuccessionKind, UnitLevel, UnitSuccession
from motcua.units.selectors import today

DISTRICT_SHEET = Path(settings.BASE_DIR) / "data" / "indicators" / "nam_tu_liem_2022.xlsx"
LAST_OLD_DAY = date(2025, 6, 30)
WARD_CODE = "00592"  # Phường Từ Liêm since 1/7/2025 (accounts.demo)
WARD_YEARS = 5
TARGETS = "Thành phố; HĐND"


def _old_unit(
    code: str, level: int, name: str, unit_type: str, parent: AdministrativeUnit | None
) -> AdministrativeUnit:
    """The unit before the 2025 reform from the reference data, or a stand-in with the same
    keys (a later `refdata load` updates it in place)."""
    unit, _created = AdministrativeUnit.objects.get_or_create(
        code=code,
        level=level,
        valid_from=None,
        defaults={
            "name": name,
            "unit_type": unit_type,
            "parent": parent,
            "valid_to": LAST_OLD_DAY,
            "search_name": fold(name),
        },
    )
    return unit


def district() -> AdministrativeUnit:
    hanoi = _old_unit("01", UnitLevel.PROVINCE, "Thành phố Hà Nội", "Thành phố", None)
    return _old_unit("019", UnitLevel.DISTRICT, "Quận Nam Từ Liêm", "Quận", hanoi)


def _import(data: bytes | Path, *, unit: AdministrativeUnit, year: int, source: str) -> int:
    sheet = read_sheet(BytesIO(data) if isinstance(data, bytes) else data, year=year)
    result = sheet_import(actor=None, sheet=sheet, unit=unit, period=YEAR, source=source)
    return result.values_added


# name, unit of measure, 2021 figure, yearly growth, assigned (with "dự toán" for budgets)
WARD_INDICATORS = [
    ("Tổng giá trị sản xuất các ngành kinh tế", "tỷ đồng", Decimal(9800), 0.09, TARGETS),
    ("Số doanh nghiệp trên địa bàn", "doanh nghiệp", Decimal(2400), 0.07, ""),
    (
        "Thu ngân sách nhà nước trên địa bàn",
        "tỷ đồng",
        Decimal("1150.5"),
        0.06,
        "Thành phố; HĐND (dự toán)",
    ),
    ("Số lao động được giải quyết việc làm", "người", Decimal(850), 0.03, TARGETS),
    (
        "Tỷ lệ hồ sơ thủ tục hành chính giải quyết trước và đúng hạn",
        "%",
        Decimal("97.5"),
        0.004,
        TARGETS,
    ),
]


def ward_sheet(year: int, first_year: int) -> bytes:
    """The ward's sheet for `year`: actuals for closed years, an estimate for this one;
    plans at the indicator's usual growth, met or missed by a seeded random margin."""
    rows: list[ExportRow] = [ExportRow("I", "Kinh tế - xã hội", section=True)]
    for number, (name, unit, start, growth, assigned) in enumerate(WARD_INDICATORS, 1):
        last = start
        for past in range(first_year, year):
            last = _grown(last, growth, f"{name}{past}", unit)
        value = _grown(last, growth, f"{name}{year}", unit)
        plan = _grown(last, growth, "", unit)
        rows.append(
            ExportRow(
                str(number),
                name,
                unit,
                same_period=last,
                plan=plan if assigned else None,
                value=value,
                assigner=assigned,
            )
        )
        if number == 1:  # the "trong đó" rows add up to the total
            services = Decimal(round(value * Decimal("0.62")))
            for component, part in (
                ("thương mại, dịch vụ", services),
                ("công nghiệp, xây dựng", value - services),
            ):
                rows.append(ExportRow("-", f"Giá trị sản xuất ngành {component}", unit, value=part))
    kind = FigureKind.ESTIMATE if year >= today().year else FigureKind.ACTUAL
    return write_sheet(rows, year=year, figure_kind=kind, subtitle=f"Phường Từ Liêm - năm {year}")


def _grown(last: Decimal, growth: float, seed: str, unit: str) -> Decimal:
    """A year on: the usual growth, off by a seeded margin ('' as seed: exactly usual)."""
    margin = random.Random(seed).uniform(-0.03, 0.03) if seed else 0.0  # noqa: S311 - demo
    if unit == "%":
        return min(Decimal(100), round(last + Decimal(str(round(margin * 20 + 0.3, 1))), 1))
    grown = last * Decimal(str(round(1 + growth + margin, 3)))
    return round(grown, 1) if unit == "tỷ đồng" and grown < 5000 else Decimal(round(grown))


def _district_succeeded_by(ward: AdministrativeUnit) -> None:
    """The reference data's edge from the former district to the demo ward (part of its
    territory), made when the reference data is not loaded: the ward's dashboard reaches
    the district's figures through it. `refdata load` updates it in place."""
    UnitSuccession.objects.get_or_create(
        predecessor=district(),
        successor=ward,
        effective_date=LAST_OLD_DAY + timedelta(days=1),
        defaults={"kind": SuccessionKind.PART},
    )


@transaction.atomic
def load() -> str:
    added = _import(
        DISTRICT_SHEET, unit=district(), year=2022, source=f"import:{DISTRICT_SHEET.name}"
    )
    ward = AdministrativeUnit.objects.filter(
        code=WARD_CODE, level=UnitLevel.COMMUNE, valid_to__isnull=True
    ).first()
    if ward is not None:
        _district_succeeded_by(ward)
        last = today().year
        first = last - WARD_YEARS + 1
        for year in range(first, last + 1):
            added += _import(
                ward_sheet(year, first), unit=ward, year=year, source=f"demo:tu-liem-{year}.xlsx"
            )
    return f"Chỉ tiêu kinh tế - xã hội mẫu: {added} số liệu mới.\n"
