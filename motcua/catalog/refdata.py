"""`motcua refdata load`: the shipped procedure catalogue (data/catalog/procedures.toml).

Idempotent: fields and procedures are matched by slug, versions by (procedure, valid_from),
and everything goes through the same services, and so the same checks, as the admin.
"""

import tomllib
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import transaction

from motcua.catalog.models import ProcedureVersion
from motcua.catalog.services import (
    field_upsert,
    procedure_upsert,
    procedure_version_create,
    procedure_version_update,
)
from motcua.catalog.specs import SeedError, parse_catalog

SEED_FILE = Path(settings.BASE_DIR) / "data" / "catalog" / "procedures.toml"


def load(path: Path = SEED_FILE) -> str:
    try:
        fields, procedures = parse_catalog(tomllib.loads(path.read_text(encoding="utf-8")))
    except (OSError, tomllib.TOMLDecodeError, SeedError) as error:
        raise CommandError(f"{path}: {error}") from error
    created = updated = 0
    with transaction.atomic():
        by_slug = {f.slug: field_upsert(actor=None, slug=f.slug, name=f.name) for f in fields}
        for seed in procedures:
            try:
                procedure = procedure_upsert(
                    actor=None,
                    slug=seed.slug,
                    name=seed.name,
                    field=by_slug[seed.field],
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
                        created += 1
                    else:
                        procedure_version_update(
                            actor=None, version=existing, valid_to=v.valid_to, content=v.content
                        )
                        updated += 1
            except ValidationError as error:
                raise CommandError(f"{path}: procedure {seed.slug}: {error.messages}") from error
    return (
        f"{len(fields)} fields, {len(procedures)} procedures, "
        f"{created} versions created, {updated} updated"
    )
