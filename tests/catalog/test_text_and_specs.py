"""Pure logic: folding, slugs, the seed parser and the budget arithmetic (no database)."""

from datetime import date
from decimal import Decimal

import pytest

from motcua.catalog.specs import SeedError, budget_gap, parse_catalog
from motcua.catalog.text import fold, search_terms, slug


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đăng ký khai sinh", "dang ky khai sinh"),
        ("ĐĂNG KÝ KẾT HÔN", "dang ky ket hon"),
        ("Thay đổi, cải chính hộ tịch", "thay doi cai chinh ho tich"),
        ("  nhiều   khoảng trắng ", "nhieu khoang trang"),
        ("Mã 1.001193", "ma 1.001193"),
    ],
)
def test_fold_removes_diacritics_case_and_punctuation(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_decomposed_input_folds_like_composed_input() -> None:
    # Some phone keyboards send combining marks (NFD) instead of precomposed letters.
    assert fold("Kê\u0301t ho\u0302n") == fold("Kết hôn") == "ket hon"


def test_search_terms_are_folded_words() -> None:
    assert search_terms("Khai SINH, đúng hạn") == ["khai", "sinh", "dung", "han"]
    assert search_terms("   ") == []


def test_slug_keeps_the_d_of_dj() -> None:
    assert slug("Đăng ký khai sinh (quá hạn)") == "dang-ky-khai-sinh-qua-han"


def test_budget_gap_is_zero_when_steps_add_up() -> None:
    assert budget_gap(Decimal(1), [Decimal("0.25"), Decimal("0.5"), Decimal("0.25")]) == 0
    assert budget_gap(Decimal(3), [Decimal(1), Decimal(1)]) == Decimal(-1)


def minimal_seed(**version: object) -> dict:
    v = {
        "valid_from": date(2025, 7, 1),
        "time_amount": 0.5,
        "time_unit": "working_days",
        "result": "Kết quả",
        "online": "full",
        "steps": [{"name": "Tiếp nhận", "role": "counter", "budget": 0.5}],
        "fees": [{"label": "Lệ phí", "amount": 8000, "basis": "copy", "unconfirmed": ["amount"]}],
    }
    v.update(version)
    return {
        "fields": [{"slug": "ho-tich", "name": "Hộ tịch"}],
        "procedures": [
            {
                "slug": "a",
                "name": "A",
                "field": "ho-tich",
                "level": "commune",
                "code": "1.000001",
                "unconfirmed": ["code"],
                "versions": [v],
            }
        ],
    }


def test_seed_parser_reads_flags_and_decimals_exactly() -> None:
    fields, procedures = parse_catalog(minimal_seed())
    assert fields[0].name == "Hộ tịch"
    seed = procedures[0]
    assert seed.code_unconfirmed is True and seed.agency_level == 3
    version = seed.versions[0].content
    assert version.time_amount == Decimal("0.5")  # not 0.5000000000000000277...
    assert version.fees[0].amount_unconfirmed is True
    assert version.time_unconfirmed is True  # no source: "chưa xác minh"


SOURCES = {
    "nd63": {
        "document": "Nghị định số 63/2024/NĐ-CP",
        "article": "Điều 7",
        "checked_at": "https://example.gov.vn/nd63",
        "checked_on": date(2026, 12, 6),
    }
}


def test_a_fact_with_a_source_is_confirmed_and_carries_it() -> None:
    seed = minimal_seed(sources={"time": "nd63", "fees": ["nd63"]}) | {"sources": SOURCES}
    version = parse_catalog(seed)[1][0].versions[0].content
    assert version.time_unconfirmed is False
    assert version.time_sources[0].article == "Điều 7"
    assert version.fees[0].amount_unconfirmed is False
    assert version.fees[0].sources[0].checked_on == date(2026, 12, 6)
    assert version.steps[0].sources == ()  # a step not named keeps no source


def test_a_fact_naming_an_unknown_source_names_the_procedure() -> None:
    seed = minimal_seed(sources={"time": "nd99"}) | {"sources": SOURCES}
    with pytest.raises(
        SeedError, match="procedure a, version 2025-07-01, time: unknown source nd99"
    ):
        parse_catalog(seed)


def test_a_source_without_the_day_it_was_checked_is_refused() -> None:
    seed = minimal_seed() | {"sources": {"x": {**SOURCES["nd63"], "checked_on": ""}}}
    with pytest.raises(SeedError, match="source x: checked_on"):
        parse_catalog(seed)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"time_unit": "weeks"}, "time_unit must be one of"),
        ({"valid_from": "1/7/2025"}, "valid_from must be a date"),
        ({"result": ""}, "result is required"),
        ({"fees": [{"label": "Lệ phí", "amount": 8.5, "basis": "copy"}]}, "whole number"),
    ],
)
def test_seed_parser_names_the_faulty_entry(change: dict, message: str) -> None:
    with pytest.raises(SeedError, match=message) as error:
        parse_catalog(minimal_seed(**change))
    assert "procedure a" in str(error.value)


def test_seed_parser_rejects_unknown_field() -> None:
    data = minimal_seed()
    data["procedures"][0]["field"] = "dat-dai"
    with pytest.raises(SeedError, match="unknown field 'dat-dai'"):
        parse_catalog(data)
