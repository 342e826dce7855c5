"""`motcua audit verify [--chain KEY]`: recompute every hash link of the audit log.

Prints `OK: N events in M chains`, or the first broken link (chain, sequence, what is
wrong) and exits non-zero.
"""

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from rich.console import Console
from rich.progress import Progress

from motcua.core.audit import audit_event_count, verify_chain

# Below this many events verify takes well under a second: no progress bar.
PROGRESS_FROM = 50_000


class Command(BaseCommand):
    help = "Verify the hash chains of the audit log (detects edited or deleted events)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])
        parser.add_argument("--chain", help="one chain only: 'system' or 'agency:<id>'")

    def handle(self, *args: Any, **options: Any) -> None:
        chain = options["chain"]
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
        self.stdout.write(
            _("OK: %(events)d sự kiện trong %(chains)d chuỗi nhật ký, không bị sửa hay xoá.")
            % {"events": result.events, "chains": result.chains}
        )
