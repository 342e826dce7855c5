"""The e-form's answers as an officer reads them: labels and Vietnamese dates, never keys."""

from motcua.catalog.eform_answers import EformAnswer, eform_answers
from motcua.catalog.eform_specs import EformFieldSpec

FIELDS = (
    EformFieldSpec(
        key="child_name", type="text", label="Họ và tên", section="Người được khai sinh"
    ),
    EformFieldSpec(key="child_birth_date", type="date", label="Ngày sinh"),
    EformFieldSpec(
        key="child_sex", type="select", label="Giới tính", choices=(("m", "Nam"), ("f", "Nữ"))
    ),
    EformFieldSpec(key="note", type="textarea", label="Ghi chú", section="Khác"),
    EformFieldSpec(key="agree", type="checkbox", label="Cam đoan"),
)


def test_answers_read_as_labels_dates_and_choice_names_in_the_forms_order() -> None:
    values = {"agree": "1", "child_sex": "f", "child_birth_date": "2026-11-20", "child_name": "An"}
    assert eform_answers(FIELDS, values) == [
        EformAnswer("Người được khai sinh", "Họ và tên", "An"),
        EformAnswer("Người được khai sinh", "Ngày sinh", "20/11/2026"),
        EformAnswer("Người được khai sinh", "Giới tính", "Nữ"),
        EformAnswer("Khác", "Cam đoan", "", ticked=True),
    ]


def test_a_key_the_form_no_longer_has_is_shown_rather_than_lost() -> None:
    answers = eform_answers(FIELDS, {"child_name": "An", "old_field": "giá trị cũ", "blank": ""})
    assert answers[-1] == EformAnswer("", "old_field", "giá trị cũ")
    assert [a.label for a in answers] == ["Họ và tên", "old_field"]
