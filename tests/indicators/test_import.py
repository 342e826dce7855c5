from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from motcua.core.models import AuditEvent
from motcua.indicators.models import Indicator, Target, TargetSet, ValidationWarning, Value
from motcua.indicators.sheet import period_named, read_sheet

HEADER = [
    "STT",
    "Chỉ tiêu",
    "Đơn vị tính",
    "Thực hiện năm 2021",
    "Kế hoạch năm 2022",
    "Ước thực hiện năm 2022",
    "So sánh với kế hoạch (%)",
    "So sánh với cùng kỳ (%)",
]


def run_import(path, *args):
    call_command(
        "indicators",
        "import",
        str(path),
        "--unit",
        "019",
        "--on",
        "31/12/2022",
        "--year",
        "2022",
        *args,
    )


def nothing_written():
    return not (Value.objects.exists() or Indicator.objects.exists() or Target.objects.exists())


def test_the_district_sheet_is_imported_with_its_targets_and_given_percentages(
    district, district_sheet, capsys
):
    run_import(district_sheet)
    assert "Đã nhập Quận Nam Từ Liêm" in capsys.readouterr().out
    total = Indicator.objects.get(name="Tổng giá trị sản xuất các ngành kinh tế")
    assert [c.name for c in total.components.order_by("position")] == [
        "Giá trị sản xuất ngành thương mại, dịch vụ",
        "Giá trị sản xuất ngành công nghiệp, xây dựng",
    ]
    revenue = Value.objects.get(indicator__name="Thu ngân sách nhà nước trên địa bàn")
    assert (revenue.number, revenue.given_percent_of_plan, revenue.given_ratio_to_same_period) == (
        Decimal("8015.589"),
        Decimal(115),
        Decimal(105),
    )
    assert revenue.unit == district and revenue.figure == "estimate"
    counts = {s.assigner: s.targets.count() for s in TargetSet.objects.filter(unit=district)}
    assert counts == {"city": 14, "council": 22}
    assert AuditEvent.objects.filter(action="indicators.import").count() == 1


def test_the_48_ty_dong_gap_is_flagged_on_import(district, district_sheet):
    run_import(district_sheet)
    [gap] = ValidationWarning.objects.filter(rule="components")
    assert "thiếu 48 tỷ đồng" in gap.message
    assert gap.is_open


def test_reimporting_the_same_file_changes_nothing(district, district_sheet, capsys):
    run_import(district_sheet)
    before = (Value.objects.count(), AuditEvent.objects.count(), ValidationWarning.objects.count())
    run_import(district_sheet)
    assert "không có gì thay đổi" in capsys.readouterr().out
    after = (Value.objects.count(), AuditEvent.objects.count(), ValidationWarning.objects.count())
    assert after == before


def test_a_newer_figure_is_a_new_row_and_the_earlier_is_kept(district, write_xlsx):
    run_import(write_xlsx([HEADER, ["1", "Số hộ kinh doanh", "hộ", None, None, "1.200"]]))
    run_import(write_xlsx([HEADER, ["1", "Số hộ kinh doanh", "hộ", None, None, "1.250"]]))
    assert [v.number for v in Value.objects.order_by("pk")] == [Decimal(1200), Decimal(1250)]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            [HEADER, ["1", "Tổng giá trị sản xuất", "tỷ đồng", None, None, "khoảng 5"]],
            "Dòng 2: cột 'Ước thực hiện năm 2022': 'khoảng 5' không phải là số",
        ),
        (
            [HEADER, ["1", "A", "người", None, None, 5], ["1", "B", "người", None, None, 6]],
            "Dòng 3: STT 1 trùng với dòng 2",
        ),
        (
            [["Biểu chỉ tiêu"], ["1", "A", "người", None, None, 5]],
            "Không tìm thấy dòng tiêu đề",
        ),
        (
            [HEADER[:2], ["1", "A"]],
            "Dòng 1: thiếu cột: Đơn vị tính, Ước thực hiện năm 2022",
        ),
    ],
    ids=["text in a number cell", "duplicated STT", "no header", "missing columns"],
)
def test_a_malformed_sheet_is_refused_with_line_numbers_and_nothing_written(
    district, write_xlsx, capsys, rows, expected
):
    good = ["2", "Số hộ kinh doanh", "hộ", None, None, "1.200"]
    with pytest.raises(CommandError, match="không ghi gì"):
        run_import(write_xlsx([*rows, good]))
    assert expected in capsys.readouterr().err
    assert nothing_written()


def test_every_refused_row_is_listed(district, write_xlsx, capsys):
    rows = [
        ["Biểu các chỉ tiêu kinh tế - xã hội chủ yếu"],
        HEADER,
        ["1", "A", "người", None, None, "x y"],
        ["1.1", "B", "", None, None, 5],
        ["3.1", "C", "người", None, None, 5],
    ]
    with pytest.raises(CommandError, match="3 dòng bị từ chối"):
        run_import(write_xlsx(rows))
    err = capsys.readouterr().err
    assert "Dòng 3:" in err and "Dòng 4: 'B': thiếu đơn vị tính" in err
    assert "Dòng 5: STT 3.1 không có chỉ tiêu cha 3" in err


def test_an_indicator_in_another_unit_of_measure_is_refused(district, write_xlsx, capsys):
    run_import(write_xlsx([HEADER, ["1", "Số hộ kinh doanh", "hộ", None, None, 5]]))
    with pytest.raises(CommandError):
        run_import(write_xlsx([HEADER, ["1", "Số hộ kinh doanh", "người", None, None, 5]]))
    assert "khác đơn vị đã dùng cho chỉ tiêu này ('hộ')" in capsys.readouterr().err
    assert Value.objects.count() == 1


def test_a_closed_year_reads_thuc_hien_as_the_actual(write_xlsx):
    header = [*HEADER[:5], "Thực hiện năm 2022"]
    sheet = read_sheet(write_xlsx([header, ["1", "A", "người", 1, 2, 3]]), year=2022)
    assert sheet.figure_kind == "actual" and sheet.rows[0].value == 3


def test_export_writes_the_layout_back_with_the_computed_columns(
    district, district_sheet, tmp_path
):
    run_import(district_sheet)
    out = tmp_path / "out.xlsx"
    call_command(
        "indicators",
        "export",
        "--unit",
        "019",
        "--on",
        "31/12/2022",
        "--year",
        "2022",
        "--out",
        str(out),
    )
    sheet = read_sheet(out, year=2022)
    assert sheet.refusals == []
    rows = {r.name: r for r in sheet.rows}
    assert rows["Số doanh nghiệp thành lập mới"].percent_of_plan == Decimal("108.3")
    assert rows["Tổng giá trị sản xuất các ngành kinh tế"].assigners == ("city", "council")


def test_the_blank_template_reads_back_without_refusals(tmp_path):
    out = tmp_path / "mau.xlsx"
    call_command("indicators", "template", "--year", "2027", "--out", str(out))
    assert read_sheet(out, year=2027).refusals == []


def test_the_same_indicator_twice_in_a_sheet_is_refused(district, write_xlsx, capsys):
    rows = [
        HEADER,
        ["I", "Kinh tế"],
        ["1", "Số hộ", "hộ", None, None, 5],
        ["II", "Xã hội"],
        ["1", "Số hộ", "hộ", None, None, 6],
    ]
    with pytest.raises(CommandError):
        run_import(write_xlsx(rows))
    assert "Dòng 5: 'Số hộ': trùng chỉ tiêu với dòng 3" in capsys.readouterr().err
    assert nothing_written()


@pytest.mark.parametrize(
    "content",
    [b"", b"STT,Chi tieu\n1,A\n", b"PK\x05\x06" + b"\0" * 18],
    ids=["empty file", "a CSV renamed", "a zip of something else"],
)
def test_a_file_that_is_not_a_workbook_is_refused_without_a_traceback(
    district, tmp_path, capsys, content
):
    path = tmp_path / "bieu.xlsx"
    path.write_bytes(content)
    with pytest.raises(CommandError, match="không ghi gì"):
        run_import(path)
    assert "không đọc được như một bảng tính .xlsx" in capsys.readouterr().err
    assert nothing_written()


def test_an_old_xls_file_is_refused_without_a_traceback(district, tmp_path, capsys):
    path = tmp_path / "bieu.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 60)
    with pytest.raises(CommandError, match="không ghi gì"):
        run_import(path)
    assert "không đọc được như một bảng tính .xlsx" in capsys.readouterr().err


def test_an_export_to_a_folder_that_does_not_exist_is_a_clear_error(district, tmp_path):
    out = tmp_path / "missing" / "out.xlsx"
    with pytest.raises(CommandError, match="Không ghi được tệp"):
        call_command(
            "indicators",
            *("export", "--unit", "019", "--on", "31/12/2022", "--year", "2022"),
            *("--out", str(out)),
        )


def test_notes_and_signatures_under_the_table_are_ignored(district, write_xlsx):
    rows = [
        HEADER,
        ["1", "Số hộ kinh doanh", "hộ", None, None, "1.200"],
        [None] * 8,
        ["Ghi chú: số liệu ước đến ngày 15/12/2022"],
        [None, "NGƯỜI LẬP BIỂU", None, None, None, None, "TM. ỦY BAN NHÂN DÂN"],
        [None, None, None, None, None, None, "CHỦ TỊCH"],
    ]
    run_import(write_xlsx(rows))
    assert Value.objects.get().number == 1200


def test_a_numbered_row_without_its_name_is_still_refused(district, write_xlsx, capsys):
    with pytest.raises(CommandError, match="không ghi gì"):
        run_import(write_xlsx([HEADER, ["1", None, None, None, None, None]]))
    assert "Dòng 2: thiếu tên chỉ tiêu" in capsys.readouterr().err


def test_header_titles_are_read_as_offices_write_them(write_xlsx):
    header = [
        "TT",
        "Tên chỉ tiêu",
        "ĐVT",
        "TH năm 2021",
        "Kế hoạch năm 2022\n(HĐND giao)",
        "Ước TH năm 2022",
        "Ước TH/KH (%)",
        "Ước thực hiện năm 2022 so với cùng kỳ (%)",
    ]
    rows = [["UBND PHƯỜNG TÂY MỖ"], header, ["1", "A", "người", 10, 20, 22, "110", "220"]]
    sheet = read_sheet(write_xlsx(rows), year=2022)
    assert sheet.refusals == []
    (row,) = sheet.rows
    assert (row.same_period, row.plan, row.value) == (10, 20, 22)
    assert (row.percent_of_plan, row.ratio_to_same_period) == (110, 220)


def test_a_comparison_header_over_two_rows_names_both_columns(write_xlsx):
    header = [*HEADER[:6], "So sánh (%)", None, "Ghi chú"]
    under = [None] * 6 + ["Với KH", "Với cùng kỳ", None]
    rows = [header, under, ["1", "A", "người", None, None, 22, "110", "105,5", "x"]]
    sheet = read_sheet(write_xlsx(rows), year=2022)
    assert sheet.refusals == []
    (row,) = sheet.rows
    assert (row.percent_of_plan, row.ratio_to_same_period) == (110, Decimal("105.5"))
    assert row.note == "x"


def test_a_percentage_formatted_cell_is_read_as_the_percentage_shown(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(["1", "Tỷ lệ hộ nghèo", "%", 0.005, 0.004, 0.003, 0.75, 0.6])
    for row in sheet.iter_rows(min_row=2):
        for cell in row[3:]:
            cell.number_format = "0.0%"
    path = tmp_path / "bieu.xlsx"
    workbook.save(path)
    (row,) = read_sheet(path, year=2022).rows
    assert (row.same_period, row.plan, row.value) == (
        Decimal("0.5"),
        Decimal("0.4"),
        Decimal("0.3"),
    )
    assert (row.percent_of_plan, row.ratio_to_same_period) == (75, 60)


def test_a_percent_sign_written_in_the_cell_format_is_not_a_percentage(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(["1", "A", "người", None, None, 22, 113.5, None])
    sheet["G2"].number_format = '0.0"%"'
    path = tmp_path / "bieu.xlsx"
    workbook.save(path)
    assert read_sheet(path, year=2022).rows[0].percent_of_plan == Decimal("113.5")


def test_a_sheet_with_a_header_and_no_indicator_is_refused(district, write_xlsx, capsys):
    with pytest.raises(CommandError, match="không ghi gì"):
        run_import(write_xlsx([["Biểu các chỉ tiêu"], HEADER, ["I", "Kinh tế"]]))
    assert "Biểu không có dòng chỉ tiêu nào" in capsys.readouterr().err


def test_reimporting_the_exported_sheet_changes_nothing(district, district_sheet, tmp_path):
    run_import(district_sheet)
    out = tmp_path / "out.xlsx"
    call_command(
        "indicators",
        *("export", "--unit", "019", "--on", "31/12/2022", "--year", "2022", "--out", str(out)),
    )
    values = Value.objects.count()
    run_import(out)
    assert Value.objects.count() == values


def test_a_column_of_another_period_than_the_one_imported_is_refused(district, write_xlsx, capsys):
    header = [*HEADER[:5], "Ước thực hiện 6 tháng năm 2022"]
    path = write_xlsx([header, ["1", "Số hộ kinh doanh", "hộ", None, None, "1.200"]])
    with pytest.raises(CommandError, match="không ghi gì"):
        run_import(path)
    assert "là số 6 tháng đầu năm 2022, không phải năm 2022" in capsys.readouterr().err
    assert nothing_written()
    run_import(path, "--period", "6-months")
    assert Value.objects.get(period="6-months").number == 1200


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("uoc thuc hien 9 thang nam 2022", "9-months"),
        ("thuc hien quy iv nam 2022", "q4"),
        ("uoc thuc hien thang 3 nam 2022", "m3"),
        ("uoc thuc hien ca nam 2022", None),
    ],
)
def test_the_period_a_column_names_is_read_from_its_title(title, code):
    named = period_named(title)
    assert (named.code if named else None) == code
