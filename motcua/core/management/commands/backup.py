"""`motcua backup [--output DIR_OR_FILE] [--keep N]`: one archive of the database, the
uploaded files and the audit checkpoints, consistent while the site runs (see
motcua.core.backups.create). `motcua backup verify ARCHIVE`: check an archive's hashes and
signature only, writing nothing (for cron, or before copying it away).

The last line on stdout says where the archive is and what it holds; the progress bars
go to stderr. Exits non-zero with a message on any failure.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils.translation import gettext as _

from motcua.core.backups.archive import BackupError
from motcua.core.backups.create import backup_create, backup_prune
from motcua.core.backups.report import (
    contents,
    database_problem,
    problem_text,
    progress_bars,
    size_text,
    taken_at,
)
from motcua.core.backups.restore import backup_check


class Command(BaseCommand):
    help = (
        "Back up the database, uploaded files and audit checkpoints into one archive; "
        "'verify ARCHIVE' checks an archive without writing anything."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", nargs="?", choices=["verify"])
        parser.add_argument("archive", nargs="?", type=Path, help="verify: the archive")
        parser.add_argument(
            "--output", type=Path, help="folder (a dated name in it) or file; default BACKUP_DIR"
        )
        parser.add_argument(
            "--keep", type=int, help="then delete all but the N newest archives of that folder"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "verify":
                self._verify(options["archive"])
            else:
                self._backup(options["output"], options["keep"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        except DatabaseError as error:
            raise CommandError(database_problem(error)) from error

    def _backup(self, output: Path | None, keep: int | None) -> None:
        if keep is not None and keep < 1:
            raise CommandError(_("--keep phải từ 1 trở lên."))
        with progress_bars() as on_progress:
            backup = backup_create(output=output, on_progress=on_progress)
        if keep is not None:
            for old in backup_prune(backup.path.parent, keep=keep):
                self.stdout.write(_("Đã xoá bản sao lưu cũ: %(path)s") % {"path": old})
        self.stdout.write(
            _("Đã sao lưu vào %(path)s (%(size)s): %(contents)s.")
            % {
                "path": backup.path,
                "size": size_text(backup.path.stat().st_size),
                "contents": contents(backup.manifest),
            }
        )

    def _verify(self, archive: Path | None) -> None:
        if archive is None:
            raise CommandError(_("Cần đường dẫn bản sao lưu: motcua backup verify TỆP.tar"))
        checked = backup_check(archive)
        if not checked.ok or checked.manifest is None:
            raise CommandError(
                _("Bản sao lưu %(path)s KHÔNG dùng được:\n- %(problems)s")
                % {
                    "path": archive,
                    "problems": "\n- ".join(problem_text(p) for p in checked.problems),
                }
            )
        self.stdout.write(
            _(
                "OK: bản sao lưu lúc %(at)s nguyên vẹn, %(members)d thành phần khớp mã băm "
                "và chữ ký: %(contents)s."
            )
            % {
                "at": taken_at(checked.manifest),
                "members": len(checked.manifest["members"]),
                "contents": contents(checked.manifest),
            }
        )
