"""`motcua workdays add|check`: working-time arithmetic from the command line.

motcua workdays add --start 2026-02-12T10:00 --working-days 3
motcua workdays add --start 2026-02-12T10:00 --working-hours 4 --agency 000.00.19.H26
motcua workdays check 2026-01-10
"""

from datetime import date, datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.core.input import cli_text
from motcua.core.tz import VN_TZ
from motcua.units.models import Agency
from motcua.workdays.selectors import day_status, working_calendar


class Command(BaseCommand):
    help = "Add working days or hours to a moment, or tell whether a day is a working day."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--agency", type=cli_text, help="e-ID code of the agency (default: national)"
        )
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("add", help="due moment after N working days or H hours")
        add.add_argument("--start", required=True, help="YYYY-MM-DDTHH:MM (naive = VN time)")
        add.add_argument("--working-days", help="whole working days, 0 or more")
        add.add_argument("--working-hours", help="working hours, 0 or more (e.g. 4 or 0.5)")
        check = actions.add_parser("check", help="working or non-working, and why")
        check.add_argument("day", help="YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        agency = _agency(options["agency"])
        try:
            if options["action"] == "add":
                self.stdout.write(_add(options, agency).isoformat())
            else:
                status = day_status(day=_date(options["day"]), agency=agency)
                word = "working" if status.working else "non-working"
                pending = (
                    f"; chưa áp dụng vì chưa xác nhận: {status.pending.reason}"
                    if status.pending
                    else ""
                )
                self.stdout.write(f"{word}: {status.reason}{pending}")
        except ValueError as error:  # a moment outside the calendar's years
            raise CommandError(f"Không tính được: {error}") from error


def _add(options: dict[str, Any], agency: Agency | None) -> datetime:
    days, hours = options["working_days"], options["working_hours"]
    if (days is None) == (hours is None):
        raise CommandError("Cần đúng một trong hai: --working-days N hoặc --working-hours H.")
    start = _moment(options["start"])
    calendar = working_calendar(agency=agency)
    if days is not None:
        return calendar.add_working_days(start, _count(days, "--working-days", int))
    return calendar.add_working_hours(start, _count(hours, "--working-hours", float))


def _count(text: str, option: str, kind: type[int] | type[float]) -> Any:
    try:
        value = kind(text)
    except ValueError:
        raise CommandError(f"{option} phải là một số, không phải '{text}'.") from None
    if not 0 <= value < float("inf"):
        raise CommandError(f"{option} phải từ 0 trở lên, không phải {text}.")
    return value


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--start '{text}': cần dạng 2026-02-12T10:00.") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=VN_TZ)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"'{text}' không phải ngày dạng 2026-01-10.") from None


def _agency(eid_code: str | None) -> Agency | None:
    if eid_code is None:
        return None
    agency = Agency.objects.filter(eid_code=eid_code).first()
    if agency is None:
        raise CommandError(f"Không có cơ quan nào mang mã định danh '{eid_code}'.")
    return agency
