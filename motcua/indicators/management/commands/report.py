"""`motcua report generate --unit CODE --on DATE --year N [--period ...] --format md|docx|pdf
[--out FILE]`: the narrative report of a unit's figures (Markdown to stdout by default)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from motcua.dossiers.pdf import OFFICIAL_LANGUAGE, PdfUnavailable
from motcua.indicators.management.commands.indicators import (
    period_from,
    unit_arguments,
    unit_from,
    write_out,
)
from motcua.indicators.rendering import render_docx, render_markdown, render_pdf
from motcua.indicators.report import build_report


class Command(BaseCommand):
    help = "Viết báo cáo kết quả thực hiện chỉ tiêu / Write the indicators report."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        generate = actions.add_parser("generate", help="Báo cáo của một đơn vị, một kỳ.")
        unit_arguments(generate)
        generate.add_argument("--format", choices=["md", "docx", "pdf"], default="md")
        generate.add_argument("--out", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        unit, period = unit_from(options), period_from(options)
        output_format, out = options["format"], options["out"]
        if output_format != "md" and out is None:
            raise CommandError("Báo cáo .docx hoặc .pdf cần --out TỆP.")
        # A report is an official Vietnamese document whatever the operator's language.
        with translation.override(OFFICIAL_LANGUAGE):
            report = build_report(unit=unit, year=options["year"], period=period)
            if output_format == "md":
                text = render_markdown(report)
                if out is None:
                    self.stdout.write(text, ending="")
                else:
                    write_out(out, text)
                return
            try:
                data = render_docx(report) if output_format == "docx" else render_pdf(report)
            except PdfUnavailable as error:
                raise CommandError(str(error)) from error
        write_out(out, data)
        self.stdout.write(f"Đã ghi {out}.")
