"""The uploaded files' half of a backup: which files go in, putting them back, and checking
that every file the database names is there with the hash it recorded."""

import os
import secrets
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.apps import apps
from django.db import models
from django.utils.translation import gettext as _

from motcua.core.backups.archive import Digest, file_digest

PREFIX = "media/"


def media_files(root: Path, *, leave_out: Iterable[Path] = ()) -> Iterator[tuple[str, Path]]:
    """(archive name, path) of every regular file under `root`, in a stable order, but
    those under `leave_out` (the audit key, the backups themselves, when someone put them
    under MEDIA_ROOT). Symbolic links are not followed."""
    if not root.is_dir():
        return
    skipped = [p.resolve() for p in leave_out]
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        here = Path(folder)
        for name in sorted(files):
            path = here / name
            if path.is_symlink() or not path.is_file():
                continue
            if any(path.resolve().is_relative_to(s) for s in skipped):
                continue
            yield PREFIX + path.relative_to(root).as_posix(), path


def media_digests(root: Path) -> dict[str, Digest]:
    """Archive name -> digest of every file under `root` as it stands."""
    return {name: file_digest(path) for name, path in media_files(root)}


def replace_dir(new: Path, target: Path) -> None:
    """Put the folder `new` where `target` is, the old one removed afterwards. A target that
    cannot be renamed (a mount point) is emptied and filled instead."""
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.with_name(f".{target.name}.replaced-{secrets.token_hex(4)}")
    try:
        if target.exists():
            target.rename(old)
        new.rename(target)
    except OSError:
        for child in target.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
        for child in new.iterdir():
            shutil.move(child, target / child.name)
        new.rmdir()
    shutil.rmtree(old, ignore_errors=True)


def referenced_files() -> Iterator[tuple[str, str, str | None]]:
    """(model, archive name, recorded SHA-256 or None) of every file a row of the database
    names, for every model with a file field (named through the app registry: core sits
    below the apps that store files)."""
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        hashed = len(fields) == 1 and any(f.name == "sha256" for f in model._meta.fields)
        for field in fields:
            columns = [field.name, "sha256"] if hashed else [field.name]
            rows = model._default_manager.exclude(**{field.name: ""}).values_list(*columns)
            for row in rows.iterator():
                yield model._meta.label, PREFIX + str(row[0]), str(row[1]) if hashed else None


def referenced_problems(digests: dict[str, Digest]) -> tuple[int, list[str]]:
    """How many files the database names, and those absent or not of the recorded hash."""
    checked, problems = 0, []
    for label, name, sha256 in referenced_files():
        checked += 1
        found = digests.get(name)
        if found is None:
            problems.append(_("%(model)s: thiếu tệp %(name)s") % {"model": label, "name": name})
        elif sha256 is not None and found.sha256 != sha256:
            problems.append(
                _("%(model)s: tệp %(name)s khác mã băm đã ghi") % {"model": label, "name": name}
            )
    return checked, problems
