"""The digest an idempotency key is bound to: equal requests, equal digests."""

from dataclasses import dataclass
from datetime import date

from motcua.core.digest import request_digest


@dataclass(frozen=True)
class Person:
    name: str
    born: date | None = None


def test_the_order_of_keys_does_not_change_the_digest() -> None:
    assert request_digest({"a": 1, "b": [1, 2]}) == request_digest({"b": [1, 2], "a": 1})


def test_another_value_gives_another_digest() -> None:
    first = request_digest({"person": Person("Nguyễn An", date(1990, 1, 2))})
    assert first == request_digest({"person": Person("Nguyễn An", date(1990, 1, 2))})
    assert first != request_digest({"person": Person("Nguyễn Ân", date(1990, 1, 2))})
    assert first != request_digest({"person": Person("Nguyễn An", date(1990, 1, 3))})
    assert len(first) == 64
