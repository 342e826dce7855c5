"""`motcua catalog audit` and `motcua catalog import-annex FILE.xlsx --on DATE [--apply]`.

`audit` exits with status 1 when it reports anything (a fact without a source or checked
more than CATALOG_RECHECK_DAYS ago, a legal basis replaced by a newer text, a procedure
without a national code), 0 when the catalogue in force is clean: usable from cron or CI.
"""

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.catalog.annex import AnnexError
from motcua.catalog.annex_apply import annex_apply, annex_diff
from motcua.catalog.audit import KIND_LABELS, catalogue_findings
from motcua.core.formatting import short_date


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Ngày không hợp lệ “{text}”: dùng YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = "Danh mục thủ tục: rà soát nguồn (audit), nhập phụ lục quyết định công bố."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        audit = actions.add_parser("audit", help="Thông tin cần đối chiếu lại; mã thoát 1 nếu có.")
        audit.add_argument("--on", help="YYYY-MM-DD (mặc định: hôm nay)")
        annex = actions.add_parser("import-annex", help="So sánh (và --apply: lưu) phụ lục.")
        annex.add_argument("file", type=Path)
        annex.add_argument("--on", required=True, help="Ngày áp dụng, YYYY-MM-DD")
        annex.add_argument("--decision", default="", help="Số, tên quyết định công bố")
        annex.add_argument("--apply", action="store_true", help="Lưu thành phiên bản mới")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "audit":
            self._audit(_date(options["on"]) if options["on"] else None)
        else:
            self._annex(options["file"], _date(options["on"]), options)

    def _audit(self, on_date: date | None) -> None:
        findings = catalogue_findings(on_date=on_date)
        for finding in findings:
            detail = f": {finding.detail}" if finding.detail else ""
            self.stdout.write(f"[{KIND_LABELS[finding.kind]}] {finding.procedure}{detail}")
        if findings:
            raise CommandError(f"{len(findings)} mục cần xem lại.", returncode=1)
        self.stdout.write("Không có mục nào cần xem lại.")

    def _annex(self, path: Path, on_date: date, options: dict[str, Any]) -> None:
        try:
            changes, notes = annex_diff(path, on_date)
        except (OSError, AnnexError, ValueError) as error:
            raise CommandError(f"{path}: {error}") from error
        for change in changes:
            self.stdout.write(f"{change.code} {change.name}")
            for line in change.lines:
                self.stdout.write(f"  {line}")
        for note in notes:
            self.stdout.write(f"Lưu ý: {note}")
        if not changes:
            self.stdout.write("Phụ lục không thay đổi nội dung nào của danh mục.")
            return
        day = short_date(on_date)
        if not options["apply"]:
            self.stdout.write(f"Chưa lưu gì. Chạy lại với --apply để tạo phiên bản mới từ {day}.")
            return
        try:
            created = annex_apply(
                actor=None, path=path, on_date=on_date, decision=options["decision"]
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Đã tạo {len(created)} phiên bản mới, áp dụng từ {day}.")
