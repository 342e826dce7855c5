"""A province's publication decision (quyết định công bố danh mục TTHC) read from its annex:
a spreadsheet with one row per procedure (code, name, time, fee, legal basis).

No Django here: reading the rows and the Vietnamese numbers, and the diff against what the
catalogue holds, are tested directly. `annex_apply` (annex_apply.py) saves the new versions.
"""

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from motcua.core.text import fold, stored_text

HEADER_ROWS = 10  # the header is looked for in the first rows (titles, decision number above)

# Column → folded words a header cell starts with or holds.
COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("ma thu tuc", "ma so", "ma tthc", "ma"),
    "name": ("ten thu tuc", "ten tthc", "thu tuc hanh chinh"),
    "time": ("thoi han", "thoi gian giai quyet"),
    "fee": ("phi", "le phi", "phi, le phi"),
    "legal_basis": ("can cu", "can cu phap ly"),
}
REQUIRED = ("code", "name")


class AnnexError(ValueError):
    """The sheet has no recognisable header; the message says what was looked for."""


@dataclass(frozen=True)
class TimeValue:
    amount: Decimal
    unit: str  # catalog TimeUnit values: working_days | working_hours | same_day


@dataclass(frozen=True)
class AnnexRow:
    line: int  # the sheet's row number, for messages
    code: str
    name: str
    time_text: str
    time: TimeValue | None  # None: no time given, or not understood (then time_text says)
    fee_text: str
    fee: int | None  # VND; 0: none charged; None: not given or not understood
    legal_basis: tuple[str, ...]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = stored_text(unicodedata.normalize("NFC", str(value)).replace("\x00", ""))
    return "\n".join(" ".join(line.split()) for line in text.splitlines()).strip()


def find_header(rows: Sequence[Sequence[Any]]) -> tuple[int, dict[str, int]]:
    """(row index, {column: cell index}) of the first row among the first HEADER_ROWS that
    names at least the code and the name columns."""
    for index, row in enumerate(rows[:HEADER_ROWS]):
        columns: dict[str, int] = {}
        for cell_index, cell in enumerate(row):
            title = fold(_text(cell))
            for column, words in COLUMNS.items():
                if column not in columns and _matches(title, column, words):
                    columns[column] = cell_index
                    break
        if all(c in columns for c in REQUIRED):
            return index, columns
    raise AnnexError(
        f"Không tìm thấy dòng tiêu đề (mã thủ tục, tên thủ tục) trong {HEADER_ROWS} dòng đầu."
    )


def _matches(title: str, column: str, words: tuple[str, ...]) -> bool:
    if not title:
        return False
    if column == "code":  # "Mã thủ tục", "Mã số", "Mã TTHC" — not "Mã hồ sơ mẫu"
        return title in words or title.startswith(("ma thu tuc", "ma so", "ma tthc"))
    if column == "fee":
        return title.startswith(("phi", "le phi"))
    return any(title.startswith(word) for word in words)


def read_rows(rows: Sequence[Sequence[Any]]) -> list[AnnexRow]:
    """The procedures of an annex sheet; rows without a code (group headings such as
    "I. Lĩnh vực Hộ tịch") are skipped."""
    header, columns = find_header(rows)

    def cell(row: Sequence[Any], column: str) -> str:
        index = columns.get(column)
        return _text(row[index]) if index is not None and index < len(row) else ""

    result = []
    for line, row in enumerate(rows[header + 1 :], start=header + 2):
        code = cell(row, "code")
        if not re.fullmatch(r"\d\.\d{6}", code):
            continue
        time_text, fee_text = cell(row, "time"), cell(row, "fee")
        result.append(
            AnnexRow(
                line=line,
                code=code,
                name=cell(row, "name"),
                time_text=time_text,
                time=parse_time(time_text),
                fee_text=fee_text,
                fee=parse_fee(fee_text),
                legal_basis=split_basis(cell(row, "legal_basis")),
            )
        )
    return result


# "1.000.000", "20.000", "0,5", "03": dots group thousands, a comma is the decimal mark.
_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?")


def parse_number(text: str) -> Decimal | None:
    """The first number of a Vietnamese text: "20.000 đồng" → 20000, "0,5 ngày" → 0.5."""
    match = _NUMBER.search(text)
    if match is None:
        return None
    try:
        return Decimal(match.group().replace(".", "").replace(",", "."))
    except InvalidOperation:
        return None


def parse_time(text: str) -> TimeValue | None:
    folded = fold(text)
    if not folded:
        return None
    if "trong ngay" in folded and parse_number(text) is None:
        return TimeValue(Decimal(1), "same_day")
    amount = parse_number(text)
    if amount is None or amount <= 0:
        return None
    if "gio" in folded:
        return TimeValue(amount, "working_hours")
    if "ngay" in folded:
        return TimeValue(amount, "working_days")
    return None


def parse_fee(text: str) -> int | None:
    folded = fold(text)
    if not folded:
        return None
    if folded.startswith(("khong", "mien")) and parse_number(text) is None:
        return 0
    amount = parse_number(text)
    return int(amount) if amount is not None and amount == int(amount) else None


def split_basis(text: str) -> tuple[str, ...]:
    parts = re.split(r"[\n;]+", text)
    return tuple(p.strip(" -–•+.") for p in parts if p.strip(" -–•+."))


# --- the diff -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Current:
    """What the catalogue holds for a procedure on the decision's date."""

    code: str
    name: str
    time: TimeValue
    fees: tuple[int | None, ...]
    legal_basis: tuple[str, ...]


@dataclass(frozen=True)
class Change:
    code: str
    name: str
    lines: tuple[str, ...]  # what differs, one line each (Vietnamese)
    time: TimeValue | None  # the new time, when it changes
    fee: int | None  # the new single fee, when it changes
    legal_basis: tuple[str, ...] | None  # the new basis, when it changes


def diff(rows: Iterable[AnnexRow], current: dict[str, Current]) -> tuple[list[Change], list[str]]:
    """(changes per procedure, notes: rows not understood or not in the catalogue)."""
    changes, notes = [], []
    for row in rows:
        held = current.get(row.code)
        if held is None:
            notes.append(f"Dòng {row.line}: mã {row.code} ({row.name}) chưa có trong danh mục.")
            continue
        lines: list[str] = []
        time = fee = basis = None
        if row.time_text and row.time is None:
            notes.append(f"Dòng {row.line}: không đọc được thời hạn “{row.time_text}”.")
        elif row.time is not None and row.time != held.time:
            time = row.time
            lines.append(f"thời hạn: {_time_label(held.time)} → {_time_label(row.time)}")
        if row.fee_text and row.fee is None:
            notes.append(f"Dòng {row.line}: không đọc được phí, lệ phí “{row.fee_text}”.")
        elif row.fee is not None and len(held.fees) == 1 and held.fees[0] != row.fee:
            fee = row.fee
            lines.append(f"phí, lệ phí: {_fee_label(held.fees[0])} → {_fee_label(row.fee)}")
        elif row.fee is not None and len(held.fees) != 1:
            notes.append(
                f"Dòng {row.line}: {row.code} có {len(held.fees)} khoản phí trong danh mục; "
                f"mức “{row.fee_text}” cần đối chiếu bằng tay."
            )
        if row.legal_basis:
            old, new = set(map(fold, held.legal_basis)), set(map(fold, row.legal_basis))
            if old != new:
                basis = row.legal_basis
                lines += [f"căn cứ bỏ: {b}" for b in held.legal_basis if fold(b) not in new]
                lines += [f"căn cứ thêm: {b}" for b in row.legal_basis if fold(b) not in old]
        if lines:
            changes.append(Change(row.code, held.name, tuple(lines), time, fee, basis))
    return changes, notes


def _time_label(time: TimeValue) -> str:
    if time.unit == "same_day":
        return "trong ngày"
    unit = "giờ làm việc" if time.unit == "working_hours" else "ngày làm việc"
    return f"{_number(time.amount)} {unit}"


def _fee_label(amount: int | None) -> str:
    if amount is None:
        return "do HĐND cấp tỉnh quy định"
    return "không thu" if amount == 0 else f"{_number(Decimal(amount))} đồng"


def _number(value: Decimal) -> str:
    whole, _dot, fraction = f"{value.normalize():f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{grouped},{fraction}" if fraction else grouped


def rescaled_budgets(budgets: Sequence[Decimal], total: Decimal) -> list[Decimal]:
    """Step budgets shared out again over a new legal time, in the same proportions, to
    the hundredth, the last step taking the rounding so that they add up exactly."""
    old_total = sum(budgets, Decimal(0))
    scaled = [(b * total / old_total).quantize(Decimal("0.01")) for b in budgets[:-1]]
    scaled = [max(b, Decimal("0.01")) for b in scaled]
    return [*scaled, total - sum(scaled, Decimal(0))]
