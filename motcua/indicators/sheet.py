"""The spreadsheet offices exchange ("Biểu các chỉ tiêu kinh tế - xã hội chủ yếu"), read
into rows and refusals (no Django: tested directly; `services.sheet_import` writes).

First sheet; the header row is the first of the first 10 rows holding the `STT` and
`Chỉ tiêu` titles (title rows above it are ignored):
`STT | Chỉ tiêu | Đơn vị tính | Thực hiện năm N-1 | Kế hoạch năm N | Ước thực hiện năm N |
So sánh với kế hoạch (%) | So sánh với cùng kỳ (%)`, `Thực hiện năm N` in place of the
estimate once the year is closed, optionally `Cấp giao` and `Ghi chú`. Titles are matched
without diacritics or case, may name a period ("Ước thực hiện 6 tháng năm 2022"), be
abbreviated ("TT", "ĐVT", "Ước TH năm 2022", "Ước TH/KH (%)") or add words after the year.
Rows with neither an STT nor a figure (notes, signatures under the table) are skipped.
"""

import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from motcua.core.text import fold, stored_text
from motcua.indicators.figures import Rule
from motcua.indicators.numbers import NotANumber, parse_number
from motcua.indicators.periods import YEAR, Period
from motcua.indicators.stt import Hierarchy, Placed, RowKind, SttError, looks_like_stt
from motcua.indicators.wording import FigureKind

HEADER_SEARCH_ROWS = 10
# What openpyxl raises on a file that is not an .xlsx workbook (empty, a CSV or an old .xls
# renamed, a zip of something else).
UNREADABLE_ERRORS = (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError)
UNREADABLE = "Tệp không đọc được như một bảng tính .xlsx (Excel 2007 trở lên)."
ASSIGNERS = {"city": "Thành phố", "council": "HĐND", "committee": "UBND"}
# The number columns, by the name the rows carry them under.
NUMBER_COLUMNS = ("same_period", "plan", "value", "percent_of_plan", "ratio_to_same_period")


@dataclass(frozen=True)
class SheetRow:
    line: int
    placed: Placed
    name: str
    unit_of_measure: str = ""
    same_period: Decimal | None = None
    plan: Decimal | None = None
    value: Decimal | None = None
    percent_of_plan: Decimal | None = None
    ratio_to_same_period: Decimal | None = None
    # 'city', 'council', 'committee': the target sets the row is in; () an indicator only.
    assigners: tuple[str, ...] = ()
    plan_name: str = "kế hoạch"
    rule: Rule = Rule.AT_LEAST
    note: str = ""


@dataclass(frozen=True)
class Refusal:
    line: int  # 0: the file as a whole
    reason: str

    def __str__(self) -> str:
        return f"Dòng {self.line}: {self.reason}" if self.line else self.reason


@dataclass
class Sheet:
    year: int
    figure_kind: FigureKind = FigureKind.ESTIMATE
    rows: list[SheetRow] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)


def _title(cell: object) -> str:
    return " ".join(re.sub(r"[()%:]", " ", fold(str(cell or ""))).split())


# "Kế hoạch năm 2023 (HĐND giao)", "Ước TH cả năm 2023", "Thực hiện 2022": the first year.
_YEAR_COLUMN = re.compile(r"^(uoc )?(thuc hien|ke hoach|du toan)\b.*?\b((?:19|20)\d{2})\b")
# Abbreviations offices write in titles, by their words in full.
_ABBREVIATIONS = {"th": "thuc hien", "kh": "ke hoach", "uth": "uoc thuc hien"}
STT_TITLES = frozenset({"stt", "tt", "so tt"})


def _is_comparison(title: str) -> bool:
    """'So sánh với KH (%)', 'Ước TH năm 2023 so với cùng kỳ', 'Ước TH/KH (%)'."""
    return title.startswith("so sanh") or " so voi " in f" {title} " or "/" in title


def is_name_title(title: str) -> bool:
    """'Chỉ tiêu', 'Tên chỉ tiêu', 'Các chỉ tiêu chủ yếu' (not 'Cấp giao chỉ tiêu')."""
    return "chi tieu" in title and not title.startswith("cap giao") and not _is_comparison(title)


_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def period_named(title: str) -> Period | None:
    """The period a figure column's title names: 'uoc thuc hien 6 thang nam 2022' → six
    months, 'quy iv' → q4, 'thang 3' → m3; None when it names none (the year)."""
    if quarter := re.search(r"\bquy (iv|iii|ii|i|[1-4])\b", title):
        number = quarter.group(1)
        return Period(f"q{_QUARTERS.get(number) or int(number)}")
    if (month := re.search(r"\bthang (\d{1,2})\b", title)) and 1 <= int(month.group(1)) <= 12:
        return Period(f"m{int(month.group(1))}")
    if months := re.search(r"\b(6|9|12) thang\b", title):
        return {"6": Period("6-months"), "9": Period("9-months"), "12": YEAR}[months.group(1)]
    return None


def column_for(title: str, year: int, period: Period | None = None) -> str | None:
    """The field a header cell names ('value', 'plan' ...), None for a column we skip.
    ValueError for a figure column of another year, or of another period than `period`."""
    if title in STT_TITLES:
        return "stt"
    if title.startswith("cap giao"):
        return "assigner"
    if title.startswith("ghi chu"):
        return "note"
    if title in ("don vi tinh", "dvt", "don vi"):
        return "unit_of_measure"
    if _is_comparison(title):
        return "ratio_to_same_period" if "cung ky" in title else "percent_of_plan"
    if is_name_title(title):
        return "name"
    matched = _YEAR_COLUMN.match(" ".join(_ABBREVIATIONS.get(w, w) for w in title.split()))
    if matched is None:
        return None
    estimate, kind, column_year = matched.group(1), matched.group(2), int(matched.group(3))
    named = period_named(title)
    if kind == "thuc hien" and period and named and named != period:
        raise ValueError(
            f"cột là số {named.label(column_year)}, không phải {period.label(column_year)} "
            "(kỳ đang nhập)"
        )
    if kind == "thuc hien" and not estimate and column_year == year - 1:
        return "same_period"
    if column_year != year:
        raise ValueError(f"cột năm {column_year} không thuộc năm {year} hoặc {year - 1}")
    if kind != "thuc hien":
        return "plan"
    return "estimate" if estimate else "actual"


_LITERALS = re.compile(r'"[^"]*"|\\.')


def _value(cell: object) -> object:
    """A cell's value; a number Excel shows as a percentage (0.95 shown 95%) as the
    percentage the office typed (95)."""
    value = getattr(cell, "value", None)
    if isinstance(value, int | float) and not isinstance(value, bool):
        # A '%' in quotes or after a backslash is a literal sign: Excel does not scale.
        shown = _LITERALS.sub("", str(getattr(cell, "number_format", "") or ""))
        if "%" in shown:
            return Decimal(repr(value)) * 100
    return value


def _rows(source: str | Path | IO[bytes]) -> Iterator[tuple[int, tuple[object, ...]]]:
    workbook = load_workbook(source, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        for line, cells in enumerate(sheet.iter_rows(), start=1):
            yield line, tuple(_value(cell) for cell in cells)
    finally:
        workbook.close()


def _assigner(part: str) -> str:
    if "hdnd" in part or "hoi dong" in part:
        return "council"
    if "ubnd" in part or "uy ban" in part:
        return "committee"
    if "thanh pho" in part or "tinh" in part or part.startswith("tp"):
        return "city"
    raise ValueError(f"Cấp giao '{part}' không rõ (Thành phố, HĐND hoặc UBND)")


def assigners_of(text: str) -> tuple[tuple[str, ...], str]:
    """'Thành phố; HĐND quận (dự toán)' → (('city', 'council'), 'dự toán'): the target
    sets a row is in, and its plan's name. ValueError when one is unknown."""
    folded = fold(text)
    plan_name = "dự toán" if "du toan" in folded else "kế hoạch"
    parts = [p.replace("du toan", "").strip(" ()") for p in re.split(r"[;,]", folded)]
    return tuple(dict.fromkeys(_assigner(p) for p in parts if p)), plan_name


def rule_of(note: str, has_plan: bool) -> Rule:
    """A target's rule: 'không quá'/'tối đa' in its note: at most; 'đúng' exactly; neither
    a plan figure nor a percentage of it: reached or not; otherwise at least."""
    folded = fold(note)
    if not has_plan:
        return Rule.REACHED
    if "khong qua" in folded or "toi da" in folded or "khong vuot" in folded:
        return Rule.AT_MOST
    if folded.startswith("dung ") or "dung bang" in folded:
        return Rule.EXACTLY
    return Rule.AT_LEAST


class _Reader:
    def __init__(self, year: int, period: Period | None) -> None:
        self.sheet = Sheet(year=year)
        self.period = period
        self.columns: dict[str, int] = {}
        self.titles: dict[str, str] = {}
        self.hierarchy = Hierarchy()
        self.under_header = True  # the next row may name the comparison columns

    def header(self, line: int, values: tuple[object, ...]) -> bool:
        titles = [_title(v) for v in values]
        if not STT_TITLES.intersection(titles) or not any(map(is_name_title, titles)):
            return False
        for index, title in enumerate(titles):
            try:
                column = column_for(title, self.sheet.year, self.period)
            except ValueError as error:
                self.sheet.refusals.append(Refusal(line, f"cột '{values[index]}': {error}"))
                continue
            if column is not None:
                self.columns[column] = index
                self.titles[column] = str(values[index]).strip()
        if "estimate" in self.columns and "actual" in self.columns:
            self.sheet.refusals.append(
                Refusal(line, "có cả cột ước thực hiện và thực hiện năm: chỉ giữ một")
            )
        self.sheet.figure_kind = (
            FigureKind.ACTUAL if "actual" in self.columns else FigureKind.ESTIMATE
        )
        if "actual" in self.columns:
            self.columns["value"] = self.columns.pop("actual")
            self.titles["value"] = self.titles.pop("actual")
        elif "estimate" in self.columns:
            self.columns["value"] = self.columns.pop("estimate")
            self.titles["value"] = self.titles.pop("estimate")
        missing = [
            label
            for column, label in (
                ("name", "Chỉ tiêu"),
                ("unit_of_measure", "Đơn vị tính"),
                ("value", f"Ước thực hiện năm {self.sheet.year}"),
            )
            if column not in self.columns
        ]
        if missing:
            self.sheet.refusals.append(Refusal(line, f"thiếu cột: {', '.join(missing)}"))
        return True

    def cell(self, values: tuple[object, ...], column: str) -> object:
        index = self.columns.get(column)
        return values[index] if index is not None and index < len(values) else None

    def text(self, values: tuple[object, ...], column: str) -> str:
        value = self.cell(values, column)
        return stored_text(" ".join(str(value).split())) if value is not None else ""

    def comparison_titles(self, values: tuple[object, ...]) -> bool:
        """The row under a header whose 'So sánh (%)' spans two columns, naming them ('Với
        KH', 'Với cùng kỳ'; 'KH', 'Cùng kỳ'): True, and the columns taken, when it is."""
        found: dict[str, int] = {}
        for index, value in enumerate(values):
            title = _title(value)
            compared = title.removeprefix("so voi ").removeprefix("voi ")
            if not title:
                continue
            if "cung ky" in compared:
                found["ratio_to_same_period"] = index
            elif compared in ("kh", "ke hoach", "du toan") or _is_comparison(title):
                found["percent_of_plan"] = index
            else:
                return False
        for column, index in found.items():
            self.columns[column] = index
            self.titles[column] = str(values[index]).strip()
        return bool(found)

    def row(self, line: int, values: tuple[object, ...]) -> None:
        if all(v is None or str(v).strip() == "" for v in values):
            return
        if self.under_header:
            self.under_header = False
            if self.comparison_titles(values):
                return
        if not looks_like_stt(self.cell(values, "stt")) and not self._figures_in(values):
            return  # a note or the signatures under the table: no STT, no figure
        try:
            placed = self.hierarchy.place(self.cell(values, "stt"), line)
            name = self.text(values, "name")
            unit = self.text(values, "unit_of_measure")
            note = self.text(values, "note")
            numbers = {c: self._number(values, c) for c in NUMBER_COLUMNS}
            assigner_cell = self.text(values, "assigner")
            assigners, plan_name = assigners_of(assigner_cell) if assigner_cell else ((), "")
        except (SttError, ValueError) as error:
            self.sheet.refusals.append(Refusal(line, str(error)))
            return
        if not name:
            self.sheet.refusals.append(Refusal(line, "thiếu tên chỉ tiêu"))
            return
        if placed.kind is not RowKind.SECTION and not unit:
            self.sheet.refusals.append(Refusal(line, f"'{name}': thiếu đơn vị tính"))
            return
        self.sheet.rows.append(
            SheetRow(
                line=line,
                placed=placed,
                name=name,
                unit_of_measure=unit,
                assigners=assigners,
                plan_name=plan_name or "kế hoạch",
                rule=rule_of(
                    note, numbers["plan"] is not None or numbers["percent_of_plan"] is not None
                ),
                note=note,
                **numbers,
            )
        )

    def _figures_in(self, values: tuple[object, ...]) -> bool:
        """Whether the row has a unit of measure or a number in a number column (a
        signature written across the figure columns is no figure)."""
        if self.text(values, "unit_of_measure"):
            return True
        for column in NUMBER_COLUMNS:
            try:
                if parse_number(self.cell(values, column)) is not None:
                    return True
            except NotANumber:
                continue
        return False

    def _number(self, values: tuple[object, ...], column: str) -> Decimal | None:
        cell = self.cell(values, column)
        try:
            return parse_number(cell)
        except NotANumber:
            raise ValueError(
                f"cột '{self.titles[column]}': '{cell}' không phải là số "
                "(viết như 69.230 hoặc 8.015,589)"
            ) from None


def read_sheet(
    source: str | Path | IO[bytes],
    *,
    year: int,
    period: Period | None = None,
    on_row: Callable[[int], None] | None = None,
) -> Sheet:
    """The sheet's rows and every refusal, each with its line number. `on_row(line)` is
    called after each row (a progress bar for big files). A file that is not a workbook
    is one refusal, the sheet's line 0. With `period`, a figure column naming another
    period ('Ước thực hiện 6 tháng ...' imported as the year) is refused."""
    reader = _Reader(year, period)
    found = False
    try:
        for line, values in _rows(source):
            if on_row is not None:
                on_row(line)
            if not found:
                if line > HEADER_SEARCH_ROWS:
                    break
                found = reader.header(line, values)
                continue
            reader.row(line, values)
    except UNREADABLE_ERRORS:
        return Sheet(year=year, refusals=[Refusal(0, UNREADABLE)])
    if not found:
        reader.sheet.refusals.append(
            Refusal(
                0,
                f"Không tìm thấy dòng tiêu đề (STT, Chỉ tiêu, Đơn vị tính ...) trong "
                f"{HEADER_SEARCH_ROWS} dòng đầu của trang tính thứ nhất.",
            )
        )
    elif not reader.sheet.refusals and not any(
        row.placed.kind is not RowKind.SECTION for row in reader.sheet.rows
    ):
        reader.sheet.refusals.append(Refusal(0, "Biểu không có dòng chỉ tiêu nào dưới tiêu đề."))
    return reader.sheet
