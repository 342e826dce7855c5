"""A person's data rights, answered by an officer on a written request.

`motcua personal_data export --citizen KEY --output FILE.zip`: the same ZIP the citizen
downloads from their profile ("Tải dữ liệu của tôi").
`motcua personal_data erase --citizen KEY [--dry-run] [--yes]`: anonymise the account,
delete what no law asks to keep, keep what it does; prints both, with the reason for each
kept record. `--dry-run` prints the plan and changes nothing; without `--yes` the command
asks before erasing. One transaction; running it again changes nothing more.

KEY is the citizen's username, phone number or e-mail address.
"""

import io
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from motcua.portal.personal_data_services import (
    ErasurePlan,
    PersonalDataError,
    citizen_find,
    erasure_plan,
    personal_data_erase,
    personal_data_export,
)

CONFIRM_WORD = "xoa"


class Command(BaseCommand):
    help = "Export or erase a citizen's personal data (on the citizen's written request)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        export = actions.add_parser("export", help="write the citizen's data as a ZIP")
        export.add_argument("--citizen", required=True, help="username, phone or e-mail")
        export.add_argument("--output", required=True, help="the ZIP file to write")
        erase = actions.add_parser("erase", help="anonymise the account, keep what law keeps")
        erase.add_argument("--citizen", required=True, help="username, phone or e-mail")
        erase.add_argument("--dry-run", action="store_true", help="print the plan only")
        erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            citizen = citizen_find(key=options["citizen"])
        except PersonalDataError as error:
            raise CommandError(error.message) from None
        if options["action"] == "export":
            archive = personal_data_export(actor=None, citizen=citizen, via="command")
            Path(options["output"]).write_bytes(archive)
            self.stdout.write(
                f"Đã ghi dữ liệu của tài khoản {citizen.username} vào {options['output']} "
                f"({len(archive):,} byte).".replace(",", ".")
            )
            return
        self._erase(citizen, dry_run=options["dry_run"], yes=options["yes"])

    def _erase(self, citizen: Any, *, dry_run: bool, yes: bool) -> None:
        plan = erasure_plan(citizen=citizen)
        self._print(plan, title="Kế hoạch xóa dữ liệu" if dry_run else "Sẽ xóa")
        if not any(plan.deleted.values()):
            self.stdout.write(
                f"Tài khoản {citizen.username} đã được xóa dữ liệu trước đó: không còn gì để xóa."
            )
            return
        if dry_run:
            self.stdout.write("Chạy thử (--dry-run): chưa thay đổi gì.")
            return
        if not yes and not self._confirmed(citizen.username):
            raise CommandError("Đã hủy: không thay đổi gì.")
        progress = Progress(console=Console(file=sys.stderr), transient=True)
        with progress:
            task = progress.add_task("Ẩn danh hồ sơ hết hạn lưu trữ", total=None)
            done = personal_data_erase(
                actor=None,
                citizen=citizen,
                progress=lambda n, total: progress.update(task, completed=n, total=total),
            )
        self.stdout.write(
            f"Đã xóa dữ liệu cá nhân của tài khoản {citizen.username} "
            f"({sum(done.deleted.values())} mục); sự kiện đã ghi vào nhật ký kiểm tra."
        )

    def _confirmed(self, username: str) -> bool:
        self.stdout.write(f"Gõ “{CONFIRM_WORD}” để xóa dữ liệu của {username}: ", ending="")
        self.stdout.flush()
        try:
            return input().strip().lower() == CONFIRM_WORD
        except EOFError:
            return False

    def _print(self, plan: ErasurePlan, *, title: str) -> None:
        buffer = io.StringIO()
        console = Console(file=buffer, width=120, highlight=False)
        deleted = Table(title=f"{title}: tài khoản {plan.citizen.username}")
        deleted.add_column("Dữ liệu bị xóa hoặc ẩn danh")
        deleted.add_column("Số lượng", justify="right")
        for label, count in plan.deleted_rows():
            deleted.add_row(label, str(count))
        console.print(deleted)
        kept = Table(title="Dữ liệu được giữ lại và lý do")
        kept.add_column("Dữ liệu")
        kept.add_column("Số lượng", justify="right")
        kept.add_column("Lý do, căn cứ")
        for label, count, reason in plan.kept_rows():
            kept.add_row(label, str(count), reason)
        console.print(kept)
        self.stdout.write(buffer.getvalue(), ending="")
