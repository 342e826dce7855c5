"""Administrative units before and after 1/7/2025 and their successions, upserted idempotently.

Sources (see data/units/README.md): units since 1/7/2025 from the installed `vietnam-provinces`
package; units until 30/6/2025 and the old → new mapping from CSV files shipped in data/units/.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction
from rich.console import Console
from rich.progress import Progress
from vietnam_provinces import Province, Ward

from motcua.core.formatting import number
from motcua.core.input import csv_rows
from motcua.core.text import fold
from motcua.units.addresses import split_type
from motcua.units.models import AdministrativeUnit, SuccessionKind, UnitLevel, UnitSuccession

DATA_DIR = Path(settings.BASE_DIR) / "data" / "units"
REFORM_DATE = date(2025, 7, 1)
LAST_OLD_DAY = date(2025, 6, 30)

UPDATED_FIELDS = ["name", "unit_type", "parent_id", "valid_to", "search_name"]
# (level, code, valid_from): how a version of a unit is known before it has a primary key.
VersionKey = tuple[int, str, date | None]


@dataclass(frozen=True)
class UnitRow:
    key: VersionKey
    parent: VersionKey | None
    unit_type: str
    name: str
    valid_to: date | None


def _csv_rows(name: str) -> Iterator[dict[str, str]]:
    yield from csv_rows(DATA_DIR / name)


def _old_units() -> Iterator[UnitRow]:
    # Their start dates are unknown (valid_from NULL); they all ended with the 2025 reform.
    for row in _csv_rows("units_before_2025-07-01.csv"):
        level = int(row["level"])
        yield UnitRow(
            key=(level, row["code"], None),
            parent=(level - 1, row["parent_code"], None) if row["parent_code"] else None,
            unit_type=row["unit_type"],
            name=f"{row['unit_type']} {row['name']}",
            valid_to=LAST_OLD_DAY,
        )


def _new_units() -> Iterator[UnitRow]:
    for province in Province.iter_all():
        # The package writes "Cao Bằng" but "Thành phố Hà Nội": give every name its type.
        unit_type, short = split_type(province.name)
        unit_type = unit_type or province.division_type.value.capitalize()
        yield UnitRow(
            key=(UnitLevel.PROVINCE, f"{province.code.value:02d}", REFORM_DATE),
            parent=None,
            unit_type=unit_type,
            name=f"{unit_type} {short}",
            valid_to=None,
        )
    for ward in Ward.iter_all():
        yield UnitRow(
            key=(UnitLevel.COMMUNE, f"{ward.code.value:05d}", REFORM_DATE),
            parent=(UnitLevel.PROVINCE, f"{ward.province_code.value:02d}", REFORM_DATE),
            unit_type=split_type(ward.name)[0],
            name=ward.name,
            valid_to=None,
        )


def _existing_units() -> dict[VersionKey, AdministrativeUnit]:
    units = AdministrativeUnit.objects.only("code", "level", "valid_from", *UPDATED_FIELDS)
    return {(unit.level, unit.code, unit.valid_from): unit for unit in units}


def _upsert_units(rows: list[UnitRow], progress: Progress) -> tuple[int, int]:
    """Create or update level by level, so that every parent has its id before its children."""
    created = updated = 0
    task = progress.add_task("Đơn vị hành chính", total=len(rows))
    for level in UnitLevel.values:
        existing = _existing_units()
        to_create, to_update = [], []
        for row in rows:
            if row.key[0] != level:
                continue
            parent_id = existing[row.parent].pk if row.parent else None
            values = {
                "name": row.name,
                "unit_type": row.unit_type,
                "parent_id": parent_id,
                "valid_to": row.valid_to,
                "search_name": fold(row.name),
            }
            unit = existing.get(row.key)
            if unit is None:
                code_level = {"level": level, "code": row.key[1], "valid_from": row.key[2]}
                to_create.append(AdministrativeUnit(**code_level, **values))
            elif any(getattr(unit, field) != value for field, value in values.items()):
                for field, value in values.items():
                    setattr(unit, field, value)
                to_update.append(unit)
            progress.advance(task)
        AdministrativeUnit.objects.bulk_create(to_create, batch_size=1000)
        AdministrativeUnit.objects.bulk_update(to_update, UPDATED_FIELDS, batch_size=1000)
        created, updated = created + len(to_create), updated + len(to_update)
    return created, updated


def _legal_bases() -> dict[tuple[int, str], str]:
    """(old level, new province code or '*') → legal basis, as written in the data file."""
    return {
        (int(row["old_level"]), row["new_province_code"]): row["legal_basis"]
        for row in _csv_rows("legal_basis_2025-07-01.csv")
    }


def _upsert_successions(province_of: dict[str, str], progress: Progress) -> tuple[int, int]:
    """`province_of` maps each new commune code to its province code (for the legal basis)."""
    units = _existing_units()
    bases = _legal_bases()
    existing = {
        (s.predecessor_id, s.successor_id, s.effective_date): s
        for s in UnitSuccession.objects.all()
    }
    rows = list(_csv_rows("successions_2025-07-01.csv"))
    task = progress.add_task("Kế thừa đơn vị", total=len(rows))
    to_create, to_update = [], []
    for row in rows:
        old_level, new_level = int(row["old_level"]), int(row["new_level"])
        predecessor = units[(old_level, row["old_code"], None)]
        successor = units[(new_level, row["new_code"], REFORM_DATE)]
        new_code = row["new_code"]
        province = new_code if new_level == UnitLevel.PROVINCE else province_of[new_code]
        basis = bases.get((old_level, province)) or bases[(old_level, "*")]
        kind = SuccessionKind(row["kind"])
        succession = existing.get((predecessor.pk, successor.pk, REFORM_DATE))
        if succession is None:
            to_create.append(
                UnitSuccession(
                    predecessor=predecessor,
                    successor=successor,
                    kind=kind,
                    effective_date=REFORM_DATE,
                    legal_basis=basis,
                )
            )
        elif (succession.kind, succession.legal_basis) != (kind, basis):
            succession.kind, succession.legal_basis = kind, basis
            to_update.append(succession)
        progress.advance(task)
    UnitSuccession.objects.bulk_create(to_create, batch_size=1000)
    UnitSuccession.objects.bulk_update(to_update, ["kind", "legal_basis"], batch_size=1000)
    return len(to_create), len(to_update)


@transaction.atomic
def load() -> str:
    """Upsert every unit and succession; nothing is deleted (agencies may point at units)."""
    new_rows = list(_new_units())
    rows = [*_old_units(), *new_rows]
    province_of = {row.key[1]: row.parent[1] for row in new_rows if row.parent}
    console = Console(stderr=True)
    with Progress(console=console, transient=True, disable=not console.is_terminal) as progress:
        units_created, units_updated = _upsert_units(rows, progress)
        successions_created, successions_updated = _upsert_successions(province_of, progress)
    return (
        f"{number(len(rows))} đơn vị hành chính (thêm {number(units_created)}, cập nhật "
        f"{number(units_updated)}); {number(UnitSuccession.objects.count())} quan hệ kế thừa "
        f"(thêm {number(successions_created)}, cập nhật {number(successions_updated)})"
    )
