"""`motcua demo load`: a working ward to explore (agencies, officers). Safe to re-run."""

import secrets
from importlib import import_module
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, connections

from motcua.core.formatting import short_date

# Named, not imported: core sits below the apps whose demo data it loads.
ACCOUNTS = "motcua.accounts.demo"
LOADERS = [
    "motcua.accounts.demo",
    "motcua.dossiers.demo",
    "motcua.hall.demo",
    "motcua.portal.demo",
    "motcua.indicators.demo",
]
GENERATOR = "motcua.dossiers.demo"


class Command(BaseCommand):
    help = "Load the demo ward, its agencies and officers (idempotent), and print the accounts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["load", "generate"])
        parser.add_argument("--dossiers", type=int, help="generate: how many benchmark dossiers")
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="load: on a test server with DEBUG off; the accounts get a random password "
            "of their own, printed once, never the published demo one",
        )
        parser.add_argument(
            "--renew",
            action="store_true",
            help="load: start the SQLite demo database afresh around today, keeping the old "
            "file beside it (done by itself when the demo is from an earlier day and unused)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        generator = import_module(GENERATOR)
        if options["action"] == "generate":
            self.stdout.write(generator.generate_command(options["dossiers"]))
            return
        password = None
        if not settings.DEBUG:
            if not options["allow_without_debug"]:
                raise CommandError(
                    "motcua demo load tạo tài khoản mẫu và hồ sơ giả: chỉ chạy khi DEBUG=1. "
                    "Trên máy chủ thử nghiệm tắt DEBUG, thêm --allow-without-debug (mật khẩu "
                    "được sinh ngẫu nhiên)."
                )
            password = secrets.token_urlsafe(12)
        age = generator.demo_age()
        if age is not None and (options["renew"] or (age.stale and not age.used)):
            self._renew(age.loaded_on)
        elif age is not None and age.stale:
            self.stdout.write(
                f"Hồ sơ mẫu được tạo ngày {short_date(age.loaded_on)} và đã có người xử lý "
                "nên được giữ nguyên; thời hạn của chúng tính theo ngày đó. Để tạo lại quanh "
                "hôm nay: motcua demo load --renew.\n"
            )
        for module_name in LOADERS:
            loader = import_module(module_name)
            if module_name == ACCOUNTS and password is not None:
                self.stdout.write(loader.load(password=password))
            else:
                self.stdout.write(loader.load())

    def _renew(self, loaded_on: Any) -> None:
        """The demo's dossiers are spread around the day they were written: a fresh
        database shows today's mix of on time, due soon and late. The old one is kept."""
        if connection.vendor != "sqlite" or not settings.DEBUG:
            raise CommandError(
                "Chỉ làm mới được cơ sở dữ liệu SQLite của bản chạy thử (DEBUG=1); với "
                "PostgreSQL hãy tạo cơ sở dữ liệu mới rồi chạy lại migrate, refdata load, "
                "demo load."
            )
        path = Path(connection.settings_dict["NAME"])
        kept = path.with_name(f"{path.stem}-{loaded_on:%Y%m%d}{path.suffix}")
        n = 1
        while kept.exists():  # renewed twice the same day: keep both
            n += 1
            kept = path.with_name(f"{path.stem}-{loaded_on:%Y%m%d}-{n}{path.suffix}")
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connections.close_all()
        path.replace(kept)
        # The checkpoints record the old database's chains: they go with it.
        checkpoints = Path(settings.AUDIT_CHECKPOINT_FILE)
        if checkpoints.exists():
            checkpoints.replace(kept.with_suffix(".audit-checkpoints.jsonl"))
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        self.stdout.write(
            f"Hồ sơ mẫu được tạo ngày {short_date(loaded_on)}: tạo lại quanh hôm nay; dữ "
            f"liệu cũ được giữ ở {kept}.\n"
        )
        call_command("migrate", interactive=False, verbosity=0, skip_checks=True)
        call_command("refdata", "load", stdout=self.stdout)
