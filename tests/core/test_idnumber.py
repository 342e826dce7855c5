"""Personal ID number rules: pure functions, no database."""

from datetime import date

import pytest
from django import forms
from django.core.exceptions import ValidationError

from motcua.accounts.fields import PersonalIdField, validate_personal_id
from motcua.core.idnumber import (
    PROVINCES,
    IdKind,
    InvalidPersonalId,
    Sex,
    check_consistency,
    describe,
    parse_personal_id,
)

TODAY = date(2026, 1, 15)


def test_valid_number_decodes_province_sex_and_birth_year():
    pid = parse_personal_id("001203012345", today=TODAY)
    assert pid.kind is IdKind.PERSONAL_ID
    assert pid.province_code == "001"
    assert pid.province_name == "Thành phố Hà Nội"
    assert pid.sex is Sex.MALE
    assert pid.birth_year == 2003


def test_number_printed_in_groups_is_accepted():
    assert parse_personal_id(" 079 187 001 234 ", today=TODAY).number == "079187001234"


@pytest.mark.parametrize(
    ("digit", "sex", "century_start"),
    [
        ("0", Sex.MALE, 1900),
        ("1", Sex.FEMALE, 1900),
        ("2", Sex.MALE, 2000),
        ("3", Sex.FEMALE, 2000),
        ("4", Sex.MALE, 2100),
        ("5", Sex.FEMALE, 2100),
        ("6", Sex.MALE, 2200),
        ("7", Sex.FEMALE, 2200),
        ("8", Sex.MALE, 2300),
        ("9", Sex.FEMALE, 2300),
    ],
)
def test_fourth_digit_encodes_century_and_sex(digit, sex, century_start):
    # A far-future "today" so that every century is in the past.
    pid = parse_personal_id(f"079{digit}05123456", today=date(2400, 1, 1))
    assert pid.sex is sex
    assert pid.birth_year == century_start + 5


def test_birth_year_in_the_future_is_refused():
    with pytest.raises(InvalidPersonalId, match="chưa tới"):
        parse_personal_id("001227012345", today=TODAY)


def test_old_id_card_is_accepted_with_nothing_decoded():
    pid = parse_personal_id("012345678", today=TODAY)
    assert pid.kind is IdKind.OLD_ID_CARD
    assert (pid.province_code, pid.sex, pid.birth_year) == (None, None, None)
    assert "chứng minh nhân dân cũ" in describe(pid)[0]


@pytest.mark.parametrize("text", ["00120301234", "0012030123456", "12345"])
def test_wrong_length_is_refused_with_the_length_typed(text):
    with pytest.raises(InvalidPersonalId) as error:
        parse_personal_id(text, today=TODAY)
    assert f"có {len(text)} chữ số" in str(error.value)


@pytest.mark.parametrize("text", ["00120301234A", "001-203-012-345", "００１２０３０１２３４５"])
def test_non_digits_are_refused(text):
    with pytest.raises(InvalidPersonalId, match="chỉ gồm chữ số"):
        parse_personal_id(text, today=TODAY)


def test_empty_input_is_refused():
    with pytest.raises(InvalidPersonalId, match="Chưa nhập"):
        parse_personal_id("   ", today=TODAY)


@pytest.mark.parametrize("code", ["000", "003", "099", "100"])
def test_unknown_province_is_refused(code):
    with pytest.raises(InvalidPersonalId, match=f"Mã tỉnh nơi đăng ký khai sinh {code}"):
        parse_personal_id(f"{code}203012345", today=TODAY)


def test_province_table_holds_the_63_pre_2025_provinces():
    assert len(PROVINCES) == 63
    assert PROVINCES["079"] == "Thành phố Hồ Chí Minh"
    assert all(len(code) == 3 and code.isdigit() for code in PROVINCES)


def test_inconsistent_birth_year_is_refused():
    pid = parse_personal_id("001303012345", today=TODAY)
    with pytest.raises(InvalidPersonalId, match=r"\(2003\).*năm 2004"):
        check_consistency(pid, birth_date=date(2004, 2, 1))


def test_inconsistent_sex_is_refused():
    pid = parse_personal_id("001303012345", today=TODAY)
    with pytest.raises(InvalidPersonalId, match=r"\(nữ\).*\(nam\)"):
        check_consistency(pid, sex=Sex.MALE)


def test_consistent_declaration_passes():
    pid = parse_personal_id("001303012345", today=TODAY)
    check_consistency(pid, birth_date=date(2003, 5, 17), sex=Sex.FEMALE)


def test_old_id_card_contradicts_no_declaration():
    pid = parse_personal_id("012345678", today=TODAY)
    check_consistency(pid, birth_date=date(1970, 1, 1), sex=Sex.FEMALE)


class _Form(forms.Form):
    personal_id = PersonalIdField()


def test_form_field_cleans_grouped_number():
    form = _Form(data={"personal_id": "001 203 012 345"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["personal_id"] == "001203012345"


def test_form_field_shows_vietnamese_reason():
    form = _Form(data={"personal_id": "099203012345"})
    assert not form.is_valid()
    assert "Mã tỉnh nơi đăng ký khai sinh 099" in form.errors["personal_id"][0]


def test_validator_raises_validation_error():
    with pytest.raises(ValidationError):
        validate_personal_id("12")
