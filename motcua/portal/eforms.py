"""Checking what a citizen typed into an e-form against the procedure's field specs.

No Django here (tested directly). Values travel as text, as the browser sends them, and
come back normalised (digits of a phone number, ISO dates, "1" for a ticked box).
Messages are Vietnamese templates marked with `gettext_noop`; the caller translates
`FieldError.template % FieldError.params`.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from motcua.catalog.choice_lists import CHOICE_LISTS, USUAL_ANSWER
from motcua.catalog.eform_specs import EformFieldSpec, gettext_noop
from motcua.core.idnumber import InvalidPersonalId, parse_personal_id

# A field without its own max still has one: a draft is not a place to store a book.
DEFAULT_MAX_LENGTH = {"textarea": 4000}
FALLBACK_MAX_LENGTH = 500
# Vietnamese numbers: mobile 0[35789] + 8 digits; landline 02 + 9 digits (2017 plan).
_PHONE = re.compile(r"0[35789]\d{8}|02\d{9}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
_INTEGER = re.compile(r"[+-]?\d{1,9}")


@dataclass(frozen=True)
class FieldError:
    template: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Checked:
    values: dict[str, str]  # every field's value, normalised when valid, as typed otherwise
    errors: dict[str, FieldError]  # by field key, in the e-form's order


def raw_values(fields: Sequence[EformFieldSpec], data: Mapping[str, Any]) -> dict[str, str]:
    """The e-form's own keys from posted data, as trimmed text (a draft keeps what was typed,
    valid or not; anything else posted is ignored)."""
    values = {}
    for spec in fields:
        value = data.get(spec.key, "")
        text = value.strip() if isinstance(value, str) else ""
        values[spec.key] = text[: _max_length(spec)]
    return values


def check_values(
    fields: Sequence[EformFieldSpec], data: Mapping[str, Any], *, today: date
) -> Checked:
    """Every field checked: required, type, bounds, pattern, choices."""
    values = raw_values(fields, data)
    errors = {}
    for spec in fields:
        value = values[spec.key]
        if not value or (spec.type == "checkbox" and value not in ("1", "on", "true")):
            if spec.required:
                errors[spec.key] = _required(spec)
            values[spec.key] = ""
            continue
        try:
            values[spec.key] = _clean(spec, value, today)
        except _Invalid as error:
            errors[spec.key] = error.error
    return Checked(values=values, errors=errors)


def missing_fields(fields: Sequence[EformFieldSpec], values: Mapping[str, str]) -> list[str]:
    """Labels of the required fields still empty ("còn thiếu")."""
    return [spec.label for spec in fields if spec.required and not str(values.get(spec.key, ""))]


def prefill_values(fields: Sequence[EformFieldSpec], profile: Mapping[str, Any]) -> dict[str, str]:
    """The values the profile gives the fields that ask for it (dates as ISO text), and
    the usual answer (Kinh, Việt Nam) of a list that must be answered. A list that may be
    left empty (the father's, when there is none on the record) starts empty."""
    values = {}
    for spec in fields:
        known = profile.get(spec.prefill) if spec.prefill else None
        if spec.required and spec.type in USUAL_ANSWER:
            values[spec.key] = USUAL_ANSWER[spec.type]
        elif isinstance(known, date):
            values[spec.key] = known.isoformat()
        elif known:
            values[spec.key] = str(known)
    return values


def prefilled_by(fields: Sequence[EformFieldSpec], values: Mapping[str, str], what: str) -> str:
    """The value of the first field pre-filled with `what` (the applicant's name, ...)."""
    for spec in fields:
        if spec.prefill == what and values.get(spec.key):
            return values[spec.key]
    return ""


# --- one field --------------------------------------------------------------------------


class _Invalid(Exception):
    def __init__(self, template: str, **params: Any) -> None:
        super().__init__(template)
        self.error = FieldError(template, params)


def _required(spec: EformFieldSpec) -> FieldError:
    if spec.type == "checkbox":
        return FieldError(gettext_noop("Cần đánh dấu xác nhận này."))
    if spec.type in ("select", "unit", *CHOICE_LISTS):
        return FieldError(gettext_noop("Cần chọn %(label)s."), {"label": spec.label.lower()})
    return FieldError(gettext_noop("Cần nhập %(label)s."), {"label": spec.label.lower()})


def _max_length(spec: EformFieldSpec) -> int:
    if spec.type in ("text", "textarea") and isinstance(spec.max, int):
        return spec.max
    return DEFAULT_MAX_LENGTH.get(spec.type, FALLBACK_MAX_LENGTH)


def _clean(spec: EformFieldSpec, value: str, today: date) -> str:
    cleaner = _CLEANERS.get(spec.type, _clean_text)
    return cleaner(spec, value, today)


def _clean_text(spec: EformFieldSpec, value: str, today: date) -> str:
    value = " ".join(value.split()) if spec.type != "textarea" else value
    if isinstance(spec.min, int) and len(value) < spec.min:
        raise _Invalid(gettext_noop("Cần ít nhất %(min)s ký tự."), min=spec.min)
    if isinstance(spec.max, int) and len(value) > spec.max:
        raise _Invalid(gettext_noop("Tối đa %(max)s ký tự."), max=spec.max)
    if spec.pattern and not re.fullmatch(spec.pattern, value):
        raise _Invalid(gettext_noop("Không đúng định dạng: %(help)s"), help=spec.help or spec.label)
    return value


def _clean_number(spec: EformFieldSpec, value: str, today: date) -> str:
    text = value.replace(" ", "")
    if not _INTEGER.fullmatch(text):
        raise _Invalid(gettext_noop("Cần nhập một số nguyên."))
    number = int(text)
    if spec.min is not None and number < spec.min:  # type: ignore[operator]
        raise _Invalid(gettext_noop("Nhỏ nhất là %(min)s."), min=spec.min)
    if spec.max is not None and number > spec.max:  # type: ignore[operator]
        raise _Invalid(gettext_noop("Lớn nhất là %(max)s."), max=spec.max)
    return str(number)


def _date_bound(bound: Any, today: date) -> date | None:
    if bound is None:
        return None
    return today if bound == "today" else date.fromisoformat(str(bound))


def _clean_date(spec: EformFieldSpec, value: str, today: date) -> str:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise _Invalid(gettext_noop("Ngày không hợp lệ (ngày/tháng/năm).")) from None
    low, high = _date_bound(spec.min, today), _date_bound(spec.max, today)
    if low is not None and day < low:
        raise _Invalid(gettext_noop("Không được trước ngày %(day)s."), day=f"{low:%d/%m/%Y}")
    if high is not None and day > high:
        if spec.max == "today":
            raise _Invalid(gettext_noop("Không được sau ngày hôm nay."))
        raise _Invalid(gettext_noop("Không được sau ngày %(day)s."), day=f"{high:%d/%m/%Y}")
    return day.isoformat()


def _clean_select(spec: EformFieldSpec, value: str, today: date) -> str:
    if value not in {choice for choice, _label in spec.choices}:
        raise _Invalid(gettext_noop("Lựa chọn không hợp lệ."))
    return value


def _clean_checkbox(spec: EformFieldSpec, value: str, today: date) -> str:
    return "1"


def _clean_personal_id(spec: EformFieldSpec, value: str, today: date) -> str:
    try:
        return parse_personal_id(value, today=today).number
    except InvalidPersonalId as error:
        raise _Invalid(error.template, **error.params) from None


def _clean_phone(spec: EformFieldSpec, value: str, today: date) -> str:
    text = re.sub(r"[\s.()-]", "", value)
    if text.startswith("+84"):
        text = "0" + text[3:]
    if not _PHONE.fullmatch(text):
        raise _Invalid(gettext_noop("Số điện thoại không hợp lệ, ví dụ: 0912 345 678."))
    return text


def _clean_email(spec: EformFieldSpec, value: str, today: date) -> str:
    if len(value) > 254 or not _EMAIL.fullmatch(value):
        raise _Invalid(gettext_noop("Địa chỉ thư điện tử không hợp lệ, ví dụ: ten@example.vn."))
    return value


_CLEANERS = {
    "number": _clean_number,
    "date": _clean_date,
    "select": _clean_select,
    "ethnicity": _clean_select,
    "nationality": _clean_select,
    "checkbox": _clean_checkbox,
    "personal_id": _clean_personal_id,
    "phone": _clean_phone,
    "email": _clean_email,
}
