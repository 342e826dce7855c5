"""Units fixtures: the full reference data once per session, and a small made-up city.

The full data stays in the test database for the rest of the session, so the made-up city uses
codes and names that exist nowhere in Việt Nam: its tests pass with or without the full data.
"""

from dataclasses import dataclass
from datetime import date

import pytest

from motcua.core.text import fold
from motcua.units import refdata
from motcua.units.addresses import split_type
from motcua.units.models import AdministrativeUnit, SuccessionKind, UnitLevel, UnitSuccession
from tests.factories import WardFactory

OLD = {"valid_from": None, "valid_to": date(2025, 6, 30)}
NEW = {"valid_from": date(2025, 7, 1), "valid_to": None}


@pytest.fixture(scope="session")
def _units_loaded_once(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        refdata.load()


@pytest.fixture
def units_refdata(_units_loaded_once, db):
    """Every unit and succession of the shipped data (loaded once; reloaded if a
    transactional test has emptied the tables since)."""
    if not AdministrativeUnit.objects.filter(code="00637").exists():
        refdata.load()


def unit(code: str, level: int, name: str, parent=None, **validity):
    return WardFactory.create(
        code=code,
        level=level,
        name=name,
        unit_type=split_type(name)[0],
        parent=parent,
        search_name=fold(name),
        **validity,
    )


def succession(old, new, kind: str) -> UnitSuccession:
    return UnitSuccession.objects.create(
        predecessor=old,
        successor=new,
        kind=SuccessionKind(kind),
        effective_date=date(2025, 7, 1),
        legal_basis="Nghị quyết số 1656/NQ-UBTVQH15",
    )


@dataclass
class SmallCity:
    """Shaped like Nam Từ Liêm: a district ends, one ward is split, one merged, a code reused."""

    old_city: AdministrativeUnit
    district: AdministrativeUnit
    split_ward: AdministrativeUnit  # 99637 until 30/6/2025, in two parts afterwards
    merged_ward: AdministrativeUnit  # 99592, whole into the new ward with the same code
    city: AdministrativeUnit
    reused_code_ward: AdministrativeUnit  # 99637 since 1/7/2025, another unit
    other_part_ward: AdministrativeUnit
    merged_into_ward: AdministrativeUnit


@pytest.fixture
def small_city(db):
    old_city = unit("901", UnitLevel.PROVINCE, "Thành phố Thử Nghiệm", **OLD)
    district = unit("9019", UnitLevel.DISTRICT, "Quận Nam Thử", old_city, **OLD)
    split_ward = unit("99637", UnitLevel.COMMUNE, "Phường Trung Thử", district, **OLD)
    merged_ward = unit("99592", UnitLevel.COMMUNE, "Phường Cầu Thử", district, **OLD)
    city = unit("901", UnitLevel.PROVINCE, "Thành phố Thử Nghiệm", **NEW)
    reused = unit("99637", UnitLevel.COMMUNE, "Phường Đại Thử", city, **NEW)
    other_part = unit("99367", UnitLevel.COMMUNE, "Phường Xuân Thử", city, **NEW)
    merged_into = unit("99592", UnitLevel.COMMUNE, "Phường Từ Thử", city, **NEW)
    succession(old_city, city, "whole")
    succession(split_ward, reused, "part")
    succession(split_ward, other_part, "part")
    succession(merged_ward, merged_into, "whole")
    for new in (reused, other_part, merged_into):
        succession(district, new, "part")
    return SmallCity(
        old_city, district, split_ward, merged_ward, city, reused, other_part, merged_into
    )
