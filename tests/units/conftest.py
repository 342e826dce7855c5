"""Units fixtures: the full reference data once per session, and a small Nam Từ Liêm by hand."""

from dataclasses import dataclass
from datetime import date

import pytest

from motcua.units import refdata
from motcua.units.addresses import fold, split_type
from motcua.units.models import AdministrativeUnit, SuccessionKind, UnitLevel, UnitSuccession
from tests.factories import WardFactory

OLD = {"valid_from": None, "valid_to": date(2025, 6, 30)}
NEW = {"valid_from": date(2025, 7, 1), "valid_to": None}


@pytest.fixture(scope="session")
def _units_loaded_once(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        refdata.load()


@pytest.fixture
def units_refdata(_units_loaded_once, db):  # type: ignore[no-untyped-def]
    """Every unit and succession of the shipped data (loaded once; reloaded if a
    transactional test has emptied the tables since)."""
    if not AdministrativeUnit.objects.filter(code="00637").exists():
        refdata.load()


def unit(code: str, level: int, name: str, parent=None, **validity):  # type: ignore[no-untyped-def]
    return WardFactory(
        code=code,
        level=level,
        name=name,
        unit_type=split_type(name)[0],
        parent=parent,
        search_name=fold(name),
        **validity,
    )


def succession(old, new, kind: str) -> UnitSuccession:  # type: ignore[no-untyped-def]
    return UnitSuccession.objects.create(
        predecessor=old,
        successor=new,
        kind=SuccessionKind(kind),
        effective_date=date(2025, 7, 1),
        legal_basis="Nghị quyết số 1656/NQ-UBTVQH15",
    )


@dataclass
class NamTuLiem:
    district: AdministrativeUnit
    trung_van: AdministrativeUnit
    cau_dien: AdministrativeUnit
    dai_mo: AdministrativeUnit
    thanh_xuan: AdministrativeUnit
    tu_liem: AdministrativeUnit


@pytest.fixture
def nam_tu_liem(db):  # type: ignore[no-untyped-def]
    """A few real units of Nam Từ Liêm before and after 1/7/2025, enough for most tests."""
    old_hanoi = unit("01", UnitLevel.PROVINCE, "Thành phố Hà Nội", **OLD)
    district = unit("019", UnitLevel.DISTRICT, "Quận Nam Từ Liêm", old_hanoi, **OLD)
    trung_van = unit("00637", UnitLevel.COMMUNE, "Phường Trung Văn", district, **OLD)
    cau_dien = unit("00592", UnitLevel.COMMUNE, "Phường Cầu Diễn", district, **OLD)
    hanoi = unit("01", UnitLevel.PROVINCE, "Thành phố Hà Nội", **NEW)
    dai_mo = unit("00637", UnitLevel.COMMUNE, "Phường Đại Mỗ", hanoi, **NEW)
    thanh_xuan = unit("00367", UnitLevel.COMMUNE, "Phường Thanh Xuân", hanoi, **NEW)
    tu_liem = unit("00592", UnitLevel.COMMUNE, "Phường Từ Liêm", hanoi, **NEW)
    succession(old_hanoi, hanoi, "whole")
    succession(trung_van, dai_mo, "part")
    succession(trung_van, thanh_xuan, "part")
    succession(cau_dien, tu_liem, "whole")
    for new in (dai_mo, thanh_xuan, tu_liem):
        succession(district, new, "part")
    return NamTuLiem(district, trung_van, cau_dien, dai_mo, thanh_xuan, tu_liem)
