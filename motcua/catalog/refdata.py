"""`motcua refdata load`: the shipped procedure catalogue (data/catalog/procedures.toml).

Idempotent: fields and procedures are matched by slug, versions by (procedure, valid_from),
and everything goes through the same services, and so the same checks, as the admin.
A procedure or version an administrator has edited is left as it is (`make run` reloads).
"""

import tomllib
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from motcua.catalog.models import Field, Procedure, ProcedureVersion, in_force_q
from motcua.catalog.routing import catalogue_gaps
from motcua.catalog.selectors import version_content
from motcua.catalog.services import (
    field_upsert,
    procedure_upsert,
    procedure_version_create,
    procedure_version_update,
)
from motcua.catalog.specs import ProcedureSeed, SeedError, parse_catalog

SEED_FILE = Path(settings.BASE_DIR) / "data" / "catalog" / "procedures.toml"


def load(path: Path = SEED_FILE) -> str:
    try:
        fields, procedures = parse_catalog(tomllib.loads(path.read_text(encoding="utf-8")))
    except (OSError, tomllib.TOMLDecodeError, SeedError) as error:
        raise CommandError(f"{path}: {error}") from error
    versions: Counter[str] = Counter()
    with transaction.atomic():
        by_slug = {f.slug: field_upsert(actor=None, slug=f.slug, name=f.name) for f in fields}
        for seed in procedures:
            try:
                _load_procedure(seed, by_slug[seed.field], versions)
            except ValidationError as error:
                raise CommandError(f"{path}: procedure {seed.slug}: {error.messages}") from error
    summary = (
        f"{len(fields)} fields, {len(procedures)} procedures, "
        f"{versions['created']} versions created, {versions['updated']} updated, "
        f"{versions['unchanged']} unchanged, {versions['kept']} kept as edited locally"
    )
    return "\n".join([summary, *(f"Cảnh báo: {gap}" for gap in _gaps())])


def _gaps() -> list[str]:
    """Steps nobody could do in the wards at work, for the versions in force today: a
    warning, since the officers may be created after the catalogue."""
    in_force = ProcedureVersion.objects.filter(in_force_q(timezone.localdate()))
    return [
        gap
        for version in in_force.select_related("procedure").prefetch_related("steps")
        for gap in catalogue_gaps(version=version)
    ]


def _load_procedure(seed: ProcedureSeed, field: Field, versions: Counter[str]) -> None:
    procedure = Procedure.objects.filter(slug=seed.slug).first()
    if procedure is None or not procedure.edited_locally:
        procedure = procedure_upsert(
            actor=None,
            slug=seed.slug,
            name=seed.name,
            field=field,
            code=seed.code,
            code_unconfirmed=seed.code_unconfirmed,
            agency_level=seed.agency_level,
            keywords=seed.keywords,
        )
    for v in seed.versions:
        existing = ProcedureVersion.objects.filter(
            procedure=procedure, valid_from=v.valid_from
        ).first()
        if existing is None:
            procedure_version_create(
                actor=None,
                procedure=procedure,
                valid_from=v.valid_from,
                valid_to=v.valid_to,
                content=v.content,
            )
            versions["created"] += 1
        elif existing.edited_locally:
            versions["kept"] += 1
        elif existing.valid_to == v.valid_to and version_content(version=existing) == v.content:
            versions["unchanged"] += 1
        else:
            procedure_version_update(
                actor=None, version=existing, valid_to=v.valid_to, content=v.content
            )
            versions["updated"] += 1
