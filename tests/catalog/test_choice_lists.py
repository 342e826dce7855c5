"""Ethnicity and nationality fields: their shipped lists, the usual answer preselected,
a posted value checked against the list, an answer shown by its name (pure)."""

from datetime import date

import pytest

from motcua.catalog.choice_lists import ethnicities, nationalities
from motcua.catalog.eform_answers import eform_answers
from motcua.catalog.eform_specs import EformSpecError, eform_field_dicts, parse_eform_fields
from motcua.portal.eforms import check_values, prefill_values

TODAY = date(2026, 11, 26)
FIELDS = parse_eform_fields(
    [
        {"key": "ethnicity", "type": "ethnicity", "label": "Dân tộc", "required": True},
        {"key": "nationality", "type": "nationality", "label": "Quốc tịch", "required": True},
        {"key": "father_ethnicity", "type": "ethnicity", "label": "Dân tộc của cha"},
    ]
)


def test_the_54_ethnic_groups_start_with_kinh() -> None:
    groups = ethnicities()
    assert len(groups) == 54 == len({code for code, _name in groups})
    assert groups[0] == ("01", "Kinh") and groups[-1] == ("54", "Ơ-đu")
    assert [code for code, _name in groups] == [f"{n:02d}" for n in range(1, 55)]


def test_nationalities_are_country_names_in_vietnamese_viet_nam_first() -> None:
    names = dict(nationalities())
    assert nationalities()[0] == ("VN", "Việt Nam")
    assert names["CN"] == "Trung Quốc" and names["KR"] == "Hàn Quốc" and names["US"] == "Hoa Kỳ"
    assert names["XXA"] == "Không quốc tịch"
    # Groupings and places without people of their own are no nationality.
    assert not {"EU", "UN", "ZZ", "001", "AQ", "XA"} & set(names)
    assert len(names) > 190


def test_a_list_field_takes_its_choices_from_the_list_and_stores_none() -> None:
    assert FIELDS[0].choices == ethnicities() and FIELDS[1].choices == nationalities()
    stored = eform_field_dicts(FIELDS)
    assert [field["choices"] for field in stored] == [[], [], []]
    assert parse_eform_fields(stored) == FIELDS


def test_a_list_field_with_its_own_choices_is_refused() -> None:
    with pytest.raises(EformSpecError, match="có sẵn danh mục"):
        parse_eform_fields(
            [{"key": "dt", "type": "ethnicity", "label": "Dân tộc", "choices": ["A"]}]
        )


def test_kinh_and_viet_nam_are_preselected_where_an_answer_is_required() -> None:
    assert prefill_values(FIELDS, {}) == {"ethnicity": "01", "nationality": "VN"}


def test_a_posted_value_must_be_one_of_the_list() -> None:
    good = check_values(FIELDS, {"ethnicity": "05", "nationality": "JP"}, today=TODAY)
    assert good.errors == {}
    assert good.values == {"ethnicity": "05", "nationality": "JP", "father_ethnicity": ""}
    bad = check_values(
        FIELDS, {"ethnicity": "Kinh", "nationality": "XX", "father_ethnicity": "99"}, today=TODAY
    )
    assert set(bad.errors) == {"ethnicity", "nationality", "father_ethnicity"}
    assert bad.errors["ethnicity"].template == "Lựa chọn không hợp lệ."
    empty = check_values(FIELDS, {}, today=TODAY)
    assert empty.errors["nationality"].template % empty.errors["nationality"].params == (
        "Cần chọn quốc tịch."
    )


def test_an_answer_is_shown_by_its_name() -> None:
    answers = eform_answers(FIELDS, {"ethnicity": "05", "nationality": "VN"})
    assert [(a.label, a.text) for a in answers] == [
        ("Dân tộc", "Khơ-me"),
        ("Quốc tịch", "Việt Nam"),
    ]
    # An answer typed before the lists existed is shown as it was typed.
    assert eform_answers(FIELDS, {"ethnicity": "Kinh"})[0].text == "Kinh"
