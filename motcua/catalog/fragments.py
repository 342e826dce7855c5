"""The public catalogue pages are the same for every visitor, so their main part is
rendered once and kept in the cache (`{% cache %}` in the templates), keyed on a version
that every change to the catalogue replaces.

With the default cache, one per process, another process sees a change once its copy
expires (FRAGMENT_SECONDS); with a shared cache (Redis, Memcached) at once."""

import time

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "catalog:fragments"
FRAGMENT_SECONDS = 60


def fragments_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # A new number, never an old one: fragments kept under a lost version stay unused.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY, 0)
    return int(version)


def catalog_changed() -> None:
    """A new version at once, so that this process shows its own change, and again on
    commit, so that a page rendered meanwhile from the old rows is not kept."""
    _renew()
    transaction.on_commit(_renew)


def _renew() -> None:
    cache.set(VERSION_KEY, time.time_ns(), timeout=None)
