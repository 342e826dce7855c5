"""`motcua restore ARCHIVE [--yes]`: put a backup back — the database, the uploaded files
and the audit checkpoint file — then verify it (motcua.core.backups.restore).

The archive is checked whole first; a damaged or altered one is refused with nothing
touched. A database holding users or audit events is overwritten only with --yes or a
typed confirmation. Stop the site (web and workers) first. Exits non-zero when the
archive is refused or the verification finds a problem.
"""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils.translation import gettext as _

from motcua.core.backups.archive import BackupError
from motcua.core.backups.report import (
    contents,
    database_problem,
    problem_text,
    progress_bars,
    taken_at,
)
from motcua.core.backups.restore import (
    Restored,
    backup_check,
    backup_restore,
    compatibility_problem,
    target_holds,
)
from motcua.core.formatting import number

YES = {"y", "yes", "c", "co", "có"}


class Command(BaseCommand):
    help = "Restore a backup made by 'motcua backup', then verify the audit log and the files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="overwrite a database that holds data, unasked"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        archive: Path = options["archive"]
        try:
            checked = backup_check(archive)
            if not checked.ok or checked.manifest is None:
                raise CommandError(
                    _(
                        "Không khôi phục: bản sao lưu %(path)s không dùng được; chưa thay đổi "
                        "gì.\n- %(problems)s"
                    )
                    % {
                        "path": archive,
                        "problems": "\n- ".join(problem_text(p) for p in checked.problems),
                    }
                )
            manifest = checked.manifest
            problem = compatibility_problem(manifest)
            if problem:
                raise CommandError(problem)
            self.stdout.write(
                _("Bản sao lưu lúc %(at)s, nguyên vẹn: %(contents)s.")
                % {"at": taken_at(manifest), "contents": contents(manifest)}
            )
            self._confirm(options["yes"])
            with progress_bars() as on_progress:
                restored = backup_restore(
                    archive=archive, manifest=manifest, on_progress=on_progress
                )
        except BackupError as error:
            raise CommandError(str(error)) from error
        except DatabaseError as error:
            raise CommandError(database_problem(error)) from error
        self._summary(restored)

    def _confirm(self, yes: bool) -> None:
        users, events = target_holds()
        if not (users or events) or yes:
            return
        held = _(
            "Cơ sở dữ liệu đích đang có dữ liệu (%(users)s người dùng, %(events)s sự kiện "
            "nhật ký): khôi phục sẽ ghi đè toàn bộ, cả tệp tải lên."
        ) % {"users": number(users), "events": number(events)}
        if not sys.stdin.isatty():
            raise CommandError(held + " " + _("Thêm --yes nếu đúng là muốn vậy. Chưa thay đổi gì."))
        answer = input(held + " " + _("Ghi đè? [c/K] "))
        if answer.strip().lower() not in YES:
            raise CommandError(_("Đã huỷ; chưa thay đổi gì."))

    def _summary(self, restored: Restored) -> None:
        self.stdout.write(restored.audit)
        self.stdout.write(
            _(
                "Tệp tải lên: %(files)s tệp khớp mã băm của bản sao lưu; %(referenced)s tệp "
                "mà cơ sở dữ liệu ghi tên có mặt, đúng mã băm đã ghi."
            )
            % {"files": number(restored.files), "referenced": number(restored.referenced)}
        )
        if restored.checkpoints_kept is not None:
            self.stdout.write(
                _(
                    "Tệp điểm kiểm tra đang có khác bản sao lưu, được giữ lại ở %(path)s: "
                    "những gì ghi sau lúc sao lưu không còn trong cơ sở dữ liệu."
                )
                % {"path": restored.checkpoints_kept}
            )
        if not restored.ok:
            problems = ([] if restored.audit_ok else [restored.audit]) + restored.problems
            raise CommandError(
                _("Đã khôi phục nhưng kiểm tra KHÔNG đạt:\n- %(problems)s")
                % {"problems": "\n- ".join(problems[:20])}
            )
        self.stdout.write(
            _(
                "Đã khôi phục và kiểm tra xong: nhật ký, số dòng mọi bảng và mọi tệp khớp "
                "bản sao lưu."
            )
        )
