"""Address parsing without a database: folding, abbreviations, right-to-left matching."""

from datetime import date

import pytest

from motcua.units.addresses import Place, PlaceIndex, fold, split_type, tokens

BEFORE = date(2024, 5, 1)
AFTER = date(2025, 7, 1)
OLD = {"valid_to": date(2025, 6, 30)}
NEW = {"valid_from": AFTER}

PLACES = [
    Place(1, 1, "Thành phố Hà Nội", (), **OLD),
    Place(2, 2, "Quận Nam Từ Liêm", (1,), **OLD),
    Place(3, 3, "Phường Trung Văn", (2, 1), **OLD),
    Place(4, 3, "Phường Cầu Diễn", (2, 1), **OLD),
    Place(5, 2, "Quận Thanh Xuân", (1,), **OLD),
    Place(6, 2, "Huyện Sóc Sơn", (1,), **OLD),
    Place(7, 3, "Xã Thanh Xuân", (6, 1), **OLD),
    Place(10, 1, "Thành phố Hồ Chí Minh", (), **OLD),
    Place(11, 2, "Quận 10", (10,), **OLD),
    Place(12, 3, "Phường 4", (11, 10), **OLD),
    Place(13, 2, "Quận 3", (10,), **OLD),
    Place(14, 3, "Phường 4", (13, 10), **OLD),
    Place(15, 2, "Thị xã Sơn Tây", (1,), **OLD),
    Place(20, 1, "Thành phố Hà Nội", (), **NEW),
    Place(21, 3, "Phường Đại Mỗ", (20,), **NEW),
    Place(22, 3, "Phường Từ Liêm", (20,), **NEW),
]
INDEX = PlaceIndex(PLACES)


def names(text: str, on_date: date = BEFORE) -> list[str]:
    return [place.name for place in INDEX.parse(text, on_date).places]


def test_folding_removes_diacritics_and_keeps_one_space():
    assert fold("  Phường  ĐẠI Mỗ ") == "phuong dai mo"
    assert fold("Thị xã Sơn Tây") == "thi xa son tay"


def test_unit_type_is_split_from_the_name():
    assert split_type("Thành phố Hà Nội") == ("Thành phố", "Hà Nội")
    assert split_type("Thị trấn Yên Lạc") == ("Thị trấn", "Yên Lạc")
    assert split_type("Xuân Phương") == ("", "Xuân Phương")


def test_abbreviations_and_numbers_are_expanded():
    assert tokens("P.3, Q.10, TP.HCM") == tokens("Phường 03, Quận 10, Thành phố Hồ Chí Minh")
    assert tokens("P3 Q10") == ["phuong", "3", "quan", "10"]
    assert tokens("TX Sơn Tây, HN") == ["thi", "xa", "son", "tay", ",", "ha", "noi"]


@pytest.mark.parametrize(
    "text",
    [
        "Phường Trung Văn, Quận Nam Từ Liêm, Hà Nội",
        "phuong trung van, quan nam tu liem, ha noi",
        "P. Trung Văn, Q. Nam Từ Liêm, TP. Hà Nội",
        "Trung Văn, Nam Từ Liêm, HN",
        "Trung Van Nam Tu Liem Ha Noi",
        "Trung Văn, Hà Nội, Việt Nam",
    ],
)
def test_written_forms_of_one_ward_all_find_it(text):
    assert names(text) == ["Phường Trung Văn"]


def test_numbered_wards_need_their_district():
    assert names("P.4, Q.10, TP.HCM") == ["Phường 4"]
    assert INDEX.parse("Phường 04, Quận 10, Tp HCM", BEFORE).places[0].key == 12
    assert INDEX.parse("P4 Q3 HCM", BEFORE).places[0].key == 14


def test_house_number_and_street_are_left_over():
    parse = INDEX.parse("Số 5, ngõ 12, Phường Cầu Diễn, Nam Từ Liêm, Hà Nội", BEFORE)
    assert [p.name for p in parse.places] == ["Phường Cầu Diễn"]
    assert parse.leftover == "so 5 ngo 12"


def test_a_bare_number_is_not_a_ward():
    assert names("4, Quận 10, Hồ Chí Minh") == ["Quận 10"]


def test_the_date_decides_which_units_exist():
    assert names("Phường Đại Mỗ, Hà Nội", AFTER) == ["Phường Đại Mỗ"]
    # Abolished by then: not found, rather than silently answered with the province.
    assert names("Phường Trung Văn, Hà Nội", AFTER) == []


def test_same_name_at_two_levels_is_ambiguous():
    assert sorted(names("Thanh Xuân, Hà Nội")) == ["Quận Thanh Xuân", "Xã Thanh Xuân"]
    assert names("X. Thanh Xuân, H. Sóc Sơn, Hà Nội") == ["Xã Thanh Xuân"]


def test_town_abbreviation_finds_the_district_level_town():
    assert names("TX Sơn Tây, HN") == ["Thị xã Sơn Tây"]


def test_unknown_place_matches_nothing():
    parse = INDEX.parse("221B Baker Street, London", BEFORE)
    assert parse.places == []
    assert parse.leftover == "221b baker street london"


@pytest.mark.parametrize(
    "text", ["Xã Không Có, Hà Nội", "Q. Khong Co, HN", "phuong khong co , ha noi ,"]
)
def test_unknown_unit_inside_a_known_province_is_not_the_province(text):
    assert names(text) == []


def test_street_named_like_a_unit_type_still_finds_the_ward():
    assert names("Số 5 đường Phương Mai, P. Trung Văn, Q. Nam Từ Liêm, HN") == ["Phường Trung Văn"]


def earlier_names(text: str, on_date: date = AFTER) -> list[str] | None:
    earlier = INDEX.parse_earlier(text, on_date, than=INDEX.parse(text, on_date))
    return None if earlier is None else [place.name for place in earlier.places]


def test_an_old_address_after_the_reform_is_read_on_the_last_day_of_its_units():
    assert earlier_names("P. Trung Văn, Q. Nam Từ Liêm, HN") == ["Phường Trung Văn"]
    # Today only the city is read in it, the old names left over: the old reading says more.
    assert earlier_names("Trung Văn, Nam Từ Liêm, Hà Nội") == ["Phường Trung Văn"]


def test_an_address_of_today_is_not_read_as_an_old_one():
    assert earlier_names("Số 5 Trung Văn, Phường Đại Mỗ, Hà Nội") is None
    assert earlier_names("Phường Trung Văn, Hà Nội", BEFORE) is None  # no earlier day
    assert earlier_names("Phường Không Có, Hà Nội") is None
