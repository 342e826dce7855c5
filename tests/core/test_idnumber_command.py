"""`motcua idnumber check`, run as a real process: exit code and output."""

import os
import subprocess
import sys

ENV = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "SECRET_KEY": "test-only"}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "motcua.cli", "idnumber", *args],
        capture_output=True,
        text=True,
        env=ENV,
        check=False,
    )


def test_check_prints_what_a_valid_number_encodes():
    result = run("check", "001203012345")
    assert result.returncode == 0, result.stderr
    assert "Thành phố Hà Nội" in result.stdout
    assert "Thế kỷ sinh: 21" in result.stdout
    assert "Giới tính: nam" in result.stdout
    assert "Năm sinh: 2003" in result.stdout


def test_check_refuses_a_bad_number_with_the_reason_and_no_traceback():
    result = run("check", "099203012345")
    assert result.returncode == 1
    assert "Mã tỉnh nơi đăng ký khai sinh 099" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_compares_with_declared_birth_date_and_sex():
    assert (
        run("check", "001303012345", "--birth-date", "2003-05-17", "--sex", "female").returncode
        == 0
    )
    result = run("check", "001303012345", "--sex", "male")
    assert result.returncode == 1
    assert "Giới tính" in result.stderr


def test_check_refuses_a_malformed_birth_date():
    result = run("check", "001303012345", "--birth-date", "17/05/2003")
    assert result.returncode == 1
    assert "YYYY-MM-DD" in result.stderr
