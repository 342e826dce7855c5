"""`motcua backup`: one archive with the database, the uploaded files and the audit
checkpoints, taken while the site runs.

The order is what makes it consistent: a fresh checkpoint is written first and the
checkpoint file copied (every event it records is committed), then the database is
copied at one moment (so it holds every event the copied checkpoints name, and
`audit verify` passes after a restore), then the files. A file uploaded after the
database copy is carried along unnamed, which is harmless. The audit key is never put in
the archive: it signs the manifest, and restoring needs the same key.
"""

import importlib.metadata
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import django
from django.conf import settings

from motcua.core.audit_checkpoints import audit_checkpoint
from motcua.core.audit_seal import audit_key
from motcua.core.backups import databases
from motcua.core.backups.archive import ArchiveWriter
from motcua.core.backups.media import media_files
from motcua.core.tz import VN_TZ

CHECKPOINTS = "audit-checkpoints.jsonl"
NAME = "motcua-backup-{:%Y%m%d-%H%M%S}.tar"
NAMED = re.compile(r"^motcua-backup-\d{8}-\d{6}\.tar$")

# (step, done, total or None): the command draws it.
OnProgress = Callable[[str, int, int | None], None]
STEP_CHECKPOINT = "checkpoint"
STEP_DATABASE = "database"
STEP_MEDIA = "media"


def no_progress(step: str, done: int, total: int | None) -> None:
    return None


@dataclass(frozen=True)
class Backup:
    path: Path
    manifest: dict[str, Any]


def archive_path(output: Path | None, *, now: datetime) -> Path:
    """`output` a folder (existing, or written with a trailing slash): a dated name in it;
    otherwise the file itself. Default: BACKUP_DIR."""
    folder = Path(settings.BACKUP_DIR) if output is None else output
    if output is not None and not output.is_dir() and not str(output).endswith("/"):
        output.parent.mkdir(parents=True, exist_ok=True)
        return output
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder / NAME.format(now.astimezone(VN_TZ))


def complete_lines(data: bytes) -> bytes:
    """Up to the last newline: a checkpoint being appended at this instant is left out."""
    return data[: data.rfind(b"\n") + 1]


def backup_create(*, output: Path | None = None, on_progress: OnProgress = no_progress) -> Backup:
    now = datetime.now(tz=UTC)
    path = archive_path(output, now=now)
    checkpoints = Path(settings.AUDIT_CHECKPOINT_FILE)
    with (
        tempfile.TemporaryDirectory(prefix=".motcua-backup-", dir=path.parent) as staging,
        ArchiveWriter(path) as writer,
    ):
        on_progress(STEP_CHECKPOINT, 0, 1)
        heads = audit_checkpoint(path=checkpoints)
        writer.add_bytes(
            CHECKPOINTS, complete_lines(checkpoints.read_bytes()), mtime=now.timestamp()
        )
        on_progress(STEP_CHECKPOINT, 1, 1)

        on_progress(STEP_DATABASE, 0, None)
        snapshot = databases.snapshot(into=Path(staging))
        writer.add_file(databases.MEMBERS[snapshot.engine], snapshot.path)
        Path(snapshot.path).unlink()
        on_progress(STEP_DATABASE, 1, 1)

        leave_out = [path.parent, checkpoints]
        if settings.AUDIT_KEY_FILE:
            leave_out.append(Path(settings.AUDIT_KEY_FILE))
        files = list(media_files(Path(settings.MEDIA_ROOT), leave_out=leave_out))
        media_bytes = 0
        on_progress(STEP_MEDIA, 0, len(files))
        for done, (name, file) in enumerate(files, start=1):
            media_bytes += writer.add_file(name, file).size
            on_progress(STEP_MEDIA, done, len(files))

        manifest = {
            "created_at": now.isoformat(),
            "engine": snapshot.engine,
            "database_server": snapshot.server,
            "app_version": importlib.metadata.version("motcua"),
            "django_version": django.get_version(),
            "migrations": snapshot.migrations,
            "counts": snapshot.counts,
            "media": {"files": len(files), "bytes": media_bytes},
            "checkpoint": {"at": now.isoformat(), "chains": len(heads)},
        }
        signed = writer.commit(manifest, key=audit_key(), mtime=now.timestamp())
    return Backup(path, signed)


def backup_prune(folder: Path, *, keep: int) -> list[Path]:
    """Delete all but the `keep` newest dated archives in `folder` (never another file)."""
    archives = sorted(p for p in folder.iterdir() if NAMED.match(p.name) and p.is_file())
    gone = archives[: max(len(archives) - keep, 0)]
    for old in gone:
        old.unlink()
    return gone
