"""The catalogue changes a few times a year and is read by every public page, every
e-form and every receipt: what is read from it (the public lists and pages in
`{% cache %}` fragments, the version of a procedure in force on a day) is kept in the
cache under a version of the catalogue that every change renews.

With the default cache, one per process, another process sees a change once its copy
expires (CACHE_SECONDS); with a shared cache (Redis, Memcached) at once."""

import hashlib
import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "catalog:version"
CACHE_SECONDS = 60


def catalog_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # A new number, never an old one: entries kept under a lost version stay unused.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY, 0)
    return int(version)


T = TypeVar("T")


def cached(key: str, read: Callable[[], T]) -> T:
    """What `read()` gives, kept under `key` for this version of the catalogue; each
    call gets its own copy (the cache pickles), which the caller may change."""
    # Hashed: a key may carry what a visitor typed in a link (spaces, any length).
    full_key = f"catalog:{catalog_version()}:{hashlib.sha256(key.encode()).hexdigest()}"
    kept = cache.get(full_key)
    if kept is not None:
        return kept[0]
    value = read()
    cache.set(full_key, (value,), CACHE_SECONDS)  # in a tuple: None is an answer too
    return value


def catalog_changed() -> None:
    """A new version at once, so that this process sees its own change, and again on
    commit, so that what was read meanwhile from the old rows is not kept."""
    _renew()
    transaction.on_commit(_renew)


def _renew() -> None:
    cache.set(VERSION_KEY, time.time_ns(), timeout=None)
