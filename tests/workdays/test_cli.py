"""`motcua workdays add|check` prints what an IT officer expects, and refuses bad input."""

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def run(*args: str) -> str:
    out = StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue().strip()


def test_add_working_days_across_tet(official_calendar):
    assert run("add", "--start", "2026-02-12T10:00", "--working-days", "3") == (
        "2026-02-24T10:00:00+07:00"
    )


def test_add_working_hours_from_an_aware_start(official_calendar):
    assert run("add", "--start", "2026-02-13T08:00:00+00:00", "--working-hours", "4") == (
        "2026-02-23T10:00:00+07:00"  # 15:00 VN: 2 h on Friday, 2 h after Tết
    )


def test_check_names_the_reason(official_calendar):
    assert run("check", "2026-01-10") == (
        "working: Thứ Bảy làm bù cho ngày nghỉ thứ Sáu 02/01/2026"
    )
    assert run("check", "2026-02-17") == "non-working: Nghỉ Tết Nguyên đán Bính Ngọ (mùng 1)"
    assert run("check", "2026-03-07") == "non-working: Thứ Bảy, nghỉ hằng tuần"
    assert run("check", "2026-08-22").startswith(
        "non-working: Thứ Bảy, nghỉ hằng tuần; chưa áp dụng vì chưa xác nhận: Thứ Bảy làm bù"
    )


def test_agency_by_e_id_code(official_calendar, agency_a):
    assert run("--agency", agency_a.eid_code, "check", "2026-03-03") == "working: Ngày làm việc"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "--start", "12/02/2026", "--working-days", "1"], "cần dạng"),
        (["add", "--start", "2026-02-12T10:00", "--working-days", "-1"], "từ 0 trở lên"),
        (["add", "--start", "2026-02-12T10:00", "--working-hours", "bốn"], "phải là một số"),
        (["add", "--start", "2026-02-12T10:00"], "Cần đúng một"),
        (
            ["add", "--start", "2026-02-12", "--working-days", "1", "--working-hours", "1"],
            "Cần đúng một",
        ),
        (["add", "--start", "2099-01-01T10:00", "--working-days", "1"], "outside the calendar"),
        (["check", "2026-13-01"], "không phải ngày"),
        (["--agency", "000.00.00.X99", "check", "2026-01-01"], "Không có cơ quan"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(db, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_bad_input_exits_non_zero_without_a_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "motcua.cli", "workdays", "check", "hôm nay"],
        capture_output=True,
        text=True,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"},
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "không phải ngày" in result.stderr
