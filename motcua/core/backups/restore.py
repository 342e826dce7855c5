"""`motcua restore ARCHIVE`: the archive checked whole before anything is touched, then
the database, the uploaded files and the checkpoint file put back, then verified — the
audit log against the restored checkpoints, the row counts against the manifest, every
restored file against its hash, and every file the database names against the hash it
recorded. The site should be stopped while it runs (README)."""

import secrets
import shutil
import tempfile
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.audit import audit_record
from motcua.core.audit_seal import audit_key
from motcua.core.backups import databases
from motcua.core.backups.archive import BackupError, Checked, archive_check, archive_extract
from motcua.core.backups.create import CHECKPOINTS, OnProgress, no_progress
from motcua.core.backups.media import PREFIX, media_digests, referenced_problems, replace_dir
from motcua.core.models import AuditEvent
from motcua.core.tz import VN_TZ

STEP_RESTORE = "restore"
STEP_VERIFY = "verify"


def backup_check(archive: Path) -> Checked:
    """Hashes and signature of every member; nothing is written."""
    if not archive.is_file():
        raise BackupError(_("Không có tệp %(path)s.") % {"path": archive})
    return archive_check(archive, key=audit_key())


def compatibility_problem(manifest: dict[str, Any]) -> str | None:
    """Why this code cannot restore the archive: another engine, or a newer version."""
    here = databases.engine()
    if manifest.get("engine") != here:
        return _(
            "Bản sao lưu của %(archived)s, cơ sở dữ liệu đang cấu hình là %(here)s: không khôi "
            "phục chéo giữa hai loại cơ sở dữ liệu (cross-engine restore is not supported)."
        ) % {"archived": manifest.get("engine"), "here": here}
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [
        f"{app}.{name}"
        for app, names in manifest.get("migrations", {}).items()
        for name in names
        if (app, name) not in known
    ]
    if unknown:
        return _(
            "Bản sao lưu từ phiên bản motcua mới hơn (%(version)s, có %(migrations)s): cài phiên "
            "bản đó rồi khôi phục."
        ) % {"version": manifest.get("app_version"), "migrations": ", ".join(unknown[:5])}
    return None


def target_holds() -> tuple[int, int]:
    """(users, audit events) in the configured database: what a restore would overwrite.
    A database only migrated holds neither."""
    present = connection.introspection.table_names()
    user_model = get_user_model()
    users = user_model.objects.count() if user_model._meta.db_table in present else 0
    events = AuditEvent.objects.count() if AuditEvent._meta.db_table in present else 0
    return users, events


@dataclass
class Restored:
    manifest: dict[str, Any]
    audit: str = ""  # audit verify's line, or its error
    audit_ok: bool = False
    files: int = 0  # restored files checked against their hash
    referenced: int = 0  # files named by the database, checked
    problems: list[str] = field(default_factory=list)
    checkpoints_kept: Path | None = None  # the checkpoint file found, kept aside
    migrate_needed: bool = False  # from an older version: `audit` says to migrate first

    @property
    def ok(self) -> bool:
        """Nothing found wrong (the audit log of an older version is checked after migrate)."""
        return (self.audit_ok or self.migrate_needed) and not self.problems


def _put_checkpoints(staged: Path, target: Path) -> Path | None:
    """The archived checkpoint file in place; one found there that differs is kept aside,
    never overwritten (it may record events after the backup, now lost)."""
    kept = None
    if target.exists() and target.read_bytes() != staged.read_bytes():
        stamp = timezone.now().astimezone(VN_TZ)
        kept = target.with_name(f"{target.name}.before-restore-{stamp:%Y%m%d-%H%M%S}")
        target.rename(kept)
    staged.replace(target)
    return kept


def backup_restore(
    *, archive: Path, manifest: dict[str, Any], on_progress: OnProgress = no_progress
) -> Restored:
    media_root = Path(settings.MEDIA_ROOT)
    checkpoints = Path(settings.AUDIT_CHECKPOINT_FILE)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    checkpoints.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".motcua-restore-", dir=media_root.parent))
    staged_checkpoints = checkpoints.with_name(f".{checkpoints.name}.{secrets.token_hex(4)}")
    database = databases.MEMBERS[manifest["engine"]]
    total = len(manifest["members"])
    done = 0

    def destination(name: str) -> Path:
        if name == CHECKPOINTS:
            return staged_checkpoints
        if name.startswith(PREFIX) or name == database:
            return staging / name
        raise BackupError(_("Thành phần lạ trong bản sao lưu: %(name)s") % {"name": name})

    def extracted(name: str) -> None:
        nonlocal done
        done += 1
        on_progress(STEP_RESTORE, done, total)

    try:
        on_progress(STEP_RESTORE, 0, total)
        archive_extract(archive, manifest=manifest, destination=destination, on_member=extracted)
        databases.restore(engine_name=manifest["engine"], copy=staging / database)
        (staging / PREFIX).mkdir(exist_ok=True)
        replace_dir(staging / PREFIX, media_root)
        kept = _put_checkpoints(staged_checkpoints, checkpoints)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        staged_checkpoints.unlink(missing_ok=True)
    restored = Restored(manifest=manifest, checkpoints_kept=kept)
    restore_verify(restored, on_progress=on_progress)
    if not restored.migrate_needed:
        _record(archive, restored)
    return restored


def restore_verify(restored: Restored, *, on_progress: OnProgress = no_progress) -> None:
    """What the restore left, against the manifest and the audit log's own checks."""
    manifest = restored.manifest
    on_progress(STEP_VERIFY, 0, 4)
    executor = MigrationExecutor(connection)
    restored.migrate_needed = bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    if restored.migrate_needed:
        # The models are ahead of the restored tables: what reads them waits for migrate.
        restored.audit = _(
            "Bản sao lưu từ phiên bản cũ hơn: chạy motcua migrate rồi motcua audit verify."
        )
    else:
        out = StringIO()
        try:
            call_command("audit", "verify", stdout=out)
            restored.audit, restored.audit_ok = out.getvalue().strip(), True
        except CommandError as error:
            restored.audit = str(error)
    on_progress(STEP_VERIFY, 1, 4)

    with connection.cursor() as cursor:
        counts = databases.table_counts(cursor, connection.vendor)
    for table, expected in sorted(manifest["counts"].items()):
        if counts.get(table) != expected:
            restored.problems.append(
                _("bảng %(table)s có %(rows)s dòng, lúc sao lưu có %(expected)s")
                % {"table": table, "rows": counts.get(table), "expected": expected}
            )
    on_progress(STEP_VERIFY, 2, 4)

    digests = media_digests(Path(settings.MEDIA_ROOT))
    listed = {n: m for n, m in manifest["members"].items() if n.startswith(PREFIX)}
    for name, entry in sorted(listed.items()):
        found = digests.get(name)
        if found is None or (found.sha256, found.size) != (entry["sha256"], entry["size"]):
            restored.problems.append(
                _("tệp thiếu hoặc khác bản sao lưu: %(name)s") % {"name": name}
            )
    restored.files = len(listed)
    on_progress(STEP_VERIFY, 3, 4)

    if not restored.migrate_needed:
        restored.referenced, missing = referenced_problems(digests)
        restored.problems.extend(missing)
    on_progress(STEP_VERIFY, 4, 4)


def _record(archive: Path, restored: Restored) -> None:
    """The restore itself, in the system chain of the restored log."""
    with transaction.atomic():
        audit_record(
            actor=None,
            action="backup.restore",
            reason=archive.name,
            payload={
                "created_at": restored.manifest.get("created_at"),
                "verified": restored.ok,
                "problems": len(restored.problems),
            },
        )
