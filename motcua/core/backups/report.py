"""What the backup commands print: progress bars on stderr, the archive's problems and a
one-line summary of what an archive holds, in Vietnamese."""

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from rich.console import Console
from rich.progress import Progress, TaskID

from motcua.core.backups.archive import Problem
from motcua.core.backups.create import OnProgress
from motcua.core.formatting import number, short_datetime
from motcua.core.models import AuditEvent


def step_label(step: str) -> str:
    return {
        "checkpoint": _("Ghi điểm kiểm tra nhật ký"),
        "database": _("Sao chép cơ sở dữ liệu"),
        "media": _("Sao chép tệp tải lên"),
        "restore": _("Khôi phục từ bản sao lưu"),
        "verify": _("Kiểm tra sau khi khôi phục"),
    }.get(step, step)


@contextmanager
def progress_bars() -> Iterator[OnProgress]:
    """A bar per step on stderr, so stdout stays the lines a script or cron log reads."""
    tasks: dict[str, TaskID] = {}
    with Progress(console=Console(file=sys.stderr)) as progress:

        def report(step: str, done: int, total: int | None) -> None:
            if total == 0:  # nothing to do is done
                done = total = 1
            if step not in tasks:
                tasks[step] = progress.add_task(step_label(step), total=total)
            progress.update(tasks[step], completed=done, total=total)

        yield report


def problem_text(problem: Problem) -> str:
    messages = {
        "unreadable": _("không đọc được tệp: không phải bản sao lưu motcua, hoặc bị cắt cụt"),
        "manifest": _("không có bản kê manifest.json hợp lệ"),
        "format": _("định dạng bản sao lưu không nhận ra"),
        "signature": _(
            "chữ ký của bản kê không khớp: bản sao lưu bị sửa, hoặc khoá nhật ký "
            "(AUDIT_KEY, AUDIT_KEY_FILE hay SECRET_KEY) khác khoá lúc sao lưu"
        ),
        "unsafe": _("thành phần không an toàn: %(member)s"),
        "unlisted": _("thành phần không có trong bản kê: %(member)s"),
        "missing": _("thiếu thành phần: %(member)s"),
        "altered": _("thành phần bị thay đổi (mã băm khác): %(member)s"),
    }
    text = messages.get(problem.kind, problem.kind)
    return text % {"member": problem.member} if "%(member)s" in text else text


def database_problem(error: Exception) -> str:
    return _(
        "Không dùng được cơ sở dữ liệu của DATABASE_URL (chưa tạo, chưa migrate, hoặc không "
        "kết nối được) / the database of DATABASE_URL cannot be used: %(error)s"
    ) % {"error": str(error).strip()}


def size_text(size: int) -> str:
    if size < 1024 * 1024:
        return f"{number(size / 1024, 1)} KB"
    return f"{number(size / 1024 / 1024, 1)} MB"


def _table(app_label: str, model: str) -> str | None:
    try:
        return str(apps.get_model(app_label, model)._meta.db_table)
    except LookupError:
        return None


def contents(manifest: dict[str, Any]) -> str:
    """'12 hồ sơ, 40 sự kiện nhật ký, 9 người dùng, 3 tệp (1,2 MB)', as backed up."""
    counts = manifest.get("counts", {})

    def count(table: str | None) -> str:
        return number(int(counts.get(table, 0))) if table else "0"

    media = manifest.get("media", {})
    return _(
        "%(dossiers)s hồ sơ, %(events)s sự kiện nhật ký, %(users)s người dùng, "
        "%(files)s tệp tải lên (%(size)s)"
    ) % {
        "dossiers": count(_table("dossiers", "Dossier")),
        "events": count(AuditEvent._meta.db_table),
        "users": count(get_user_model()._meta.db_table),
        "files": number(int(media.get("files", 0))),
        "size": size_text(int(media.get("bytes", 0))),
    }


def taken_at(manifest: dict[str, Any]) -> str:
    try:
        return short_datetime(datetime.fromisoformat(str(manifest.get("created_at"))))
    except ValueError:
        return "?"
