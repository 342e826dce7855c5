"""`motcua refdata load`: public reference data (units, calendar, procedures). Safe to re-run."""

from importlib import import_module
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.core.input import CsvRefused

# Order matters: later data refers to earlier data.
LOADERS = ["motcua.units.refdata", "motcua.workdays.refdata", "motcua.catalog.refdata"]


class Command(BaseCommand):
    help = "Load or update the shipped reference data (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["load"])

    def handle(self, *args: Any, **options: Any) -> None:
        for module_name in LOADERS:
            try:
                summary = import_module(module_name).load()
            except CsvRefused as error:  # a cell with a control character, said where
                raise CommandError(str(error)) from None
            self.stdout.write(f"{module_name.split('.')[1]}: {summary}")
