"""`motcua portal purge`: delete drafts untouched for PORTAL_DRAFT_DAYS days, with their
files, and stored draft files no draft names (from cron, daily; safe to run again)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.portal.services import draft_orphans_delete, drafts_purge


class Command(BaseCommand):
    help = "Delete abandoned drafts of the citizen portal and their files."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("purge", help="delete drafts untouched for PORTAL_DRAFT_DAYS days")

    def handle(self, *args: Any, **options: Any) -> None:
        drafts = drafts_purge()
        orphans = draft_orphans_delete()
        self.stdout.write(
            f"Đã xóa {drafts} hồ sơ nháp bỏ dở cùng các tệp của chúng, "
            f"và {orphans} tệp không thuộc hồ sơ nháp nào."
        )
