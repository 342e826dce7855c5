"""`motcua audit verify [--chain KEY]`: recompute every hash link of the audit log, check
the chain heads' seals and the database against the last checkpoint.
`motcua audit checkpoint [--every SECONDS]`: append a sealed checkpoint of every chain
head to AUDIT_CHECKPOINT_FILE (once, or every SECONDS until stopped).

verify prints `OK: N events in M chains`, or the first broken link (chain, sequence, what
is wrong) and exits non-zero.
"""

import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from rich.console import Console
from rich.progress import Progress

from motcua.core.audit import audit_event_count, verify_chain
from motcua.core.audit_checkpoints import audit_checkpoint, checkpoint_check, when
from motcua.core.input import cli_text

# Below this many events verify takes well under a second: no progress bar.
PROGRESS_FROM = 50_000


class Command(BaseCommand):
    help = "Verify the audit log (edited, deleted or recomputed events), or checkpoint it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "checkpoint"])
        parser.add_argument(
            "--chain", type=cli_text, help="verify one chain only: 'system' or 'agency:<id>'"
        )
        parser.add_argument("--every", type=int, help="checkpoint: repeat every N seconds")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "checkpoint":
            self._checkpoint(options["every"])
        else:
            self._verify(options["chain"])

    def _checkpoint(self, every: int | None) -> None:
        path = settings.AUDIT_CHECKPOINT_FILE
        while True:
            heads = audit_checkpoint(path=path)
            events = sum(sequence for sequence, _hash in heads.values())
            self.stdout.write(
                _("Đã ghi điểm kiểm tra: %(chains)d chuỗi, %(events)d sự kiện, vào %(path)s")
                % {"chains": len(heads), "events": events, "path": path}
            )
            if not every:
                return
            time.sleep(every)

    def _verify(self, chain: str | None) -> None:
        total = audit_event_count(chain=chain)
        # The bar goes to stderr, so stdout stays one line a script can read.
        progress = Progress(console=Console(file=sys.stderr), disable=total < PROGRESS_FROM)
        with progress:
            task = progress.add_task("Kiểm tra chuỗi băm", total=total)
            result = verify_chain(
                chain=chain, on_progress=lambda done: progress.update(task, completed=done)
            )
        if result.broken is not None:
            broken = result.broken
            raise CommandError(
                f"Chuỗi nhật ký bị phá vỡ: chuỗi {broken.chain}, sự kiện số {broken.sequence}: "
                f"{broken.problem} ({result.events} sự kiện trước đó hợp lệ)."
            )
        if chain is not None and result.chains == 0:
            raise CommandError(f"Không có chuỗi nhật ký '{chain}' (dạng: system, agency:<id>).")
        checked = checkpoint_check(path=settings.AUDIT_CHECKPOINT_FILE)
        if not checked.ok:
            raise CommandError(f"Nhật ký không khớp điểm kiểm tra: {checked.problem}.")
        if checked.last is None:
            against = _("chưa có điểm kiểm tra nào (motcua audit checkpoint)")
        else:
            against = _("khớp điểm kiểm tra lúc %(at)s") % {"at": when(checked.last)}
        self.stdout.write(
            _(
                "OK: %(events)d sự kiện trong %(chains)d chuỗi nhật ký, không bị sửa hay "
                "xoá; %(against)s."
            )
            % {"events": result.events, "chains": result.chains, "against": against}
        )
