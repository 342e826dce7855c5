"""Lookups by (code, date), successions followed through chains, addresses resolved on a date.

On the small made-up city (see conftest); the same rules on the real data are in test_refdata.
"""

from datetime import date

import pytest

from motcua.units.errors import PlaceNotFound, UnitNotFound
from motcua.units.models import SuccessionKind, UnitLevel
from motcua.units.selectors import address_resolve, current_successors, unit_on
from tests.units.conftest import NEW, OLD, succession, unit

BEFORE = date(2024, 5, 1)
AFTER = date(2025, 7, 1)


def test_a_reused_code_names_the_old_ward_before_and_the_new_one_after(small_city):
    assert unit_on(code="99637", on_date=BEFORE) == small_city.split_ward
    assert unit_on(code="99637", on_date=date(2025, 6, 30)) == small_city.split_ward
    assert unit_on(code="99637", on_date=AFTER) == small_city.reused_code_ward


def test_district_code_after_the_reform_is_a_clear_error(small_city):
    with pytest.raises(UnitNotFound, match=r"9019 vào ngày 01/07/2025"):
        unit_on(code="9019", on_date=AFTER)


def test_level_narrows_the_lookup(small_city):
    assert unit_on(code="901", on_date=BEFORE, level=UnitLevel.PROVINCE) == small_city.old_city
    with pytest.raises(UnitNotFound):
        unit_on(code="99637", on_date=BEFORE, level=UnitLevel.DISTRICT)


def test_split_ward_has_every_part_as_successor(small_city):
    successors = current_successors(unit=small_city.split_ward)
    assert [(s.unit, s.kind) for s in successors] == [
        (small_city.other_part_ward, SuccessionKind.PART),
        (small_city.reused_code_ward, SuccessionKind.PART),
    ]


def test_merged_ward_has_one_whole_successor(small_city):
    successors = current_successors(unit=small_city.merged_ward)
    assert [(s.unit, s.kind) for s in successors] == [(small_city.merged_into_ward, "whole")]


def test_current_unit_is_its_own_successor(small_city):
    ward = small_city.reused_code_ward
    assert [s.unit for s in current_successors(unit=ward)] == [ward]


def test_chains_are_followed_and_one_partial_step_makes_the_chain_partial(small_city):
    # A later reform (imagined) merges the reused-code ward whole into a new one.
    small_city.reused_code_ward.valid_to = date(2030, 12, 31)
    small_city.reused_code_ward.save()
    later = unit("99999", UnitLevel.COMMUNE, "Phường Hậu Thử", valid_from=date(2031, 1, 1))
    succession(small_city.reused_code_ward, later, "whole")
    successors = current_successors(unit=small_city.split_ward, on_date=date(2031, 6, 1))
    assert [(s.unit, s.kind) for s in successors] == [
        (small_city.other_part_ward, "part"),
        (later, "part"),
    ]


def test_resolving_a_split_ward_is_ambiguous_with_all_candidates(small_city):
    resolution = address_resolve(
        text="Phường Trung Thử, Quận Nam Thử, Thành phố Thử Nghiệm", on_date=BEFORE
    )
    assert resolution.is_ambiguous
    [match] = resolution.matches
    assert match.unit == small_city.split_ward
    assert {s.unit for s in match.successors} == {
        small_city.reused_code_ward,
        small_city.other_part_ward,
    }


def test_resolving_a_merged_ward_without_diacritics_is_not_ambiguous(small_city):
    resolution = address_resolve(text="12 Hồ Tùng Mậu, p cau thu, q nam thu", on_date=BEFORE)
    assert not resolution.is_ambiguous
    assert resolution.matches[0].successors[0].unit == small_city.merged_into_ward
    assert resolution.leftover == "12 ho tung mau"


def test_two_units_with_one_name_are_both_returned(small_city):
    other_district = unit("9016", UnitLevel.DISTRICT, "Huyện Bắc Thử", small_city.old_city, **OLD)
    namesake = unit("99433", UnitLevel.COMMUNE, "Xã Trung Thử", other_district, **OLD)
    resolution = address_resolve(text="Trung Thử, Thành phố Thử Nghiệm", on_date=BEFORE)
    assert resolution.is_ambiguous
    assert {m.unit for m in resolution.matches} == {small_city.split_ward, namesake}


def test_unknown_place_is_a_clear_error(small_city):
    with pytest.raises(PlaceNotFound, match="Không tìm thấy địa danh “Atlantis”"):
        address_resolve(text="Atlantis", on_date=BEFORE)


def test_units_added_after_the_index_was_built_are_found(small_city):
    address_resolve(text="Phường Đại Thử", on_date=AFTER)
    unit("99634", UnitLevel.COMMUNE, "Phường Tây Thử", small_city.city, **NEW)
    assert address_resolve(text="Tây Thử", on_date=AFTER).matches[0].unit.code == "99634"
