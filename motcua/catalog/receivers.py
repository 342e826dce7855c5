"""Any saved or deleted row of the catalogue — through the services, the admin or a
script — renews the version of what is cached of it (caching.py)."""

from typing import Any

from django.db.models.signals import post_delete, post_save

from motcua.catalog import models
from motcua.catalog.caching import catalog_changed

CATALOGUE_MODELS = (
    models.Field,
    models.Procedure,
    models.ProcedureVersion,
    models.DocumentRequirement,
    models.Fee,
    models.FeeExemption,
    models.ProcessingStep,
)


def _changed(**_: Any) -> None:
    catalog_changed()


for model in CATALOGUE_MODELS:
    for signal in (post_save, post_delete):
        signal.connect(_changed, sender=model, dispatch_uid=f"catalog_cache_{model.__name__}")
