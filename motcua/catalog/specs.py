"""The content of a procedure version as plain data, and the reading of the seed file.

No Django here: the seed parser and the step-budget arithmetic are tested directly.
Services turn these specs into rows; the admin builds the same rows through forms.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from motcua.catalog.eform_specs import (
    EformFieldSpec,
    EformSpecError,
    check_eform_fields,
    eform_field_dicts,
    parse_eform_fields,
)
from motcua.catalog.sources import SourceError, SourceSpec, parse_sources, resolve

TIME_UNITS = ("working_days", "working_hours", "same_day")
ONLINE_LEVELS = ("full", "partial", "offline")
COPY_KINDS = ("original", "certified_copy", "photocopy", "present")
FEE_BASES = ("dossier", "copy", "page", "case", "contract", "document")
ROLES = ("counter", "specialist", "leader")
# Which agency of the receiving unit decides (units.AgencyKind values): the people's
# committee, the police (residence), a specialised office.
COMPETENT_KINDS = ("ubnd", "congan", "phong")
AGENCY_LEVELS = {"province": 1, "district": 2, "commune": 3}
# The VersionContent attributes that are plain columns of a procedure version.
VERSION_COLUMNS = (
    "time_amount",
    "time_unit",
    "time_note",
    "time_sources",
    "result",
    "legal_basis",
    "online_level",
    "online_reason",
    "unconfirmed_note",
    "form_fields",
    "competent_kind",
)


class SeedError(ValueError):
    """The seed file is malformed; the message names the entry at fault."""


@dataclass(frozen=True)
class DocumentSpec:
    name: str
    form: str
    count: int = 1
    condition: str = ""  # empty: always required
    sources: tuple[SourceSpec, ...] = ()


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
    exemptions: tuple[ExemptionSpec, ...] = ()
    sources: tuple[SourceSpec, ...] = ()

    @property
    def amount_unconfirmed(self) -> bool:
        """No source found for the amount: the page badges it "chưa xác minh"."""
        return not self.sources


@dataclass(frozen=True)
class StepSpec:
    name: str
    role: str
    budget: Decimal  # in the version's time unit (a fraction of the day for same-day)
    sources: tuple[SourceSpec, ...] = ()


@dataclass(frozen=True)
class VersionContent:
    time_amount: Decimal
    time_unit: str
    result: str
    legal_basis: str
    online_level: str
    time_note: str = ""
    online_reason: str = ""
    unconfirmed_note: str = ""
    documents: tuple[DocumentSpec, ...] = ()
    fees: tuple[FeeSpec, ...] = ()
    steps: tuple[StepSpec, ...] = ()
    # The e-form, as the canonical dicts the version's JSON column holds (eform_field_dicts):
    # the same shape read back from the database, so that a reload sees "unchanged".
    form_fields: list[dict[str, Any]] = field(default_factory=list)
    competent_kind: str = "ubnd"
    # Where the time comes from; no source: the page badges it "chưa xác minh".
    time_sources: tuple[SourceSpec, ...] = ()

    @property
    def time_unconfirmed(self) -> bool:
        return not self.time_sources


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
    """Read the parsed TOML of data/catalog/procedures.toml into specs, or raise SeedError.

    Every version's e-form is the shared `applicant_form` followed by its own `form`, or
    by `default_form` when it declares none."""
    try:
        registry = parse_sources(data.get("sources", {}))
    except SourceError as error:
        raise SeedError(str(error)) from error
    shared = _Shared(
        applicant=_seed_eform(data.get("applicant_form", []), "applicant_form"),
        default=_seed_eform(data.get("default_form", []), "default_form"),
        sources=registry,
    )
    fields = [
        FieldSeed(slug=_str(f, "slug", "fields"), name=_str(f, "name", "fields"))
        for f in data.get("fields", [])
    ]
    field_slugs = {f.slug for f in fields}
    procedures = [_procedure(p, field_slugs, shared) for p in data.get("procedures", [])]
    slugs = [p.slug for p in procedures]
    duplicates = sorted({s for s in slugs if slugs.count(s) > 1})
    if duplicates:
        raise SeedError(f"duplicate procedure slugs: {', '.join(duplicates)}")
    return fields, procedures


@dataclass(frozen=True)
class _Shared:
    applicant: tuple[EformFieldSpec, ...]
    default: tuple[EformFieldSpec, ...]
    sources: dict[str, SourceSpec]  # the seed's named sources, by key


def _seed_eform(raw: Any, where: str) -> tuple[EformFieldSpec, ...]:
    try:
        return parse_eform_fields(raw)
    except EformSpecError as error:
        raise SeedError(f"{where}: {error}") from error


def _procedure(raw: dict[str, Any], field_slugs: set[str], shared: _Shared) -> ProcedureSeed:
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
        versions=tuple(_version(v, where, shared) for v in raw.get("versions", [])),
    )


def _version(raw: dict[str, Any], where: str, shared: _Shared) -> VersionSeed:
    where = f"{where}, version {raw.get('valid_from', '?')}"
    valid_from = raw.get("valid_from")
    if not isinstance(valid_from, date):
        raise SeedError(f"{where}: valid_from must be a date (YYYY-MM-DD)")
    facts = _FactSources(raw.get("sources", {}), shared.sources, where)
    own = _seed_eform(raw["form"], f"{where}, form") if "form" in raw else shared.default
    try:
        eform = check_eform_fields((*shared.applicant, *own))
    except EformSpecError as error:
        raise SeedError(f"{where}, form: {error}") from error
    content = VersionContent(
        time_amount=_decimal(raw, "time_amount", where),
        time_unit=_choice(raw, "time_unit", TIME_UNITS, where),
        time_note=raw.get("time_note", ""),
        time_sources=facts.of(raw, "time"),
        result=_str(raw, "result", where),
        legal_basis="\n".join(raw.get("legal_basis", [])),
        online_level=_choice(raw, "online", ONLINE_LEVELS, where),
        online_reason=raw.get("online_reason", ""),
        unconfirmed_note=raw.get("unconfirmed_note", ""),
        documents=tuple(
            DocumentSpec(
                name=_str(d, "name", where),
                form=_choice(d, "form", COPY_KINDS, where),
                count=int(d.get("count", 1)),
                condition=d.get("condition", ""),
                sources=facts.of(d, "documents"),
            )
            for d in raw.get("documents", [])
        ),
        fees=tuple(_fee(f, where, facts.of(f, "fees")) for f in raw.get("fees", [])),
        steps=tuple(
            StepSpec(
                name=_str(s, "name", where),
                role=_choice(s, "role", ROLES, where),
                budget=_decimal(s, "budget", where),
                sources=facts.of(s, "steps"),
            )
            for s in raw.get("steps", [])
        ),
        form_fields=eform_field_dicts(eform),
        competent_kind=_choice(raw, "competent", COMPETENT_KINDS, where)
        if "competent" in raw
        else "ubnd",
    )
    return VersionSeed(valid_from=valid_from, valid_to=raw.get("valid_to"), content=content)


class _FactSources:
    """A version's facts' sources: a fact's own `sources`, or else the version's default
    for its kind (`sources = { time = ..., documents = ..., fees = ..., steps = ... }`)."""

    def __init__(self, defaults: Any, registry: dict[str, SourceSpec], where: str) -> None:
        if not isinstance(defaults, dict):
            raise SeedError(f"{where}: sources must be a table (time, documents, fees, steps)")
        self.defaults, self.registry, self.where = defaults, registry, where

    def of(self, item: dict[str, Any], kind: str) -> tuple[SourceSpec, ...]:
        keys = self.defaults.get(kind) if kind == "time" else item.get("sources")
        if keys is None:
            keys = self.defaults.get(kind)
        try:
            return resolve(keys, self.registry, f"{self.where}, {kind}")
        except SourceError as error:
            raise SeedError(str(error)) from error


def _fee(raw: dict[str, Any], where: str, sources: tuple[SourceSpec, ...] = ()) -> FeeSpec:
    amount = raw.get("amount")
    if amount is not None and not isinstance(amount, int):
        raise SeedError(f"{where}: fee amount must be a whole number of VND")
    return FeeSpec(
        label=_str(raw, "label", where),
        amount=amount,
        basis=_choice(raw, "basis", FEE_BASES, where),
        note=raw.get("note", ""),
        sources=sources,
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
