"""E-form field specs: the pure checks, the seed file's forms, the admin's check and an
idempotent reload."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from motcua.catalog import refdata
from motcua.catalog.eform_specs import EformSpecError, eform_field_dicts, parse_eform_fields
from motcua.catalog.models import Procedure
from motcua.catalog.specs import SeedError, parse_catalog

NAME = {"key": "child_name", "type": "text", "label": "Họ và tên", "required": True}


def test_a_well_formed_form_reads_back_from_its_canonical_json() -> None:
    raw = [
        NAME,
        {"key": "sex", "type": "select", "label": "Giới tính", "choices": ["Nam", "Nữ"]},
        {
            "key": "born",
            "type": "date",
            "label": "Ngày sinh",
            "max": "today",
            "min": date(1900, 1, 1),
        },
        {"key": "copies", "type": "number", "label": "Số bản", "min": 0, "max": 20},
        {"key": "me", "type": "personal_id", "label": "Số định danh", "prefill": "personal_id"},
        {
            "key": "level",
            "type": "select",
            "label": "Mức",
            "choices": [{"value": "1", "label": "Một"}, ["2", "Hai"]],
        },
    ]
    specs = parse_eform_fields(raw)
    assert specs[1].choices == (("Nam", "Nam"), ("Nữ", "Nữ"))
    assert specs[5].choices == (("1", "Một"), ("2", "Hai"))
    canonical = eform_field_dicts(specs)
    assert canonical[2]["min"] == "1900-01-01"
    assert eform_field_dicts(parse_eform_fields(canonical)) == canonical


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ({**NAME, "key": "Tên"}, "Khóa trường"),
        ({**NAME, "type": "colour"}, "kiểu colour không hợp lệ"),
        ({**NAME, "label": " "}, "cần có nhãn"),
        ({**NAME, "type": "select"}, "chỉ kiểu select"),
        ({**NAME, "choices": ["a"]}, "chỉ kiểu select"),
        ({**NAME, "type": "select", "choices": ["a", "a"]}, "lựa chọn bị trùng"),
        ({**NAME, "min": 10, "max": 2}, "min lớn hơn max"),
        ({**NAME, "type": "checkbox", "max": 2}, "min/max chỉ dùng"),
        ({**NAME, "type": "date", "max": "tomorrow"}, "giới hạn tomorrow"),
        ({**NAME, "pattern": "("}, "pattern không phải"),
        ({**NAME, "type": "textarea", "pattern": "a+"}, "pattern chỉ dùng"),
        ({**NAME, "prefill": "birth_date"}, "không điền sẵn birth_date"),
        ({**NAME, "colour": "red"}, "khóa không hợp lệ: colour"),
        ({**NAME, "required": "yes"}, "required phải là"),
    ],
)
def test_a_malformed_field_is_refused_with_a_message_naming_it(field, message) -> None:
    with pytest.raises(EformSpecError, match=message):
        parse_eform_fields([field])


def test_duplicate_keys_are_refused() -> None:
    with pytest.raises(EformSpecError, match="trùng: child_name"):
        parse_eform_fields([NAME, NAME])


def _seed(version_form: list | None = None, applicant: list | None = None) -> dict:
    version = {
        "valid_from": date(2025, 7, 1),
        "time_amount": 1,
        "time_unit": "same_day",
        "result": "Giấy khai sinh",
        "online": "full",
    }
    if version_form is not None:
        version["form"] = version_form
    return {
        "fields": [{"slug": "ho-tich", "name": "Hộ tịch"}],
        "applicant_form": applicant
        or [{"key": "applicant_name", "type": "text", "label": "Họ tên", "prefill": "name"}],
        "default_form": [{"key": "request", "type": "textarea", "label": "Nội dung"}],
        "procedures": [
            {
                "slug": "ks",
                "name": "Khai sinh",
                "field": "ho-tich",
                "level": "commune",
                "versions": [version],
            }
        ],
    }


def test_a_version_without_a_form_gets_the_applicant_section_and_the_default() -> None:
    _fields, procedures = parse_catalog(_seed())
    keys = [f["key"] for f in procedures[0].versions[0].content.form_fields]
    assert keys == ["applicant_name", "request"]


def test_a_version_with_its_own_form_replaces_the_default() -> None:
    _fields, procedures = parse_catalog(_seed([NAME]))
    keys = [f["key"] for f in procedures[0].versions[0].content.form_fields]
    assert keys == ["applicant_name", "child_name"]


def test_a_malformed_form_in_the_seed_names_the_procedure() -> None:
    with pytest.raises(SeedError, match="procedure ks, version 2025-07-01, form"):
        parse_catalog(_seed([{**NAME, "type": "colour"}]))
    with pytest.raises(SeedError, match=r"form: .*trùng: applicant_name"):
        parse_catalog(_seed([{"key": "applicant_name", "type": "text", "label": "x"}]))


def test_the_shipped_forms_of_birth_marriage_and_death(seeded) -> None:
    def keys(slug: str) -> set[str]:
        version = Procedure.objects.get(slug=slug).versions.get(valid_to__isnull=True)
        return {f["key"] for f in version.form_fields}

    assert {
        "child_name",
        "child_sex",
        "child_birth_date",
        "child_home_town",
        "mother_name",
    } <= keys("dang-ky-khai-sinh")
    assert {"father_residence", "relation", "copies"} <= keys("dang-ky-khai-sinh")
    assert {"wife_name", "husband_name", "both_present"} <= keys("dang-ky-ket-hon")
    assert {"deceased_name", "death_date", "death_place"} <= keys("dang-ky-khai-tu")
    assert {"applicant_name", "request"} == keys("dang-ky-lai-khai-sinh") & {
        "applicant_name",
        "request",
    }


def test_reloading_the_catalogue_changes_nothing(seeded) -> None:
    summary = refdata.load()
    assert "0 versions created, 0 updated" in summary


def test_the_admin_refuses_a_malformed_form_and_stores_a_good_one_canonically(seeded) -> None:
    version = Procedure.objects.get(slug="dang-ky-khai-sinh").versions.get()
    version.form_fields = [{"key": "x", "type": "select", "label": "X"}]
    with pytest.raises(ValidationError) as caught:
        version.full_clean()
    assert "form_fields" in caught.value.message_dict
    version.form_fields = [{"key": "x", "type": "text", "label": "X"}]
    version.full_clean()
    assert version.form_fields[0]["choices"] == [] and version.form_fields[0]["prefill"] == ""


def test_the_admin_shows_the_form_of_a_version(admin_client, seeded) -> None:
    from django.urls import reverse

    version = Procedure.objects.get(slug="dang-ky-khai-sinh").versions.get()
    page = admin_client.get(reverse("admin:catalog_procedureversion_change", args=[version.pk]))
    assert page.status_code == 200
    assert 'name="form_fields"' in page.content.decode()
    assert "child_name" in page.content.decode()
