"""Reporting periods: a month, a quarter, six months, nine months or the year (no Django).

On the command line: `year`, `9-months`, `6-months`, `q1`..`q4`, `m1`..`m12`.
"""

import calendar
from dataclasses import dataclass
from datetime import date

ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True, order=True)
class Period:
    code: str  # 'year', '9-months', '6-months', 'q2', 'm11'

    @classmethod
    def parse(cls, text: str) -> "Period":
        code = text.strip().lower()
        if code in ("year", "9-months", "6-months"):
            return cls(code)
        if code[:1] == "q" and code[1:] in ("1", "2", "3", "4"):
            return cls(code)
        if code[:1] == "m" and code[1:].isdigit() and 1 <= int(code[1:]) <= 12:
            return cls(f"m{int(code[1:])}")
        raise ValueError(
            f"Kỳ '{text}' không hợp lệ: year, 9-months, 6-months, q1..q4 hoặc m1..m12."
        )

    def months(self) -> tuple[int, int]:
        """The first and last month the period covers."""
        if self.code == "year":
            return 1, 12
        if self.code == "9-months":
            return 1, 9
        if self.code == "6-months":
            return 1, 6
        if self.code.startswith("q"):
            quarter = int(self.code[1:])
            return 3 * quarter - 2, 3 * quarter
        month = int(self.code[1:])
        return month, month

    def first_day(self, year: int) -> date:
        return date(year, self.months()[0], 1)

    def last_day(self, year: int) -> date:
        month = self.months()[1]
        return date(year, month, calendar.monthrange(year, month)[1])

    def label(self, year: int) -> str:
        """'năm 2022', '6 tháng đầu năm 2022', 'quý II năm 2022', 'tháng 3 năm 2022'."""
        if self.code == "year":
            return f"năm {year}"
        if self.code == "9-months":
            return f"9 tháng năm {year}"
        if self.code == "6-months":
            return f"6 tháng đầu năm {year}"
        if self.code.startswith("q"):
            return f"quý {ROMAN_QUARTERS[int(self.code[1:])]} năm {year}"
        return f"tháng {self.code[1:]} năm {year}"


YEAR = Period("year")
CHOICES = [
    ("year", "Năm"),
    ("9-months", "9 tháng"),
    ("6-months", "6 tháng"),
    *[(f"q{q}", f"Quý {ROMAN_QUARTERS[q]}") for q in range(1, 5)],
    *[(f"m{m}", f"Tháng {m}") for m in range(1, 13)],
]
