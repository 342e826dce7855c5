"""`motcua units resolve|show`: output a clerk can read, and clean failures with exit code 1."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command


def run(*args: str) -> str:
    out = StringIO()
    call_command("units", *args, stdout=out)
    return out.getvalue()


def test_resolve_prints_the_unit_then_and_its_successors_marked_ambiguous(small_city):
    lines = run("resolve", "Phường Trung Thử, Quận Nam Thử, Thử Nghiệm", "--on", "2024-05-01")
    first, *successors = lines.splitlines()
    assert first.startswith("99637\tPhường Trung Thử, Quận Nam Thử, Thành phố Thử Nghiệm")
    assert "ambiguous" not in first
    assert [line.split("\t")[0] for line in successors] == ["→ 99367", "→ 99637"]
    assert all(line.endswith("ambiguous") for line in successors)


def test_resolve_of_a_merged_ward_is_not_marked_ambiguous(small_city):
    lines = run("resolve", "P. Cầu Thử, Q. Nam Thử", "--on", "01/05/2024").splitlines()
    assert lines[1].startswith("→ 99592\tPhường Từ Thử") and "ambiguous" not in lines[1]


def test_resolve_on_the_real_data(units_refdata):
    output = run("resolve", "Phường Trung Văn, Quận Nam Từ Liêm, Hà Nội", "--on", "2024-05-01")
    assert output.splitlines()[0].startswith("00637\tPhường Trung Văn, Quận Nam Từ Liêm")
    assert "→ 00637\tPhường Đại Mỗ, Thành phố Hà Nội\t(Một phần)\tambiguous" in output


def test_show_lists_the_children_on_that_date(small_city):
    output = run("show", "9019", "--on", "2024-05-01")
    assert "  99592\tPhường Cầu Thử" in output
    assert "  99637\tPhường Trung Thử" in output


def test_unknown_place_fails_with_a_clear_message(small_city):
    with pytest.raises(CommandError, match="Không tìm thấy địa danh “Atlantis”") as error:
        run("resolve", "Atlantis", "--on", "2024-05-01")
    assert error.value.returncode == 1


def test_code_without_a_unit_on_that_date_fails(small_city):
    with pytest.raises(CommandError, match="Không có đơn vị hành chính mã 9019"):
        run("show", "9019", "--on", "2025-07-01")


def test_bad_date_exits_non_zero_without_a_traceback():
    result = subprocess.run(
        [sys.executable, "-m", "motcua.cli", "units", "resolve", "Hà Nội", "--on", "2024-13-01"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
        check=False,
    )
    assert result.returncode == 1
    assert "Ngày không hợp lệ “2024-13-01”" in result.stderr
    assert "Invalid date" in result.stderr
    assert "Traceback" not in result.stderr
