"""`motcua catalog import-annex FILE.xlsx --on DATE [--apply]`: the annex of a province's
publication decision, compared with the catalogue in force on DATE, and — only with
--apply — saved as new versions from DATE (the rules then in force are kept for the
dossiers received before)."""

from dataclasses import replace
from datetime import date
from pathlib import Path

from django.db import transaction
from openpyxl import load_workbook

from motcua.accounts.models import User
from motcua.catalog.annex import Change, Current, TimeValue, diff, read_rows, rescaled_budgets
from motcua.catalog.models import Procedure, ProcedureVersion, in_force_q
from motcua.catalog.selectors import today, version_content
from motcua.catalog.services import procedure_version_create
from motcua.catalog.sources import SourceSpec
from motcua.catalog.specs import StepSpec

MAX_ROWS = 5_000


def annex_rows(path: Path) -> list[list[object]]:
    """The first sheet's cells, values only (formulas as last computed)."""
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(max_row=MAX_ROWS, values_only=True)]
    finally:
        workbook.close()


def catalogue_on(on_date: date) -> dict[str, tuple[ProcedureVersion, Current]]:
    """Each coded procedure's version in force on the date, and what the diff compares."""
    versions = (
        ProcedureVersion.objects.filter(in_force_q(on_date), procedure__in=_coded())
        .select_related("procedure")
        .prefetch_related("fees", "documents", "steps", "fees__exemptions")
    )
    return {
        v.procedure.code: (
            v,
            Current(
                code=v.procedure.code,
                name=v.procedure.name,
                time=TimeValue(v.time_amount, v.time_unit),
                fees=tuple(f.amount for f in v.fees.all()),
                legal_basis=tuple(v.legal_basis_lines),
            ),
        )
        for v in versions
    }


def _coded() -> "list[int]":
    return list(Procedure.objects.exclude(code="").values_list("pk", flat=True))


def annex_diff(path: Path, on_date: date) -> tuple[list[Change], list[str]]:
    held = catalogue_on(on_date)
    return diff(
        read_rows(annex_rows(path)), {code: current for code, (_v, current) in held.items()}
    )


@transaction.atomic
def annex_apply(
    *, actor: User | None, path: Path, on_date: date, decision: str, source_name: str = ""
) -> list[ProcedureVersion]:
    """A new version from `on_date` for each procedure the annex changes, its new facts
    sourced to the decision; everything or nothing. `actor` None: the command line."""
    held = catalogue_on(on_date)
    changes, _notes = diff(
        read_rows(annex_rows(path)), {code: current for code, (_v, current) in held.items()}
    )
    name = source_name or path.name
    source = SourceSpec(
        document=decision or f"Quyết định công bố danh mục thủ tục hành chính ({name})",
        article="Phụ lục",
        checked_at=name,
        checked_on=today(),
    )
    created = []
    for change in changes:
        version, _current = held[change.code]
        if version.valid_from == on_date:
            raise ValueError(f"{change.code}: đã có phiên bản từ ngày này; sửa phiên bản đó.")
        content = version_content(version=version)
        if change.time is not None:
            budgets = rescaled_budgets([s.budget for s in content.steps], change.time.amount)
            content = replace(
                content,
                time_amount=change.time.amount,
                time_unit=change.time.unit,
                time_sources=(source,),
                steps=tuple(
                    StepSpec(name=s.name, role=s.role, budget=b, sources=s.sources)
                    for s, b in zip(content.steps, budgets, strict=True)
                ),
            )
        if change.fee is not None:
            fee = replace(content.fees[0], amount=change.fee, sources=(source,))
            content = replace(content, fees=(fee,))
        if change.legal_basis is not None:
            content = replace(content, legal_basis="\n".join(change.legal_basis))
        created.append(
            procedure_version_create(
                actor=actor, procedure=version.procedure, valid_from=on_date, content=content
            )
        )
    return created
