"""What is computed from the figures (no Django: tested directly): % of plan, the ratio to
the same period, a target's status, and the counts of a target set.

Percentages are kept as percent numbers (13.8 means 13,8%). The comparison with the same
period is the ratio the sheets' "So sánh với cùng kỳ (%)" column holds (113 for "tăng
13%", 105 for "bằng 105%"); growth is that ratio less 100.

A percentage given in a sheet without its base figures is kept and used as given; when the
base figures are there, the computed one is used (and `checks` warns if they disagree).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

HUNDRED = Decimal(100)


class Rule(StrEnum):
    """How a target is met. 'Exceeded' means: above the plan (at least), below it (at
    most); a target to be met exactly or reached cannot be exceeded."""

    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    EXACTLY = "exactly"
    REACHED = "reached"


class Status(StrEnum):
    MET = "met"  # đạt
    EXCEEDED = "exceeded"  # vượt
    NOT_MET = "not_met"  # chưa đạt
    UNKNOWN = "unknown"  # chưa đánh giá

    @property
    def completed(self) -> bool:
        return self in (Status.MET, Status.EXCEEDED)


STATUS_LABELS = {
    Status.MET: "đạt",
    Status.EXCEEDED: "vượt",
    Status.NOT_MET: "chưa đạt",
    Status.UNKNOWN: "chưa đánh giá",
}


def percent_of(value: Decimal | None, base: Decimal | None) -> Decimal | None:
    """value / base in percent; None without both figures or with a zero base."""
    if value is None or base is None or base == 0:
        return None
    return value / base * HUNDRED


@dataclass(frozen=True)
class Figures:
    """One indicator's figures for a unit and period, as the report uses them."""

    value: Decimal | None = None  # the estimate or the actual
    plan: Decimal | None = None
    same_period: Decimal | None = None
    given_percent_of_plan: Decimal | None = None
    given_ratio_to_same_period: Decimal | None = None

    @property
    def computed_percent_of_plan(self) -> Decimal | None:
        return percent_of(self.value, self.plan)

    @property
    def computed_ratio_to_same_period(self) -> Decimal | None:
        return percent_of(self.value, self.same_period)

    @property
    def percent_of_plan(self) -> Decimal | None:
        computed = self.computed_percent_of_plan
        return computed if computed is not None else self.given_percent_of_plan

    @property
    def ratio_to_same_period(self) -> Decimal | None:
        computed = self.computed_ratio_to_same_period
        return computed if computed is not None else self.given_ratio_to_same_period


def status(rule: Rule, figures: Figures) -> Status:
    """A target's status from its rule and figures (chưa đánh giá without a figure)."""
    pct = figures.percent_of_plan
    if rule is Rule.REACHED:
        if pct is not None:
            return Status.MET if pct >= HUNDRED else Status.NOT_MET
        if figures.value is None:
            return Status.UNKNOWN
        return Status.MET if figures.value != 0 else Status.NOT_MET
    if pct is None:
        return Status.UNKNOWN
    if rule is Rule.EXACTLY:
        return Status.MET if abs(pct - HUNDRED) < Decimal("0.05") else Status.NOT_MET
    better = pct > HUNDRED if rule is Rule.AT_LEAST else pct < HUNDRED
    if pct == HUNDRED:
        return Status.MET
    return Status.EXCEEDED if better else Status.NOT_MET


@dataclass(frozen=True)
class Counts:
    """A target set's tally: 'hoàn thành 14/14 chỉ tiêu; 6/14 chỉ tiêu vượt kế hoạch'."""

    total: int = 0
    met: int = 0
    exceeded: int = 0
    not_met: int = 0
    unknown: int = 0

    @property
    def completed(self) -> int:
        return self.met + self.exceeded


def count(statuses: Iterable[Status]) -> Counts:
    listed = list(statuses)
    return Counts(
        total=len(listed),
        met=listed.count(Status.MET),
        exceeded=listed.count(Status.EXCEEDED),
        not_met=listed.count(Status.NOT_MET),
        unknown=listed.count(Status.UNKNOWN),
    )
