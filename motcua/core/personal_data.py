"""Personal ID numbers sealed at rest (core.sealed_text), read back as plain strings.

`SealedCharField` stores the sealed text and reads back the plain one, so code keeps
using `user.personal_id`; its companion `LookupHashField`, named like it with `_hash`
(`personal_id_hash`), is computed from it at every save: the keyed hash that exact
searches and unique constraints use:

    User.objects.filter(personal_id_hash=personal_id_hash("001203012345"))

A filter on the sealed column itself can never match (every seal differs) and raises
FieldError, except `= ""` (no number). Saving through the model keeps the two in step,
`save(update_fields=[...])` included (SealedLookupsMixin). `QuerySet.update()` and
`bulk_update()` do not see the model: set both, e.g.
`.update(personal_id="", personal_id_hash="")`.

The key: PERSONAL_DATA_KEY, or PERSONAL_DATA_KEY_FILE; neither: derived from SECRET_KEY
(`check --deploy` refuses that: rotating SECRET_KEY would make every number unreadable).
Key rotation is not supported: a sealed text names its key, so data sealed with another
key fails loudly (SealError) rather than reading as garbage.
"""

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register
from django.core.exceptions import FieldError
from django.db import models
from django.db.models.lookups import Exact
from django.db.models.query_utils import DeferredAttribute
from django.utils.crypto import salted_hmac

from motcua.core.sealed_text import Keys, SealError, lookup_hash, seal, unseal

__all__ = ["SealError"]

KEY_SALT = "motcua.core.personal_data"
SEALED_MAX_LENGTH = 100  # a 12-digit number seals to 69 characters


def personal_data_keys() -> Keys:
    return _keys(settings.PERSONAL_DATA_KEY, settings.PERSONAL_DATA_KEY_FILE, settings.SECRET_KEY)


@lru_cache(maxsize=4)
def _keys(key: str, key_file: str, secret_key: str) -> Keys:
    if key:
        return Keys.from_secret(key.encode())
    if key_file:
        return Keys.from_secret(Path(key_file).read_bytes().strip())
    # Not the SECRET_KEY itself: a key of its own, derived, that signs nothing else.
    derived = salted_hmac(KEY_SALT, "personal data key", secret=secret_key, algorithm="sha256")
    return Keys.from_secret(derived.digest())


def personal_id_hash(text: str) -> str:
    """What `*_personal_id_hash` holds for the ID number `text` ("" for none)."""
    return lookup_hash(personal_data_keys(), text)


def personal_id_seal(text: str) -> str:
    return seal(personal_data_keys(), text) if text else ""


def personal_id_unseal(value: str) -> str:
    return unseal(personal_data_keys(), value) if value else ""


class _SealedAttribute(DeferredAttribute):
    """Assigning the plain value also refreshes the lookup hash in memory, so that model
    validation (a form's unique check) sees the hash the save will write."""

    field: "SealedCharField"

    def __set__(self, instance: models.Model, value: Any) -> None:
        instance.__dict__[self.field.attname] = value
        instance.__dict__[self.field.lookup_field] = personal_id_hash(value or "")


class _EmptyOnlyExact(Exact):
    def get_prep_lookup(self) -> Any:
        if self.rhs != "":
            raise FieldError(
                f"{self.lhs.target.name} is sealed: filter on {self.lhs.target.lookup_field} "
                "= personal_id_hash(number) instead"
            )
        return super().get_prep_lookup()


class SealedCharField(models.CharField):
    descriptor_class = _SealedAttribute

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", SEALED_MAX_LENGTH)
        super().__init__(*args, **kwargs)

    @property
    def lookup_field(self) -> str:
        return f"{self.name}_hash"

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "exact":
            return _EmptyOnlyExact
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        raise FieldError(
            f"{self.name} is sealed: no “{lookup_name}” lookup; filter on {self.lookup_field}"
        )

    def get_prep_value(self, value: Any) -> Any:
        return personal_id_seal(super().get_prep_value(value) or "")

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        return personal_id_unseal(value) if value is not None else None


class LookupHashField(models.CharField):
    """The keyed hash of the SealedCharField named like it without `_hash`, computed
    from it at every save (never edited on its own)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = personal_id_hash(getattr(model_instance, self.attname.removesuffix("_hash")) or "")
        setattr(model_instance, self.attname, value)
        return value


def with_lookup_fields(model: type[models.Model], fields: Iterable[str]) -> list[str]:
    """`fields` and the lookup hash of every sealed field among them."""
    names = list(fields)
    for field in model._meta.concrete_fields:
        if not isinstance(field, SealedCharField) or field.name not in names:
            continue
        if field.lookup_field not in names:
            names.append(field.lookup_field)
    return names


class SealedLookupsMixin:
    """`save(update_fields=[...])` naming a sealed field saves its lookup hash too."""

    def save(self, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = with_lookup_fields(type(self), kwargs["update_fields"])  # type: ignore[arg-type]
        super().save(*args, **kwargs)  # type: ignore[misc]


@register(Tags.security, deploy=True)
def personal_data_key_set(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.PERSONAL_DATA_KEY or settings.PERSONAL_DATA_KEY_FILE:
        return []
    return [
        Error(
            "Personal ID numbers are sealed with a key derived from SECRET_KEY: rotating "
            "SECRET_KEY would make every stored number unreadable.",
            hint="Set PERSONAL_DATA_KEY (or PERSONAL_DATA_KEY_FILE) to a random secret of "
            "its own, e.g. `openssl rand -base64 32`, and keep a copy with the backups.",
            id="core.E001",
        )
    ]
