"""`motcua notifications sweep|deliver`: the outbox from the command line.

motcua notifications sweep              # hand lost notifications to the worker again
motcua notifications sweep --every 60   # … every minute, until stopped (next to db_worker)
motcua notifications deliver            # deliver every due notification now, without a worker
"""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections

from motcua.notifications.services import notifications_deliver_due, notifications_sweep


class Command(BaseCommand):
    help = "Re-enqueue lost notifications, or deliver the due ones in this process."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        sweep = actions.add_parser("sweep", help="hand overdue notifications to the worker")
        sweep.add_argument("--every", type=int, help="repeat every N seconds until stopped")
        actions.add_parser("deliver", help="deliver every due notification now")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "deliver":
            self.stdout.write(f"Đã thử gửi {notifications_deliver_due()} thông báo.")
            return
        every = options["every"]
        if every is not None and every <= 0:
            raise CommandError(f"--every phải là số giây lớn hơn 0, không phải {every}.")
        while True:
            count = notifications_sweep()
            if count or every is None:
                self.stdout.write(f"Đã đưa lại {count} thông báo vào hàng đợi.")
            if every is None:
                return
            time.sleep(every)
            close_old_connections()  # a long-running process: drop stale connections
