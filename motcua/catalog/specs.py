"""The content of a procedure version as plain data, and the reading of the seed file.

No Django here: the seed parser and the step-budget arithmetic are tested directly.
Services turn these specs into rows; the admin builds the same rows through forms.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

TIME_UNITS = ("working_days", "working_hours", "same_day")
ONLINE_LEVELS = ("full", "partial", "offline")
DOCUMENT_FORMS = ("original", "certified_copy", "photocopy", "present")
FEE_BASES = ("dossier", "copy", "page", "case", "contract", "document")
ROLES = ("counter", "specialist", "leader")
AGENCY_LEVELS = {"province": 1, "district": 2, "commune": 3}
# The VersionContent attributes that are plain columns of a procedure version.
VERSION_COLUMNS = (
    "time_amount",
    "time_unit",
    "time_note",
    "time_unconfirmed",
    "result",
    "legal_basis",
    "online_level",
    "online_reason",
    "unconfirmed_note",
)


class SeedError(ValueError):
    """The seed file is malformed; the message names the entry at fault."""


@dataclass(frozen=True)
class DocumentSpec:
    name: str
    form: str
    count: int = 1
    condition: str = ""  # empty: always required


@dataclass(frozen=True)
class ExemptionSpec:
    category: str
    text: str


@dataclass(frozen=True)
class FeeSpec:
    label: str
    amount: int | None  # VND; None: set by the province and not in the data
    basis: str = "dossier"
    note: str = ""
    amount_unconfirmed: bool = False
    exemptions: tuple[ExemptionSpec, ...] = ()


@dataclass(frozen=True)
class StepSpec:
    name: str
    role: str
    budget: Decimal  # in the version's time unit (a fraction of the day for same-day)


@dataclass(frozen=True)
class VersionContent:
    time_amount: Decimal
    time_unit: str
    result: str
    legal_basis: str
    online_level: str
    time_note: str = ""
    time_unconfirmed: bool = False
    online_reason: str = ""
    unconfirmed_note: str = ""
    documents: tuple[DocumentSpec, ...] = ()
    fees: tuple[FeeSpec, ...] = ()
    steps: tuple[StepSpec, ...] = ()


@dataclass(frozen=True)
class VersionSeed:
    valid_from: date
    valid_to: date | None
    content: VersionContent


@dataclass(frozen=True)
class FieldSeed:
    slug: str
    name: str


@dataclass(frozen=True)
class ProcedureSeed:
    slug: str
    code: str
    code_unconfirmed: bool
    name: str
    field: str
    agency_level: int
    keywords: str
    versions: tuple[VersionSeed, ...] = ()


def budget_gap(total: Decimal, budgets: list[Decimal]) -> Decimal:
    """How far the step budgets are from the legal time: 0 when they add up exactly."""
    return sum(budgets, Decimal(0)) - total


def parse_catalog(data: dict[str, Any]) -> tuple[list[FieldSeed], list[ProcedureSeed]]:
    """Read the parsed TOML of data/catalog/procedures.toml into specs, or raise SeedError."""
    fields = [
        FieldSeed(slug=_str(f, "slug", "fields"), name=_str(f, "name", "fields"))
        for f in data.get("fields", [])
    ]
    field_slugs = {f.slug for f in fields}
    procedures = [_procedure(p, field_slugs) for p in data.get("procedures", [])]
    slugs = [p.slug for p in procedures]
    duplicates = sorted({s for s in slugs if slugs.count(s) > 1})
    if duplicates:
        raise SeedError(f"duplicate procedure slugs: {', '.join(duplicates)}")
    return fields, procedures


def _procedure(raw: dict[str, Any], field_slugs: set[str]) -> ProcedureSeed:
    where = f"procedure {raw.get('slug', '?')}"
    field_slug = _str(raw, "field", where)
    if field_slug not in field_slugs:
        raise SeedError(f"{where}: unknown field {field_slug!r}")
    level = _choice(raw, "level", AGENCY_LEVELS, where)
    unconfirmed = raw.get("unconfirmed", [])
    return ProcedureSeed(
        slug=_str(raw, "slug", where),
        code=raw.get("code", ""),
        code_unconfirmed="code" in unconfirmed,
        name=_str(raw, "name", where),
        field=field_slug,
        agency_level=AGENCY_LEVELS[level],
        keywords=raw.get("keywords", ""),
        versions=tuple(_version(v, where) for v in raw.get("versions", [])),
    )


def _version(raw: dict[str, Any], where: str) -> VersionSeed:
    where = f"{where}, version {raw.get('valid_from', '?')}"
    valid_from = raw.get("valid_from")
    if not isinstance(valid_from, date):
        raise SeedError(f"{where}: valid_from must be a date (YYYY-MM-DD)")
    unconfirmed = raw.get("unconfirmed", [])
    content = VersionContent(
        time_amount=_decimal(raw, "time_amount", where),
        time_unit=_choice(raw, "time_unit", TIME_UNITS, where),
        time_note=raw.get("time_note", ""),
        time_unconfirmed="time" in unconfirmed,
        result=_str(raw, "result", where),
        legal_basis="\n".join(raw.get("legal_basis", [])),
        online_level=_choice(raw, "online", ONLINE_LEVELS, where),
        online_reason=raw.get("online_reason", ""),
        unconfirmed_note=raw.get("unconfirmed_note", ""),
        documents=tuple(
            DocumentSpec(
                name=_str(d, "name", where),
                form=_choice(d, "form", DOCUMENT_FORMS, where),
                count=int(d.get("count", 1)),
                condition=d.get("condition", ""),
            )
            for d in raw.get("documents", [])
        ),
        fees=tuple(_fee(f, where) for f in raw.get("fees", [])),
        steps=tuple(
            StepSpec(
                name=_str(s, "name", where),
                role=_choice(s, "role", ROLES, where),
                budget=_decimal(s, "budget", where),
            )
            for s in raw.get("steps", [])
        ),
    )
    return VersionSeed(valid_from=valid_from, valid_to=raw.get("valid_to"), content=content)


def _fee(raw: dict[str, Any], where: str) -> FeeSpec:
    amount = raw.get("amount")
    if amount is not None and not isinstance(amount, int):
        raise SeedError(f"{where}: fee amount must be a whole number of VND")
    return FeeSpec(
        label=_str(raw, "label", where),
        amount=amount,
        basis=_choice(raw, "basis", FEE_BASES, where),
        note=raw.get("note", ""),
        amount_unconfirmed="amount" in raw.get("unconfirmed", []),
        exemptions=tuple(
            ExemptionSpec(category=_str(e, "category", where), text=_str(e, "text", where))
            for e in raw.get("exemptions", [])
        ),
    )


def _str(raw: dict[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise SeedError(f"{where}: {key} is required")
    return value.strip()


def _choice(raw: dict[str, Any], key: str, allowed: Any, where: str) -> str:
    value = raw.get(key)
    if value not in allowed:
        raise SeedError(f"{where}: {key} must be one of {', '.join(allowed)} (got {value!r})")
    return str(value)


def _decimal(raw: dict[str, Any], key: str, where: str) -> Decimal:
    value = raw.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SeedError(f"{where}: {key} must be a number")
    # Through str: 0.1 as a float is not exactly a tenth.
    return Decimal(str(value))
