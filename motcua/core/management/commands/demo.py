"""`motcua demo load`: a working ward to explore (agencies, officers). Safe to re-run."""

from importlib import import_module
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

# Named, not imported: core sits below the apps whose demo data it loads.
LOADERS = [
    "motcua.accounts.demo",
    "motcua.dossiers.demo",
    "motcua.hall.demo",
    "motcua.portal.demo",
]
GENERATOR = "motcua.dossiers.demo"


class Command(BaseCommand):
    help = "Load the demo ward, its agencies and officers (idempotent), and print the accounts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["load", "generate"])
        parser.add_argument("--dossiers", type=int, help="generate: how many benchmark dossiers")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "generate":
            self.stdout.write(import_module(GENERATOR).generate_command(options["dossiers"]))
            return
        for module_name in LOADERS:
            self.stdout.write(import_module(module_name).load())
