"""Import of a province's publication decision annex (issue 15): the header found by its
titles, Vietnamese numbers read, the diff printed, nothing saved without --apply."""

from datetime import date
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from motcua.catalog.annex import (
    AnnexError,
    TimeValue,
    parse_fee,
    parse_time,
    read_rows,
    rescaled_budgets,
)
from motcua.catalog.models import Procedure
from motcua.catalog.selectors import procedure_version_on

HEADER = ["STT", "Mã thủ tục", "Tên thủ tục hành chính", "Thời hạn giải quyết", "Phí, lệ phí",
          "Căn cứ pháp lý"]  # fmt: skip
TITLE: list[list[Any]] = [
    ["ỦY BAN NHÂN DÂN TỈNH X"],
    ["PHỤ LỤC", None, "Danh mục thủ tục hành chính cấp xã"],
    [],
]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("03 ngày làm việc", TimeValue(Decimal(3), "working_days")),
        ("Trong ngày làm việc", TimeValue(Decimal(1), "same_day")),
        ("0,5 ngày làm việc", TimeValue(Decimal("0.5"), "working_days")),
        ("08 giờ làm việc", TimeValue(Decimal(8), "working_hours")),
        ("Theo quy định", None),
    ],
)
def test_times_are_read_the_vietnamese_way(text, value) -> None:
    assert parse_time(text) == value


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("20.000 đồng/lần", 20_000),
        ("Không", 0),
        ("Miễn lệ phí", 0),
        ("1.000.000đ", 1_000_000),
        ("", None),
        ("Theo Nghị quyết của HĐND tỉnh", None),
    ],
)
def test_fees_are_read_the_vietnamese_way(text, amount) -> None:
    assert parse_fee(text) == amount


def test_the_header_is_found_below_the_titles_and_group_rows_are_skipped() -> None:
    rows: list[list[Any]] = [
        *TITLE,
        HEADER,
        [None, "I. Lĩnh vực Hộ tịch"],
        [1, "1.004194", "Đăng ký tạm trú", "03 ngày làm việc", "15.000 đồng", "Luật Cư trú"],
    ]
    (row,) = read_rows(rows)
    assert (row.line, row.code, row.fee) == (6, "1.004194", 15_000)
    with pytest.raises(AnnexError):
        read_rows([["a", "b"]] * 12 + [HEADER])  # the header must be in the first 10 rows


def test_step_budgets_are_shared_out_again_and_add_up_exactly() -> None:
    budgets = rescaled_budgets([Decimal("0.5"), Decimal(5), Decimal(1), Decimal("0.5")], Decimal(5))
    assert sum(budgets) == Decimal(5) and budgets[1] > budgets[0]


@pytest.fixture
def annex(tmp_path):
    return annex_file(tmp_path)


def annex_file(tmp_path):
    """A province's annex: residence registration's time and legal basis changed, marriage
    as in the catalogue, a code the catalogue does not have."""
    workbook = Workbook()
    sheet = workbook.active
    for row in [
        *TITLE,
        HEADER,
        [1, "1.004222", "Đăng ký thường trú", "05 ngày làm việc", "20.000 đồng",
         "Luật Cư trú số 68/2020/QH14\nNghị định số 154/2024/NĐ-CP"],
        [2, "1.000894", "Đăng ký kết hôn", "Trong ngày", "Không", ""],
        [3, "9.999999", "Thủ tục lạ", "1 ngày", "", ""],
    ]:  # fmt: skip
        sheet.append(row)
    path = tmp_path / "phu-luc.xlsx"
    workbook.save(path)
    return path


def test_the_diff_is_printed_and_nothing_saved_without_apply(seeded, annex) -> None:
    out = StringIO()
    call_command("catalog", "import-annex", str(annex), "--on", "2027-01-01", stdout=out)
    text = out.getvalue()
    assert "1.004222 Đăng ký thường trú" in text
    assert "thời hạn: 7 ngày làm việc → 5 ngày làm việc" in text
    assert "căn cứ bỏ: Thông tư số 75/2022/TT-BTC" in text
    assert "1.000894" not in text.split("Lưu ý")[0]  # nothing differs for marriage
    assert "mã 9.999999 (Thủ tục lạ) chưa có trong danh mục" in text
    assert "Chưa lưu gì" in text
    assert Procedure.objects.get(code="1.004222").versions.count() == 1


def test_apply_adds_a_version_from_the_date_and_keeps_the_old_one(seeded, annex) -> None:
    out = StringIO()
    call_command(
        "catalog", "import-annex", str(annex), "--on", "2027-01-01", "--apply",
        "--decision", "Quyết định số 1/QĐ-UBND", stdout=out,
    )  # fmt: skip
    assert "Đã tạo 1 phiên bản mới" in out.getvalue()
    procedure = Procedure.objects.get(code="1.004222")
    old = procedure_version_on(procedure=procedure, on_date=date(2026, 12, 31))
    new = procedure_version_on(procedure=procedure, on_date=date(2027, 1, 1))
    assert old is not None and new is not None
    assert (old.time_amount, new.time_amount) == (Decimal(7), Decimal(5))
    assert sum(s.budget for s in new.steps.all()) == Decimal(5)
    assert new.time_source_specs[0].document == "Quyết định số 1/QĐ-UBND"


def test_a_file_that_is_not_an_annex_is_refused_with_its_name(seeded, tmp_path) -> None:
    path = tmp_path / "khac.xlsx"
    Workbook().save(path)
    with pytest.raises(CommandError, match=r"khac\.xlsx: Không tìm thấy dòng tiêu đề"):
        call_command("catalog", "import-annex", str(path), "--on", "2027-01-01")


def test_an_officer_without_the_catalogue_permission_cannot_import(client, seeded) -> None:
    from tests.factories import OfficerFactory

    client.force_login(OfficerFactory.create(username="mot.cua.phu.luc", is_staff=True))
    assert client.get("/admin/catalog/procedure/import-annex/").status_code == 403
