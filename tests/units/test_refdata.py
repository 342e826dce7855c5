"""The shipped reference data, loaded once per session: counts, reused codes, Nam Từ Liêm."""

from datetime import date

from motcua.units import refdata
from motcua.units.models import AdministrativeUnit, UnitLevel
from motcua.units.selectors import address_resolve, current_successors, unit_on, valid_on

BEFORE = date(2024, 5, 1)
AFTER = date(2025, 7, 1)


def count(level: int, on_date: date) -> int:
    return AdministrativeUnit.objects.filter(valid_on(on_date), level=level).count()


def test_the_country_has_63_provinces_before_and_34_after(units_refdata):
    assert (count(UnitLevel.PROVINCE, BEFORE), count(UnitLevel.PROVINCE, AFTER)) == (63, 34)
    assert count(UnitLevel.DISTRICT, BEFORE) == 696
    assert (count(UnitLevel.DISTRICT, AFTER), count(UnitLevel.COMMUNE, AFTER)) == (0, 3321)


def test_hanoi_has_126_communes_and_wards_after_the_reform(units_refdata):
    hanoi = unit_on(code="01", on_date=AFTER)
    assert hanoi.children.filter(valid_on(AFTER)).count() == 126


def test_code_00637_is_trung_van_then_dai_mo(units_refdata):
    assert unit_on(code="00637", on_date=BEFORE).full_name == (
        "Phường Trung Văn, Quận Nam Từ Liêm, Thành phố Hà Nội"
    )
    assert unit_on(code="00637", on_date=AFTER).full_name == "Phường Đại Mỗ, Thành phố Hà Nội"


def test_nam_tu_liem_goes_to_its_four_wards_with_edges_to_the_neighbours(units_refdata):
    district = unit_on(code="019", on_date=BEFORE, level=UnitLevel.DISTRICT)
    successors = {s.unit.code: s.kind for s in current_successors(unit=district)}
    assert {"00592", "00622", "00634", "00637"} <= set(successors)  # Từ Liêm … Đại Mỗ
    assert {"00167", "00175", "00367"} <= set(successors)  # Cầu Giấy, Yên Hòa, Thanh Xuân
    assert set(successors.values()) == {"part"}
    edge = district.successions.get(successor__code="00637")
    assert "1656/NQ-UBTVQH15" in edge.legal_basis


def test_search_names_are_folded(units_refdata):
    assert unit_on(code="00637", on_date=AFTER).search_name == "phuong dai mo"


def test_loading_again_changes_nothing(units_refdata):
    before = AdministrativeUnit.objects.count()
    summary = refdata.load()
    assert "thêm 0, cập nhật 0" in summary
    assert AdministrativeUnit.objects.count() == before


def test_old_hcm_address_with_abbreviations_resolves_on_the_full_data(units_refdata):
    resolution = address_resolve(text="P.4, Q.10, TP.HCM", on_date=BEFORE)
    [match] = resolution.matches
    assert match.unit.full_name == "Phường 4, Quận 10, Thành phố Hồ Chí Minh"
    assert match.successors[0].unit.name == "Phường Vườn Lài"


def test_address_without_diacritics_resolves_on_the_full_data(units_refdata):
    resolution = address_resolve(text="phuong trung van, nam tu liem, ha noi", on_date=BEFORE)
    assert resolution.is_ambiguous
    assert {s.unit.name for s in resolution.matches[0].successors} == {
        "Phường Đại Mỗ",
        "Phường Thanh Xuân",
    }
