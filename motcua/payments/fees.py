"""Fee arithmetic (no Django): a procedure's fees applied to one dossier.

A fee is charged per dossier, or per unit of what the citizen asks for (copies, pages,
…): `quantity` multiplies the unit amount for every basis but "dossier" (0 copies asked:
no per-copy fee). An exemption
names a category (FeeExemption.category): every fee that lists that category is not
charged. An amount the catalogue does not know yet (None) charges nothing and is flagged,
so the officer can see why the total is lower than expected.
"""

from collections.abc import Sequence
from dataclasses import dataclass

PER_DOSSIER = "dossier"


@dataclass(frozen=True)
class FeeItem:
    label: str
    amount: int | None  # VND per basis unit; None: not known yet
    basis: str
    exemption_categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class FeeLine:
    label: str
    basis: str
    unit_amount: int | None
    quantity: int
    amount: int
    exempt: bool
    unknown: bool

    def as_dict(self) -> dict[str, object]:
        return {
            "label": self.label,
            "basis": self.basis,
            "unit_amount": self.unit_amount,
            "quantity": self.quantity,
            "amount": self.amount,
            "exempt": self.exempt,
            "unknown": self.unknown,
        }


@dataclass(frozen=True)
class FeeComputation:
    lines: tuple[FeeLine, ...]
    total: int


class FeeInputError(ValueError):
    """Bad quantity or an exemption category that no fee of the procedure knows."""


def _same_category(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def fee_compute(
    items: Sequence[FeeItem], *, copies: int = 1, exemption: str = ""
) -> FeeComputation:
    """The lines and total in VND of `items` for `copies` units and an exemption category."""
    if copies < 0:
        raise FeeInputError("copies")
    exemption = exemption.strip()
    if exemption and not any(
        _same_category(exemption, category)
        for item in items
        for category in item.exemption_categories
    ):
        raise FeeInputError("exemption")
    lines = []
    for item in items:
        quantity = 1 if item.basis == PER_DOSSIER else copies
        exempt = bool(exemption) and any(
            _same_category(exemption, category) for category in item.exemption_categories
        )
        unknown = item.amount is None
        amount = 0 if exempt or unknown else (item.amount or 0) * quantity
        lines.append(
            FeeLine(item.label, item.basis, item.amount, quantity, amount, exempt, unknown)
        )
    return FeeComputation(tuple(lines), sum(line.amount for line in lines))
