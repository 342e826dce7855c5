"""An e-form's answers as people read them: each under its section and label, in the
form's order, a date as dd/mm/yyyy and a choice by its label — never a field key or an
ISO date. Pure: the specs and the stored values in, rows out."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from motcua.catalog.eform_specs import EformFieldSpec


@dataclass(frozen=True)
class EformAnswer:
    section: str
    label: str
    text: str
    ticked: bool = False  # a checkbox: shown as "Có", `text` is empty


def eform_answers(fields: Sequence[EformFieldSpec], values: Mapping[str, Any]) -> list[EformAnswer]:
    """The answered fields of `fields`, then any stored key the form no longer declares
    (its version changed since), under the key itself rather than hidden."""
    answers, section = [], ""
    for spec in fields:
        section = spec.section or section
        value = values.get(spec.key)
        if value in (None, ""):
            continue
        if spec.type == "checkbox":
            answers.append(EformAnswer(section, spec.label, "", ticked=True))
        else:
            answers.append(EformAnswer(section, spec.label, _shown(spec, str(value))))
    declared = {spec.key for spec in fields}
    answers += [
        EformAnswer("", key, str(value))
        for key, value in values.items()
        if key not in declared and value not in (None, "")
    ]
    return answers


def _shown(spec: EformFieldSpec, value: str) -> str:
    if spec.type == "date":
        try:
            return f"{date.fromisoformat(value):%d/%m/%Y}"
        except ValueError:
            return value
    if spec.choices:  # a select, an ethnicity, a nationality: the name, not the code
        return dict(spec.choices).get(value, value)
    return value
