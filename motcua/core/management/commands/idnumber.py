"""`motcua idnumber check 001203012345 [--birth-date 2003-05-17] [--sex female]`."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.core.idnumber import (
    InvalidPersonalId,
    Sex,
    check_consistency,
    describe,
    parse_personal_id,
)
from motcua.core.input import cli_text


def _birth_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"Ngày sinh không hợp lệ: {text!r} (dạng YYYY-MM-DD).") from error


class Command(BaseCommand):
    help = "Check a personal ID number (12 digits) or old ID card number (9 digits)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["check"])
        parser.add_argument("number", type=cli_text)
        parser.add_argument("--birth-date", help="declared date of birth, YYYY-MM-DD")
        parser.add_argument("--sex", choices=[s.value for s in Sex], help="declared sex")

    def handle(self, *args: Any, **options: Any) -> None:
        birth_date = _birth_date(options["birth_date"]) if options["birth_date"] else None
        sex = Sex(options["sex"]) if options["sex"] else None
        try:
            personal_id = parse_personal_id(options["number"])
            check_consistency(personal_id, birth_date=birth_date, sex=sex)
        except InvalidPersonalId as error:
            raise CommandError(str(error)) from error
        self.stdout.write("\n".join(describe(personal_id)))
