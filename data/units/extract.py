"""Re-create the shipped unit data files from the two source wheels (run once, by hand).

    .venv/bin/pip download --no-deps -d /tmp/vp06 vietnam-provinces==0.6.0
    .venv/bin/pip download --no-deps -d /tmp/vau vietnamadminunits==1.0.4
    .venv/bin/python data/units/extract.py /tmp/vp06/*.whl /tmp/vau/*.whl

Writes, next to this script:
- units_before_2025-07-01.csv: the 63 provinces, their districts and communes (vietnam-provinces
  0.6.0, data of 2025-01-04), read straight from the wheel: the wheel is never installed.
- successions_2025-07-01.csv: old unit → new unit, whole or part, from the old→new mapping
  DATA of vietnamadminunits (its code, which calls an online geocoder, is never run or copied).
  New units are identified by name within their province against the installed
  vietnam-provinces 2025 package (the two disagree on about 160 new codes; the installed
  package is the reference motcua loads).
"""

import csv
import json
import sqlite3
import sys
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from vietnam_provinces import Province, Ward

from motcua.units.addresses import split_type, tokens


def fold(name: str) -> str:
    """Names compared without diacritics, hyphens or leading zeros: sources spell them apart."""
    return " ".join(tokens(name))


HERE = Path(__file__).resolve().parent
UNITS_CSV = HERE / "units_before_2025-07-01.csv"
SUCCESSIONS_CSV = HERE / "successions_2025-07-01.csv"


def read_legacy_units(wheel: Path) -> list[tuple[int, str, str, str, str]]:
    """(level, code, parent code, type, name) of every unit in the 0.6.0 wheel."""
    with zipfile.ZipFile(wheel) as archive:
        provinces = json.loads(archive.read("vietnam_provinces/data/nested-divisions.json"))
    rows = []
    for province in provinces:
        province_code = f"{province['code']:02d}"
        rows.append((1, province_code, "", *split_type(province["name"])))
        for district in province["districts"]:
            district_code = f"{district['code']:03d}"
            rows.append((2, district_code, province_code, *split_type(district["name"])))
            for ward in district["wards"]:
                rows.append((3, f"{ward['code']:05d}", district_code, *split_type(ward["name"])))
    untyped = [row for row in rows if not row[3]]
    if untyped:
        raise SystemExit(f"names without a unit type: {untyped[:5]}")
    return rows


def new_codes() -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """Folded province name → code, and (province code, folded ward name) → ward code."""
    provinces = {fold(split_type(p.name)[1]): f"{p.code.value:02d}" for p in Province.iter_all()}
    wards = {
        (f"{w.province_code.value:02d}", fold(w.name)): f"{w.code.value:05d}"
        for w in Ward.iter_all()
    }
    return provinces, wards


def read_successions(
    wheel: Path, legacy: list[tuple[int, str, str, str, str]]
) -> list[tuple[int, str, int, str, str]]:
    """(old level, old code, new level, new code, whole|part) for provinces, districts, communes."""
    with zipfile.ZipFile(wheel) as archive, tempfile.TemporaryDirectory() as tmp:
        mapping = json.loads(archive.read("vietnamadminunits/data/converter_2025.json"))
        archive.extract("vietnamadminunits/data/dataset.db", tmp)
        db = sqlite3.connect(Path(tmp) / "vietnamadminunits/data/dataset.db")
        old_rows = db.execute(
            "select provinceKey, districtKey, wardKey, provinceCode, districtCode, wardCode, ward"
            " from admin_units_legacy"
        ).fetchall()
        new_rows = db.execute("select provinceKey, wardKey, province, ward from admin_units")
        new_names = {(pk, wk): (province, ward) for pk, wk, province, ward in new_rows}
        db.close()

    province_codes, ward_codes = new_codes()
    legacy_names = {(level, code): fold(f"{kind} {name}") for level, code, _, kind, name in legacy}
    legacy_spelling = {code: f"{kind} {name}" for level, code, _, kind, name in legacy}
    legacy_parent = {code: parent for level, code, parent, _, _ in legacy if level == 3}

    old_province: dict[str, str] = {}
    old_district: dict[str, str] = {}
    old_ward: dict[str, str] = {}
    problems: list[str] = []
    for pk, dk, wk, p_code, d_code, w_code, w_name in old_rows:
        old_province[pk] = p_code
        old_district[f"{pk}_{dk}_"] = d_code
        if w_code is None:
            continue
        if legacy_parent.get(w_code) != d_code:
            problems.append(f"old ward {w_code} {w_name} is not in vietnam-provinces 0.6.0")
            continue
        if legacy_names[(3, w_code)] != fold(w_name):
            spelling = legacy_spelling[w_code]
            print(f"{w_code}: {w_name} is spelt {spelling} in 0.6.0", file=sys.stderr)
        old_ward[f"{pk}_{dk}_{wk}"] = w_code

    def new_ward_code(province_key: str, ward_key: str) -> str | None:
        province, ward = new_names.get((province_key, ward_key), ("", ""))
        return ward_codes.get((province_codes.get(fold(split_type(province)[1]), ""), fold(ward)))

    def old_code(old_key: str) -> tuple[int, str] | None:
        if old_key in old_ward:
            return 3, old_ward[old_key]
        if old_key.endswith("_") and old_key in old_district:  # island district, no communes
            return 2, old_district[old_key]
        return None

    # Commune edges: "no divided" means the whole old unit went into one new unit.
    edges: dict[tuple[int, str], dict[str, str]] = defaultdict(dict)
    for province_key, new_wards in mapping["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward_key, old_keys in new_wards.items():
            new = new_ward_code(province_key, ward_key)
            for old_key in old_keys:
                old = old_code(old_key)
                if new is None or old is None:
                    problems.append(f"unmatched {old_key} → {province_key}/{ward_key}")
                    continue
                edges[old][new] = "whole"
    for province_key, divided in mapping["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, parts in divided.items():
            old = old_code(old_key)
            for part in parts:
                new = new_ward_code(province_key, part["newWardKey"])
                if new is None or old is None:
                    problems.append(f"unmatched {old_key} → {province_key}/{part['newWardKey']}")
                    continue
                edges[old][new] = "part"

    # District edges follow from their communes: whole only if all of it went to one unit.
    district_edges: dict[str, dict[str, str]] = defaultdict(dict)
    for (level, code), successors in edges.items():
        if level == 3:
            for new, kind in successors.items():
                merged = district_edges[legacy_parent[code]]
                merged[new] = "part" if merged.get(new, kind) == "part" else kind
    for district, successors in district_edges.items():
        if len(successors) > 1:
            successors.update(dict.fromkeys(successors, "part"))
        edges[(2, district)] = successors

    province_names = {pk: province for (pk, _), (province, _) in new_names.items()}
    rows: list[tuple[int, str, int, str, str]] = []
    for new_province_key, old_keys in mapping["DICT_PROVINCE"].items():
        new = province_codes[fold(split_type(province_names[new_province_key])[1])]
        rows.extend((1, old_province[old_key], 1, new, "whole") for old_key in old_keys)
    for (level, code), successors in edges.items():
        rows.extend((level, code, 3, new, kind) for new, kind in sorted(successors.items()))
    for problem in problems:
        print(problem, file=sys.stderr)
    return sorted(rows)


def write(path: Path, header: list[str], rows: Sequence[tuple[object, ...]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    print(f"{path.name}: {len(rows)} rows")


def main(vp06_wheel: str, vau_wheel: str) -> None:
    legacy = read_legacy_units(Path(vp06_wheel))
    write(UNITS_CSV, ["level", "code", "parent_code", "unit_type", "name"], list(legacy))
    successions = read_successions(Path(vau_wheel), legacy)
    write(SUCCESSIONS_CSV, ["old_level", "old_code", "new_level", "new_code", "kind"], successions)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    main(sys.argv[1], sys.argv[2])
