"""Writes to the catalogue. Each is one transaction and applies the same model rules
as the admin (clean(), validate_step_budgets()), so bad input changes nothing."""

from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.catalog.models import (
    DocumentRequirement,
    Fee,
    FeeExemption,
    Field,
    Procedure,
    ProcedureVersion,
    ProcessingStep,
)
from motcua.catalog.selectors import version_content
from motcua.catalog.sources import source_dicts
from motcua.catalog.specs import VERSION_COLUMNS, FeeSpec, VersionContent
from motcua.core.audit import audit_record
from motcua.units.models import UnitLevel

Row = DocumentRequirement | Fee | FeeExemption | ProcessingStep


def _require(actor: User | None, permission: str) -> None:
    """actor None is the system itself (the reference-data loader)."""
    if actor is not None and not actor.has_perm(f"catalog.{permission}"):
        raise PermissionDenied(_("Bạn không có quyền sửa danh mục thủ tục hành chính."))


@transaction.atomic
def field_upsert(*, actor: User | None, slug: str, name: str) -> Field:
    _require(actor, "change_field")
    field = Field.objects.filter(slug=slug).first() or Field(slug=slug)
    field.name = name
    field.full_clean()
    field.save()
    return field


@transaction.atomic
def procedure_upsert(
    *,
    actor: User | None,
    slug: str,
    name: str,
    field: Field,
    code: str = "",
    code_unconfirmed: bool = False,
    agency_level: int = UnitLevel.COMMUNE,
    keywords: str = "",
) -> Procedure:
    _require(actor, "change_procedure")
    procedure = Procedure.objects.filter(slug=slug).first() or Procedure(slug=slug)
    wanted = {
        "name": name,
        "field_id": field.pk,
        "code": code,
        "code_unconfirmed": code_unconfirmed,
        "agency_level": agency_level,
        "keywords": keywords,
    }
    if procedure.pk and all(getattr(procedure, k) == v for k, v in wanted.items()):
        return procedure  # nothing changes: nothing is written, nothing to audit
    for attribute, value in wanted.items():
        setattr(procedure, attribute, value)
    procedure.edited_locally = procedure.edited_locally or actor is not None
    procedure.full_clean()
    procedure.save()
    audit_record(
        actor=actor,
        action="procedure.upsert",
        target=procedure,
        payload={
            "name": name,
            "field": field.slug,
            "code": code,
            "code_unconfirmed": code_unconfirmed,
            "agency_level": agency_level,
            "keywords": keywords,
        },
    )
    return procedure


@transaction.atomic
def procedure_version_create(
    *,
    actor: User | None,
    procedure: Procedure,
    valid_from: date,
    content: VersionContent,
    valid_to: date | None = None,
) -> ProcedureVersion:
    """Add a version; an open-ended earlier version ends the day before this one starts."""
    _require(actor, "add_procedureversion")
    # One writer per procedure at a time: the overlap check below must see a settled set.
    Procedure.objects.select_for_update().filter(pk=procedure.pk).first()
    ProcedureVersion.objects.filter(
        procedure=procedure, valid_to__isnull=True, valid_from__lt=valid_from
    ).update(valid_to=valid_from - timedelta(days=1))
    version = ProcedureVersion(procedure=procedure, valid_from=valid_from, valid_to=valid_to)
    _save_content(version, content, actor)
    _version_audit(version, content, actor, "procedure_version.create")
    return version


@transaction.atomic
def procedure_version_update(
    *,
    actor: User | None,
    version: ProcedureVersion,
    content: VersionContent,
    valid_to: date | None = None,
) -> ProcedureVersion:
    """Replace a version's content; documents, fees and steps keep their ids by position."""
    _require(actor, "change_procedureversion")
    Procedure.objects.select_for_update().filter(pk=version.procedure_id).first()
    if version.valid_to == valid_to and version_content(version=version) == content:
        return version  # nothing changes: nothing is written, nothing to audit
    version.valid_to = valid_to
    _save_content(version, content, actor)
    _version_audit(version, content, actor, "procedure_version.update")
    return version


def _version_audit(
    version: ProcedureVersion, content: VersionContent, actor: User | None, action: str
) -> None:
    # The whole content: a version's timeline shows what each edit set.
    audit_record(
        actor=actor,
        action=action,
        target=version,
        payload={
            "valid_from": version.valid_from,
            "valid_to": version.valid_to,
            "content": asdict(content),
        },
    )


def _save_content(version: ProcedureVersion, content: VersionContent, actor: User | None) -> None:
    for column in VERSION_COLUMNS:
        setattr(version, column, getattr(content, column))
    version.time_sources = source_dicts(content.time_sources)
    version.edited_locally = version.edited_locally or actor is not None
    version.full_clean()
    version.validate_step_budgets(step.budget for step in content.steps)
    documents = [
        DocumentRequirement(
            name=d.name,
            form=d.form,
            count=d.count,
            condition=d.condition,
            sources=source_dicts(d.sources),
        )
        for d in content.documents
    ]
    steps = [
        ProcessingStep(name=s.name, role=s.role, budget=s.budget, sources=source_dicts(s.sources))
        for s in content.steps
    ]
    fees = [_fee_row(f) for f in content.fees]
    rows: list[Row] = [*documents, *steps, *fees]
    for row in rows:
        row.full_clean(exclude=["version"])
    version.save()
    _replace_rows(version.documents.all(), documents, version=version)
    _replace_rows(version.steps.all(), steps, version=version)
    _replace_rows(version.fees.all(), fees, version=version)
    for fee, spec in zip(fees, content.fees, strict=True):
        exemptions = [FeeExemption(category=e.category, text=e.text) for e in spec.exemptions]
        for exemption in exemptions:
            exemption.full_clean(exclude=["fee"])
        _replace_rows(fee.exemptions.all(), exemptions, fee=fee)


def _fee_row(spec: FeeSpec) -> Fee:
    return Fee(
        label=spec.label,
        amount=spec.amount,
        basis=spec.basis,
        note=spec.note,
        sources=source_dicts(spec.sources),
    )


def _replace_rows(existing: Iterable[Row], wanted: Sequence[Row], **parent: Any) -> None:
    """Save `wanted` in order over the existing rows, reusing their ids (other apps may
    point at a document requirement), and delete the rows left over."""
    old = list(existing)
    for position, row in enumerate(wanted, start=1):
        for name, value in parent.items():
            setattr(row, name, value)
        row.position = position
        if position <= len(old):
            row.pk = old[position - 1].pk
        row.save()
    for leftover in old[len(wanted) :]:
        leftover.delete()
