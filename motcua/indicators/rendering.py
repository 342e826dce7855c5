"""The report written out: Markdown (the command's stdout), .docx and PDF.

- Markdown and the PDF's HTML are the templates `indicators/report.md` / `printed/report.html`;
- the .docx is written into a Word file a ward may edit (letterhead, styles, margins):
  INDICATORS_REPORT_TEMPLATE, or the shipped `report.docx`; its body is replaced;
- the PDF goes through WeasyPrint with the shipped fonts only (`dossiers.pdf`).
"""

from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from docx import Document

from motcua.dossiers.pdf import FONTS_DIR, html_to_pdf
from motcua.indicators.report import Report

SHIPPED_TEMPLATE = Path(__file__).with_name("report.docx")


def render_markdown(report: Report) -> str:
    return render_to_string("indicators/report.md", {"report": report})


def render_pdf(report: Report) -> bytes:
    html = render_to_string(
        "indicators/printed/report.html", {"report": report, "fonts_url": FONTS_DIR.as_uri()}
    )
    return html_to_pdf(html)


def render_docx(report: Report) -> bytes:
    template = Path(settings.INDICATORS_REPORT_TEMPLATE or SHIPPED_TEMPLATE)
    document = Document(str(template))
    document.add_heading(report.unit.name.upper(), level=1)
    document.add_heading(f"BÁO CÁO\n{report.title}", level=1)
    for note in report.notes:
        document.add_paragraph(note).runs[0].italic = True
    document.add_heading("Tóm tắt", level=2)
    for line in report.summary:
        document.add_paragraph(line)
    if report.not_met:
        document.add_paragraph(f"Các chỉ tiêu chưa đạt: {'; '.join(report.not_met)}.")
    for section in report.sections:
        document.add_heading(section.title or "Chỉ tiêu khác", level=2)
        for sentence in section.sentences:
            document.add_paragraph(sentence)
    if report.warnings:
        document.add_paragraph(
            "Lưu ý cho người soạn (cảnh báo số liệu chưa xử lý, xóa trước khi ban hành):"
        ).runs[0].bold = True
        for warning in report.warnings:
            document.add_paragraph(warning, style="List Bullet")
    document.add_page_break()
    document.add_heading("Phụ lục: Biểu các chỉ tiêu kinh tế - xã hội chủ yếu", level=2)
    table = document.add_table(rows=1, cols=len(report.table_headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, report.table_headers, strict=True):
        cell.text = header
    for values in report.table_cells:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    out = BytesIO()
    document.save(out)
    return out.getvalue()
