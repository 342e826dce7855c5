from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from motcua.indicators import demo
from motcua.indicators.models import Indicator
from motcua.indicators.periods import YEAR
from motcua.indicators.report import build_report
from motcua.indicators.selectors import indicator_series
from motcua.units.models import AdministrativeUnit, UnitLevel
from motcua.units.selectors import today
from tests.factories import WardFactory

QUOTED = [
    "Tổng giá trị sản xuất các ngành kinh tế ước đạt 69.230 tỷ đồng, tăng 13% so với cùng kỳ "
    "năm trước, đạt 100% kế hoạch; trong đó: giá trị sản xuất ngành thương mại, dịch vụ ước "
    "đạt 41.056 tỷ đồng, tăng 13,8%; giá trị sản xuất ngành công nghiệp, xây dựng ước đạt "
    "28.126 tỷ đồng, tăng 11,7%.",
    "Số doanh nghiệp trên địa bàn ước đạt 16.839 doanh nghiệp, tăng 13% so với cùng kỳ năm trước.",
    "Thu ngân sách nhà nước trên địa bàn ước đạt 8.015,589 tỷ đồng, đạt 115% dự toán, bằng "
    "105% so với cùng kỳ.",
    "Về các chỉ tiêu thành phố giao: ước hoàn thành 14/14 chỉ tiêu; 6/14 chỉ tiêu vượt kế hoạch.",
    "Về các chỉ tiêu hội đồng nhân dân giao: ước hoàn thành 22/22 chỉ tiêu;",
]


@pytest.fixture
def district_2022(district, district_sheet):
    demo.load()
    return district


def generate(*args):
    out = StringIO()
    call_command(
        "report",
        "generate",
        "--unit",
        "019",
        "--on",
        "31/12/2022",
        "--year",
        "2022",
        *args,
        stdout=out,
    )
    return out.getvalue()


def test_the_nam_tu_liem_2022_report_says_what_the_district_report_says(district_2022):
    text = generate()
    for quoted in QUOTED:
        assert quoted in text
    assert "thiếu 48 tỷ đồng" in text  # the open warning, a note for the author
    assert "| - | Khác (chênh lệch) | tỷ đồng |  |  | 48 |" in text
    assert "đã kết thúc hoạt động ngày 30/06/2025" in text


def test_the_docx_report_holds_the_sentences_and_the_table(district_2022, tmp_path):
    out = tmp_path / "bao-cao.docx"
    generate("--format", "docx", "--out", str(out))
    document = Document(str(out))
    paragraphs = [p.text for p in document.paragraphs]
    assert QUOTED[2] in paragraphs
    assert document.tables[0].rows[0].cells[0].text == "STT"


def test_the_pdf_report_is_written_with_the_shipped_fonts(district_2022, tmp_path):
    out = tmp_path / "bao-cao.pdf"
    generate("--format", "pdf", "--out", str(out))
    assert out.read_bytes().startswith(b"%PDF")


def test_a_ward_formed_in_2025_inherits_nothing_and_says_its_territory_changed(district_2022):
    ward = WardFactory.create(code="99592", name="Phường Mới", level=UnitLevel.COMMUNE)
    report = build_report(unit=ward, year=2026, period=YEAR)
    assert report.sections == [] and report.summary == []
    assert any("không cùng phạm vi lãnh thổ" in note for note in report.notes)
    ended = AdministrativeUnit.objects.get(code="019").valid_to
    assert ended is not None and ended.year == 2025


def test_the_demo_ward_has_five_years_of_figures_and_a_rerun_adds_none(district):
    ward = WardFactory.create(code=demo.WARD_CODE, name="Phường Từ Liêm")
    demo.load()
    total = Indicator.objects.get(name="Tổng giá trị sản xuất các ngành kinh tế")
    this_year = today().year
    series = indicator_series(
        indicator=total, unit=ward, period=YEAR, years=range(this_year - 4, this_year + 1)
    )
    assert sorted(series) == list(range(this_year - 4, this_year + 1))
    assert demo.load().startswith("Chỉ tiêu kinh tế - xã hội mẫu: 0 số liệu mới")


@pytest.mark.parametrize("output_format", ["md", "docx", "pdf"])
def test_a_report_to_a_folder_that_does_not_exist_is_a_clear_error(
    district_2022, tmp_path, output_format
):
    out = tmp_path / "missing" / f"bao-cao.{output_format}"
    with pytest.raises(CommandError, match="Không ghi được tệp"):
        generate("--format", output_format, "--out", str(out))


def test_a_section_is_one_heading_when_its_indicators_came_from_several_sheets(
    district, write_xlsx
):
    def header(year):
        titles = [f"Thực hiện năm {year - 1}", f"Kế hoạch năm {year}", f"Ước thực hiện năm {year}"]
        return ["STT", "Chỉ tiêu", "Đơn vị tính", *titles]

    def load(year, rows):
        path = write_xlsx([header(year), *rows], name=f"bieu-{year}.xlsx")
        call_command(
            "indicators",
            *("import", str(path), "--unit", "019", "--on", "31/12/2022"),
            *("--year", str(year)),
        )

    load(2021, [["I", "Kinh tế"], ["1", "Thu ngân sách", "tỷ đồng", None, None, 100]])
    load(
        2022,
        [
            ["I", "KINH TẾ"],
            ["1", "Giá trị sản xuất", "tỷ đồng", None, None, 50],
            ["2", "Doanh nghiệp", "doanh nghiệp", None, None, 7],
            ["3", "Thu ngân sách", "tỷ đồng", None, None, 120],
        ],
    )
    text = generate()
    assert text.count("## KINH TẾ") + text.count("## Kinh tế") == 1
    assert text.count("| I |") == 1 and "| II |" not in text


def test_the_pdf_report_does_not_log_its_layout_steps(district_2022, tmp_path, caplog):
    generate("--format", "pdf", "--out", str(tmp_path / "bao-cao.pdf"))
    assert not [r for r in caplog.records if r.name.startswith("weasyprint.progress")]


def test_half_a_year_against_the_years_plan_is_progress_not_a_verdict(district, write_xlsx):
    header = [
        *("STT", "Chỉ tiêu", "Đơn vị tính", "Thực hiện 6 tháng năm 2021"),
        *("Kế hoạch năm 2022", "Ước thực hiện 6 tháng năm 2022", "Cấp giao"),
    ]
    rows = [["1", "Thu ngân sách", "tỷ đồng", 50, 100, 52, "HĐND"]]
    path = write_xlsx([header, *rows], name="bieu-6-thang.xlsx")
    call_command(
        "indicators",
        *("import", str(path), "--unit", "019", "--on", "30/06/2022"),
        *("--year", "2022", "--period", "6-months"),
    )
    text = generate("--period", "6-months")
    assert "đạt 52% kế hoạch năm" in text
    assert "chưa đạt" not in text
    assert "1/1 chỉ tiêu chưa đánh giá" in text
