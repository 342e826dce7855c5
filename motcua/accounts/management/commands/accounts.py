"""`motcua accounts purge`: delete one-time codes past their use, sign-in log rows
older than SIGN_IN_LOG_DAYS and API tokens that ended long ago (from cron, daily; safe to
run again)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.accounts.services.retention import accounts_purge


class Command(BaseCommand):
    help = "Delete expired one-time codes and old sign-in log rows."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("purge", help="delete expired codes and old sign-in log rows")

    def handle(self, *args: Any, **options: Any) -> None:
        purged = accounts_purge()
        self.stdout.write(
            f"Đã xóa {purged.codes} mã một lần đã hết dùng và "
            f"{purged.sign_ins} dòng nhật ký đăng nhập cũ, {purged.rate_counters} bộ đếm "
            f"giới hạn tần suất đã hết hạn, {purged.api_tokens} mã truy cập API đã hết hiệu "
            "lực từ lâu."
        )
