"""Where each fact of the catalogue comes from, and how fresh that is.

A source is a legal document and its article, the public page it was checked on and the
day it was checked. The seed file names its sources once (`[sources.KEY]`) and its facts
refer to them by key; the database keeps the resolved list on each fact (a time, a fee, a
document, a step), so an edit in the admin carries its own.

No Django here: the seed's source tables, the list of repealed texts and the freshness
report are plain data, tested directly.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any


class SourceError(ValueError):
    """A source table or a reference to it is malformed; the message names it."""


@dataclass(frozen=True)
class SourceSpec:
    document: str  # "Nghị định số 63/2024/NĐ-CP"
    article: str = ""  # "Điều 7"; empty when the page read does not name one
    checked_at: str = ""  # the public page read (a URL), or where the finding is recorded
    checked_on: date | None = None

    @property
    def url(self) -> str:
        """The page read, when it is a public address (else checked_at is a note)."""
        return self.checked_at if self.checked_at.startswith(("https://", "http://")) else ""

    @property
    def citation(self) -> str:
        return f"{self.document}, {self.article}" if self.article else self.document

    def as_dict(self) -> dict[str, str]:
        """The JSON shape a fact's `sources` column holds."""
        return {
            "document": self.document,
            "article": self.article,
            "checked_at": self.checked_at,
            "checked_on": self.checked_on.isoformat() if self.checked_on else "",
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> "SourceSpec":
        checked_on = raw.get("checked_on") or None
        if isinstance(checked_on, str):
            checked_on = date.fromisoformat(checked_on)
        return cls(
            document=str(raw.get("document", "")).strip(),
            article=str(raw.get("article", "")).strip(),
            checked_at=str(raw.get("checked_at", "")).strip(),
            checked_on=checked_on,
        )


def parse_sources(raw: Any) -> dict[str, SourceSpec]:
    """The seed's `[sources.KEY]` tables, by key; SourceError naming the first at fault."""
    if not isinstance(raw, dict):
        raise SourceError("sources must be a table of tables")
    registry = {}
    for key, table in raw.items():
        if not isinstance(table, dict) or not str(table.get("document", "")).strip():
            raise SourceError(f"source {key}: document is required")
        checked_on = table.get("checked_on")
        if not isinstance(checked_on, date):
            raise SourceError(f"source {key}: checked_on must be a date (YYYY-MM-DD)")
        if not str(table.get("checked_at", "")).strip():
            raise SourceError(f"source {key}: checked_at (the page read) is required")
        registry[key] = SourceSpec.from_dict(table)
    return registry


def resolve(keys: Any, registry: dict[str, SourceSpec], where: str) -> tuple[SourceSpec, ...]:
    """The sources a fact names (a key or a list of keys)."""
    if keys is None:
        return ()
    if isinstance(keys, str):
        keys = [keys]
    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        raise SourceError(f"{where}: sources must be a key or a list of keys")
    unknown = [k for k in keys if k not in registry]
    if unknown:
        raise SourceError(f"{where}: unknown source {', '.join(unknown)}")
    return tuple(registry[k] for k in keys)


def source_dicts(sources: Iterable[SourceSpec]) -> list[dict[str, str]]:
    return [s.as_dict() for s in sources]


def source_specs(raw: Any) -> tuple[SourceSpec, ...]:
    """A fact's `sources` column read back; anything malformed is no source."""
    if not isinstance(raw, list):
        return ()
    return tuple(SourceSpec.from_dict(item) for item in raw if isinstance(item, dict))


# --- repealed texts -----------------------------------------------------------------------

# "Nghị định số 62/2021/NĐ-CP", "Nghị định 62/2021/NĐ-CP", "Thông tư 56/2021/TT-BCA": the
# number and year, and the issuer's suffix, are what identify a text.
_TEXT_NUMBER = re.compile(r"(\d{1,4})/(\d{4})/([A-ZĐ][A-ZĐa-z0-9-]*)")


def text_numbers(line: str) -> list[str]:
    """The document numbers a line of legal basis cites, as "62/2021/NĐ-CP"."""
    return ["/".join(match) for match in _TEXT_NUMBER.findall(line)]


@dataclass(frozen=True)
class Repeal:
    repealed: str  # "62/2021/NĐ-CP"
    replaced_by: str  # "154/2024/NĐ-CP"
    since: date | None  # None: already in force when the list was written
    source: SourceSpec


def parse_repealed(raw: Any, registry: dict[str, SourceSpec]) -> dict[str, Repeal]:
    """data/catalog/repealed.toml's `[[repealed]]` entries, by the repealed number."""
    repeals = {}
    for n, item in enumerate(raw.get("repealed", []) if isinstance(raw, dict) else [], 1):
        where = f"repealed #{n}"
        if not isinstance(item, dict):
            raise SourceError(f"{where}: must be a table")
        numbers = [text_numbers(str(item.get(k, ""))) for k in ("text", "replaced_by")]
        if not all(len(found) == 1 for found in numbers):
            raise SourceError(f"{where}: text and replaced_by each name one document number")
        since = item.get("since")
        if since is not None and not isinstance(since, date):
            raise SourceError(f"{where}: since must be a date (YYYY-MM-DD)")
        (source,) = resolve(item.get("source"), registry, where) or (None,)
        if source is None:
            raise SourceError(f"{where}: source is required")
        repeals[numbers[0][0]] = Repeal(numbers[0][0], numbers[1][0], since, source)
    return repeals


# --- the freshness report -----------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    """One fact of a version in force, as the report reads it."""

    procedure: str  # the procedure's name, as the officer knows it
    kind: str  # time | fee | document | step
    label: str
    sources: tuple[SourceSpec, ...]


@dataclass(frozen=True)
class Finding:
    procedure: str
    kind: str  # unsourced | stale | repealed | no_code
    detail: str


def audit(
    *,
    facts: Iterable[Fact],
    legal_bases: Iterable[tuple[str, str]],
    codes: Iterable[tuple[str, str]],
    repeals: dict[str, Repeal],
    today: date,
    recheck_days: int,
) -> list[Finding]:
    """What a centre manager should look at: facts with no source, facts last checked
    more than `recheck_days` ago, legal bases citing a repealed text, procedures with no
    national code. `legal_bases` and `codes` are (procedure, line) and (procedure, code)."""
    findings = list(_fact_findings(facts, today - timedelta(days=recheck_days)))
    for procedure, line in legal_bases:
        for number in text_numbers(line):
            repeal = repeals.get(number)
            if repeal is not None and (repeal.since is None or repeal.since <= today):
                findings.append(
                    Finding(procedure, "repealed", f"{number} → {repeal.replaced_by}: {line}")
                )
    findings += [Finding(procedure, "no_code", "") for procedure, code in codes if not code]
    return findings


# How a report line names the kind of fact, in the officer's words.
FACT_KINDS = {"time": "thời hạn", "fee": "phí, lệ phí", "document": "giấy tờ", "step": "bước"}


def _fact_findings(facts: Iterable[Fact], oldest: date) -> Iterator[Finding]:
    for fact in facts:
        if fact.kind == "step" and not fact.sources:
            continue  # an internal allocation of the legal time, not a rule of law
        if not fact.sources:
            yield Finding(fact.procedure, "unsourced", f"{FACT_KINDS[fact.kind]}: {fact.label}")
            continue
        checked = [s.checked_on for s in fact.sources if s.checked_on]
        if not checked or max(checked) < oldest:
            last = max(checked).strftime("%d/%m/%Y") if checked else "?"
            what = f"{FACT_KINDS[fact.kind]}: {fact.label}"
            yield Finding(fact.procedure, "stale", f"{what} (đối chiếu lần cuối {last})")
