"""Checkpoints of the audit log outside the database (see `audit_seal`): write one, and
check the database against the last one."""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.audit_seal import Checkpoint, checkpoint_append, checkpoints_read
from motcua.core.formatting import short_datetime
from motcua.core.models import AuditChainHead, AuditEvent


def audit_checkpoint(*, path: Path) -> dict[str, tuple[int, str]]:
    """Append the heads of every chain, as they stand now, to the checkpoint file."""
    with transaction.atomic():
        heads = {h.chain: (h.sequence, h.hash) for h in AuditChainHead.objects.order_by("chain")}
    checkpoint_append(path, at=timezone.now(), heads=heads)
    return heads


def when(checkpoint: Checkpoint) -> str:
    return short_datetime(datetime.fromisoformat(checkpoint.at))


@dataclass(frozen=True)
class CheckpointCheck:
    last: Checkpoint | None  # None: no checkpoint to check against
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


def checkpoint_check(*, path: Path) -> CheckpointCheck:
    """Every checkpoint in the file must carry a sound HMAC, and every event the last one
    records must still be in the database with the same hash (truncation, a cut tail and
    a recomputed chain all fail this)."""
    if not path.exists():
        return CheckpointCheck(None)
    last = None
    for checkpoint in checkpoints_read(path):
        if not checkpoint.sound:
            return CheckpointCheck(
                checkpoint,
                _("điểm kiểm tra ở dòng %(line)d của %(path)s bị sửa hoặc không đọc được")
                % {"line": checkpoint.line, "path": path},
            )
        last = checkpoint
    if last is None:
        return CheckpointCheck(None)
    for chain, (sequence, hash_) in sorted(last.heads.items()):
        if sequence == 0:
            continue
        stored = AuditEvent.objects.filter(chain=chain, sequence=sequence).first()
        if stored is None or stored.hash != hash_:
            what = _("không còn") if stored is None else _("có mã băm khác")
            return CheckpointCheck(
                last,
                _(
                    "chuỗi %(chain)s: sự kiện số %(sequence)d, ghi ở điểm kiểm tra lúc "
                    "%(at)s, %(what)s trong cơ sở dữ liệu"
                )
                % {"chain": chain, "sequence": sequence, "at": when(last), "what": what},
            )
    return CheckpointCheck(last)
