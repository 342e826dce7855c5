"""`motcua indicators import FILE.xlsx --unit CODE --on DATE --year N [--period ...]`,
`motcua indicators export --unit CODE --on DATE --year N [--period ...] [--out FILE]`,
`motcua indicators template --year N [--out FILE]` (the blank exchange spreadsheet),
`motcua indicators own --unit CODE --on DATE --year N [--period ...]` (record motcua's own
figures: dossiers, household businesses, civil status, hall visitors)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from openpyxl import load_workbook
from rich.progress import Progress

from motcua.indicators.exchange import blank_template, export_sheet
from motcua.indicators.periods import Period
from motcua.indicators.services.figures import IndicatorsError, own_figures_record
from motcua.indicators.services.sheets import sheet_import
from motcua.indicators.sheet import UNREADABLE_ERRORS, read_sheet
from motcua.units.errors import UnitLookupError, UnitNotFound
from motcua.units.management.commands.units import parse_date
from motcua.units.models import AdministrativeUnit
from motcua.units.selectors import unit_on

# From this many rows the import shows a progress bar.
PROGRESS_FROM = 500


def unit_arguments(parser: CommandParser) -> None:
    parser.add_argument("--unit", required=True, help="mã đơn vị hành chính (019, 00592 ...)")
    parser.add_argument("--on", required=True, help="ngày đơn vị mang mã đó (DD/MM/YYYY)")
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument(
        "--period", default="year", help="year, 9-months, 6-months, q1..q4, m1..m12"
    )


def unit_from(options: dict[str, Any]) -> AdministrativeUnit:
    try:
        return unit_on(code=options["unit"], on_date=parse_date(options["on"]))
    except (UnitNotFound, UnitLookupError) as error:
        raise CommandError(str(error)) from error


def write_out(path: Path, data: bytes | str) -> None:
    """The file --out names, or a clear message when it cannot be written."""
    try:
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
    except OSError as error:
        raise CommandError(f"Không ghi được tệp {path}: {error.strerror}.") from error


def period_from(options: dict[str, Any]) -> Period:
    try:
        return Period.parse(options["period"])
    except ValueError as error:
        raise CommandError(str(error)) from error


class Command(BaseCommand):
    help = "Nhập, xuất biểu chỉ tiêu kinh tế - xã hội (.xlsx) / Import, export indicators."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        importing = actions.add_parser("import", help="Nhập biểu .xlsx của một đơn vị.")
        importing.add_argument("file", type=Path)
        unit_arguments(importing)
        exporting = actions.add_parser("export", help="Xuất biểu .xlsx, có cột so sánh.")
        unit_arguments(exporting)
        exporting.add_argument("--out", type=Path, required=True)
        own = actions.add_parser("own", help="Ghi số liệu tính từ hồ sơ, sảnh của motcua.")
        unit_arguments(own)
        template = actions.add_parser("template", help="Biểu mẫu trống.")
        template.add_argument("--year", type=int, required=True)
        template.add_argument("--out", type=Path, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "template":
            write_out(options["out"], blank_template(year=options["year"]))
            self.stdout.write(f"Đã ghi biểu mẫu trống: {options['out']}")
            return
        unit, period = unit_from(options), period_from(options)
        if options["action"] == "own":
            recorded = own_figures_record(
                actor=None, unit=unit, year=options["year"], period=period
            )
            self.stdout.write(
                f"{unit.full_name}, {period.label(options['year'])}: {recorded} số liệu mới "
                "tính từ dữ liệu của hệ thống."
            )
            return
        if options["action"] == "export":
            write_out(options["out"], export_sheet(unit=unit, year=options["year"], period=period))
            self.stdout.write(f"Đã xuất {unit.full_name}, {period.label(options['year'])}.")
            return
        self.import_file(options["file"], unit, options["year"], period)

    def import_file(self, path: Path, unit: AdministrativeUnit, year: int, period: Period) -> None:
        if not path.is_file():
            raise CommandError(f"Không có tệp {path}.")
        total = _row_count(path)
        with Progress(transient=True, disable=total < PROGRESS_FROM) as progress:
            task = progress.add_task("Đọc biểu", total=total)
            sheet = read_sheet(
                path,
                year=year,
                period=period,
                on_row=lambda line: progress.update(task, completed=line),
            )
        try:
            result = sheet_import(
                actor=None, sheet=sheet, unit=unit, period=period, source=f"import:{path.name}"
            )
        except IndicatorsError as error:
            for refusal in error.refusals:
                self.stderr.write(str(refusal))
            raise CommandError(
                f"{len(error.refusals)} dòng bị từ chối: không ghi gì vào hệ thống."
            ) from error
        if not result.changed:
            self.stdout.write("Biểu đã được nhập trước đây: không có gì thay đổi.")
            return
        self.stdout.write(
            f"Đã nhập {unit.full_name}, {period.label(year)}: {len(sheet.rows)} dòng, "
            f"{result.values_added} số liệu mới, {result.indicators_created} chỉ tiêu mới, "
            f"{result.targets_changed} chỉ tiêu được giao."
        )


def _row_count(path: Path) -> int:
    try:
        workbook = load_workbook(path, read_only=True)
    except UNREADABLE_ERRORS:
        return 0  # read_sheet says the file is not a workbook
    try:
        return workbook.worksheets[0].max_row or 0
    finally:
        workbook.close()
