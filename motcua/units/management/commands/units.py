"""`motcua units resolve "<address>" --on YYYY-MM-DD` and `motcua units show <code> --on ...`."""

from datetime import date, datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.core.formatting import short_date
from motcua.core.input import cli_text
from motcua.units.errors import PlaceNotFound, UnitLookupError, UnitNotFound
from motcua.units.models import AdministrativeUnit, UnitLevel
from motcua.units.selectors import (
    Successor,
    address_resolve,
    current_successors,
    today,
    unit_children_on,
    unit_on,
)

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


def parse_date(text: str | None) -> date:
    if not text:
        return today()
    for date_format in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), date_format).date()  # noqa: DTZ007
        except ValueError:
            continue
    raise CommandError(
        f"Ngày không hợp lệ “{text}”: dùng YYYY-MM-DD hoặc DD/MM/YYYY. "
        f"(Invalid date: use YYYY-MM-DD or DD/MM/YYYY.)"
    )


class Command(BaseCommand):
    help = "Tra cứu đơn vị hành chính theo ngày / Look up administrative units on a date."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        resolve = actions.add_parser(
            "resolve", help="Địa chỉ → đơn vị hành chính và đơn vị kế thừa hiện nay."
        )
        resolve.add_argument("address", type=cli_text)
        resolve.add_argument("--on", help="YYYY-MM-DD or DD/MM/YYYY (default: today)")
        show = actions.add_parser("show", help="Mã → đơn vị, các đơn vị trực thuộc, kế thừa.")
        show.add_argument("code", type=cli_text)
        show.add_argument("--on", help="YYYY-MM-DD or DD/MM/YYYY (default: today)")
        show.add_argument("--level", type=int, choices=UnitLevel.values)

    def handle(self, *args: Any, **options: Any) -> None:
        on_date = parse_date(options["on"])
        try:
            if options["action"] == "resolve":
                self.resolve(options["address"], on_date)
            else:
                level = UnitLevel(options["level"]) if options["level"] else None
                self.show(unit_on(code=options["code"], on_date=on_date, level=level), on_date)
        except (PlaceNotFound, UnitNotFound) as error:
            raise CommandError(f"{error} (Not found.)") from error
        except UnitLookupError as error:
            raise CommandError(f"{error} (Several units: pass --level.)") from error

    def resolve(self, address: str, on_date: date) -> None:
        resolution = address_resolve(text=address, on_date=on_date)
        several_units = len(resolution.matches) > 1
        for match in resolution.matches:
            self.line(match.unit, several_units, f"ngày {short_date(on_date)}")
            if match.dissolved_since is not None:
                self.stdout.write(match.dissolved_notice)
            for successor in match.successors:
                self.successor_line(successor, several_units or match.is_split)

    def show(self, unit: AdministrativeUnit, on_date: date) -> None:
        self.line(unit, False, f"ngày {short_date(on_date)}")
        for child in unit_children_on(unit=unit, on_date=on_date):
            self.stdout.write(f"  {child.code}\t{child.name}")
        successors = current_successors(unit=unit)
        for successor in successors:
            self.successor_line(successor, len(successors) > 1)

    def line(self, unit: AdministrativeUnit, ambiguous: bool, note: str) -> None:
        marker = "\tambiguous" if ambiguous else ""
        self.stdout.write(f"{unit.code}\t{unit.full_name}\t({note}){marker}")

    def successor_line(self, successor: Successor, ambiguous: bool) -> None:
        marker = "\tambiguous" if ambiguous else ""
        kind = successor.kind.label
        self.stdout.write(f"→ {successor.unit.code}\t{successor.unit.full_name}\t({kind}){marker}")
