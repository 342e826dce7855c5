"""Checking what a citizen typed against the field specs (pure: no database)."""

from datetime import date

from motcua.catalog.eform_specs import parse_eform_fields
from motcua.portal.eforms import (
    check_values,
    missing_fields,
    prefill_values,
    prefilled_by,
    raw_values,
)

TODAY = date(2026, 11, 26)
FIELDS = parse_eform_fields(
    [
        {
            "key": "name",
            "type": "text",
            "label": "Họ và tên",
            "required": True,
            "max": 20,
            "prefill": "name",
        },
        {
            "key": "code",
            "type": "text",
            "label": "Mã",
            "pattern": "[A-Z]{2}\\d{2}",
            "help": "hai chữ hoa, hai số",
        },
        {
            "key": "born",
            "type": "date",
            "label": "Ngày sinh",
            "max": "today",
            "min": "1900-01-01",
            "prefill": "birth_date",
        },
        {"key": "year", "type": "number", "label": "Năm sinh", "min": 1900, "max": 2100},
        {
            "key": "sex",
            "type": "select",
            "label": "Giới tính",
            "choices": ["Nam", "Nữ"],
            "required": True,
        },
        {"key": "ok", "type": "checkbox", "label": "Tôi cam đoan", "required": True},
        {"key": "id", "type": "personal_id", "label": "Số định danh"},
        {"key": "phone", "type": "phone", "label": "Điện thoại", "prefill": "phone"},
        {"key": "email", "type": "email", "label": "Thư điện tử"},
        {"key": "note", "type": "textarea", "label": "Ghi chú"},
    ]
)
GOOD = {"name": "Trần  Minh", "sex": "Nữ", "ok": "1"}


def _errors(**values: str) -> dict[str, str]:
    checked = check_values(FIELDS, {**GOOD, **values}, today=TODAY)
    return {key: error.template % error.params for key, error in checked.errors.items()}


def test_a_complete_form_passes_and_is_normalised() -> None:
    checked = check_values(
        FIELDS,
        {
            **GOOD,
            "phone": "+84 912.345.678",
            "year": " 1995 ",
            "id": "001203012345",
            "born": "2003-05-04",
        },
        today=TODAY,
    )
    assert checked.errors == {}
    assert checked.values["name"] == "Trần Minh"
    assert checked.values["phone"] == "0912345678"
    assert checked.values["year"] == "1995"
    assert checked.values["ok"] == "1"


def test_required_fields_say_what_is_missing() -> None:
    errors = _errors(name="", sex="", ok="")
    assert errors == {
        "name": "Cần nhập họ và tên.",
        "sex": "Cần chọn giới tính.",
        "ok": "Cần đánh dấu xác nhận này.",
    }


def test_each_type_refuses_what_it_cannot_hold() -> None:
    errors = _errors(
        code="ab12",
        born="2030-01-01",
        year="1800",
        sex="Khác",
        id="123",
        phone="12345",
        email="not-an-email",
    )
    assert errors["code"].startswith("Không đúng định dạng: hai chữ hoa")
    assert errors["born"] == "Không được sau ngày hôm nay."
    assert errors["year"] == "Nhỏ nhất là 1900."
    assert errors["sex"] == "Lựa chọn không hợp lệ."
    assert "12 chữ số" in errors["id"] or "9 chữ số" in errors["id"]
    assert errors["phone"].startswith("Số điện thoại không hợp lệ")
    assert errors["email"].startswith("Địa chỉ thư điện tử không hợp lệ")


def test_dates_and_numbers_that_are_not_dates_and_numbers() -> None:
    errors = _errors(born="31/02/2020", year="19.5")
    assert errors["born"].startswith("Ngày không hợp lệ")
    assert errors["year"] == "Cần nhập một số nguyên."


def test_text_longer_than_its_max_is_cut_in_a_draft() -> None:
    values = raw_values(FIELDS, {"name": "x" * 50, "unknown": "kept out", "note": ["a list"]})
    assert values["name"] == "x" * 20
    assert "unknown" not in values
    assert values["note"] == ""


def test_missing_lists_the_labels_of_empty_required_fields() -> None:
    assert missing_fields(FIELDS, {"name": "An"}) == ["Giới tính", "Tôi cam đoan"]


def test_the_profile_prefills_the_fields_that_ask_for_it() -> None:
    values = prefill_values(
        FIELDS, {"name": "Trần Minh", "birth_date": date(2003, 5, 4), "phone": ""}
    )
    assert values == {"name": "Trần Minh", "born": "2003-05-04"}
    assert prefilled_by(FIELDS, values, "birth_date") == "2003-05-04"
    assert prefilled_by(FIELDS, values, "email") == ""
