"""The e-form of a procedure version as plain data: the field specs, checked (no Django:
tested directly). A version's other content is in specs.py."""

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from motcua.catalog.choice_lists import CHOICE_LISTS

FIELD_TYPES = (
    "text",
    "textarea",
    "date",
    "number",
    "select",
    "checkbox",
    "personal_id",
    "phone",
    "email",
    "unit",  # an administrative unit (ward, province), typed as its name
    "ethnicity",  # one of the 54 ethnic groups (choice_lists), stored by code
    "nationality",  # a nationality (choice_lists), stored by ISO code
)
# What a field may be pre-filled with from the citizen's profile, and the types that can
# hold it ("once-only": the citizen does not type what the state already knows).
PREFILL_TYPES: dict[str, tuple[str, ...]] = {
    "name": ("text",),
    "personal_id": ("personal_id",),
    "birth_date": ("date",),
    "phone": ("phone",),
    "email": ("email",),
    "address": ("text", "textarea", "unit"),
}
_KEY = re.compile(r"[a-z][a-z0-9_]{0,39}")
_BOUNDED = ("text", "textarea", "number", "date")  # min/max: length, value, or ISO date
_EFORM_KEYS = frozenset(
    {"key", "type", "label", "help", "required", "choices", "min", "max", "pattern"}
    | {"section", "prefill"}
)


def gettext_noop(message: str) -> str:
    """Marks a message for extraction; it is translated where Django is available."""
    return message


class EformSpecError(ValueError):
    """A field spec is malformed. `template % params` is the Vietnamese message."""

    def __init__(self, template: str, **params: Any) -> None:
        super().__init__(template % params)
        self.template = template
        self.params = params


@dataclass(frozen=True)
class EformFieldSpec:
    """One field of a procedure's e-form."""

    key: str
    type: str
    label: str
    help: str = ""
    required: bool = False
    # (value, label): a select's own; an ethnicity's or nationality's, its shipped list.
    choices: tuple[tuple[str, str], ...] = ()
    # text/textarea: length; number: value; date: ISO date or "today".
    min: int | float | str | None = None
    max: int | float | str | None = None
    pattern: str = ""  # text only: a regular expression the whole value must match
    section: str = ""  # heading the field is shown under; consecutive fields share it
    prefill: str = ""  # a key of PREFILL_TYPES


def parse_eform_fields(raw: Any) -> tuple[EformFieldSpec, ...]:
    """Field specs from their JSON/TOML shape (a list of tables), checked; EformSpecError
    otherwise. Choices are given as strings (value = label) or {value, label} tables."""
    if not isinstance(raw, list | tuple):
        raise EformSpecError(gettext_noop("Tờ khai phải là một danh sách các trường."))
    return check_eform_fields(tuple(_eform_field(item, n) for n, item in enumerate(raw, 1)))


def _eform_field(raw: Any, n: int) -> EformFieldSpec:
    if not isinstance(raw, dict):
        raise EformSpecError(gettext_noop("Trường thứ %(n)s phải là một bảng khóa–giá trị."), n=n)
    unknown = sorted(set(raw) - _EFORM_KEYS)
    if unknown:
        raise EformSpecError(
            gettext_noop("Trường thứ %(n)s có khóa không hợp lệ: %(keys)s."),
            n=n,
            keys=", ".join(unknown),
        )
    text = {k: raw.get(k, "") for k in ("key", "type", "label", "help", "pattern")}
    text |= {k: raw.get(k, "") for k in ("section", "prefill")}
    for name, value in text.items():
        if not isinstance(value, str):
            raise EformSpecError(
                gettext_noop("Trường thứ %(n)s: %(name)s phải là chuỗi."), n=n, name=name
            )
    if not isinstance(raw.get("required", False), bool):
        raise EformSpecError(gettext_noop("Trường thứ %(n)s: required phải là true/false."), n=n)
    choices = _choices(raw.get("choices", []), n)
    listed = CHOICE_LISTS.get(text["type"].strip())
    if listed is not None:
        if choices:
            raise EformSpecError(
                gettext_noop("Trường thứ %(n)s: kiểu %(type)s có sẵn danh mục, không ghi choices."),
                n=n,
                type=text["type"].strip(),
            )
        choices = listed()
    return EformFieldSpec(
        **{k: v.strip() for k, v in text.items()},
        required=raw.get("required", False),
        choices=choices,
        min=raw.get("min"),
        max=raw.get("max"),
    )


def _choices(raw: Any, n: int) -> tuple[tuple[str, str], ...]:
    choices = []
    for item in raw if isinstance(raw, list | tuple) else [None]:
        if isinstance(item, str):
            choices.append((item, item))
        elif (
            isinstance(item, list | tuple)
            and len(item) == 2
            and all(isinstance(part, str) for part in item)
        ):
            choices.append((item[0], item[1]))
        elif isinstance(item, dict) and {"value", "label"} <= set(item):
            choices.append((str(item["value"]), str(item["label"])))
        else:
            raise EformSpecError(
                gettext_noop("Trường thứ %(n)s: mỗi lựa chọn là một chuỗi hoặc {value, label}."),
                n=n,
            )
    return tuple(choices)


def check_eform_fields(specs: tuple[EformFieldSpec, ...]) -> tuple[EformFieldSpec, ...]:
    """The specs if every field is well formed and keys are unique; EformSpecError naming
    the first field at fault otherwise."""
    seen: set[str] = set()
    for spec in specs:
        _check_field(spec)
        if spec.key in seen:
            raise EformSpecError(gettext_noop("Khóa trường bị trùng: %(key)s."), key=spec.key)
        seen.add(spec.key)
    return specs


def _check_field(spec: EformFieldSpec) -> None:
    key = spec.key or "?"
    if not _KEY.fullmatch(spec.key):
        raise EformSpecError(
            gettext_noop("Khóa trường %(key)s không hợp lệ: chữ thường, số và _, tối đa 40 ký tự."),
            key=key,
        )
    if spec.type not in FIELD_TYPES:
        raise EformSpecError(
            gettext_noop("Trường %(key)s: kiểu %(type)s không hợp lệ (%(types)s)."),
            key=key,
            type=spec.type or "?",
            types=", ".join(FIELD_TYPES),
        )
    if not spec.label:
        raise EformSpecError(gettext_noop("Trường %(key)s: cần có nhãn (label)."), key=key)
    if spec.type not in CHOICE_LISTS and (spec.type == "select") != bool(spec.choices):
        raise EformSpecError(
            gettext_noop("Trường %(key)s: chỉ kiểu select có danh sách lựa chọn, và phải có."),
            key=key,
        )
    if len({value for value, _label in spec.choices}) != len(spec.choices):
        raise EformSpecError(gettext_noop("Trường %(key)s: lựa chọn bị trùng."), key=key)
    if (spec.min is not None or spec.max is not None) and spec.type not in _BOUNDED:
        raise EformSpecError(
            gettext_noop("Trường %(key)s: min/max chỉ dùng cho text, textarea, number, date."),
            key=key,
        )
    low, high = (_bound(spec, value) for value in (spec.min, spec.max))
    if low is not None and high is not None and low > high:  # type: ignore[operator]
        raise EformSpecError(gettext_noop("Trường %(key)s: min lớn hơn max."), key=key)
    if spec.pattern:
        if spec.type != "text":
            raise EformSpecError(
                gettext_noop("Trường %(key)s: pattern chỉ dùng cho kiểu text."), key=key
            )
        try:
            re.compile(spec.pattern)
        except re.error:
            raise EformSpecError(
                gettext_noop("Trường %(key)s: pattern không phải biểu thức chính quy hợp lệ."),
                key=key,
            ) from None
    if spec.prefill and spec.type not in PREFILL_TYPES.get(spec.prefill, ()):
        raise EformSpecError(
            gettext_noop("Trường %(key)s: không điền sẵn %(prefill)s vào kiểu %(type)s được."),
            key=key,
            prefill=spec.prefill,
            type=spec.type,
        )


def _bound(spec: EformFieldSpec, value: Any) -> int | float | date | None:
    """A min/max as a comparable value ("today" compares as itself: not checked)."""
    if value is None:
        return None
    if spec.type == "date":
        if value == "today":
            return None
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            pass
    elif (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and (spec.type == "number" or (value >= 0 and value == int(value)))
    ):
        return value
    raise EformSpecError(
        gettext_noop("Trường %(key)s: giới hạn %(value)s không hợp lệ cho kiểu %(type)s."),
        key=spec.key,
        value=value,
        type=spec.type,
    )


def eform_field_dicts(specs: tuple[EformFieldSpec, ...]) -> list[dict[str, Any]]:
    """The canonical JSON shape of specs: every key present, choices as [value, label],
    dates as ISO text; parse_eform_fields reads it back to the same specs."""
    return [
        {
            "key": s.key,
            "type": s.type,
            "label": s.label,
            "help": s.help,
            "required": s.required,
            # A list's choices are the shipped list's, read again on parsing.
            "choices": [] if s.type in CHOICE_LISTS else [list(choice) for choice in s.choices],
            "min": s.min.isoformat() if isinstance(s.min, date) else s.min,
            "max": s.max.isoformat() if isinstance(s.max, date) else s.max,
            "pattern": s.pattern,
            "section": s.section,
            "prefill": s.prefill,
        }
        for s in specs
    ]
