"""Catalogue fixtures: a small hand-made procedure, and the shipped seed on demand."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from motcua.catalog import refdata
from motcua.catalog.models import Field, Procedure
from motcua.catalog.services import field_upsert, procedure_upsert, procedure_version_create
from motcua.catalog.specs import DocumentSpec, ExemptionSpec, FeeSpec, StepSpec, VersionContent


def content(
    days: int = 3, budgets: tuple[str, ...] = ("1", "1.5", "0.5"), **extra
) -> VersionContent:
    """Version content in working days, one step per budget; `extra` overrides."""
    roles = ["counter", "specialist", "leader"]
    values: dict[str, Any] = {
        "time_amount": Decimal(days),
        "time_unit": "working_days",
        "result": "Giấy xác nhận",
        "legal_basis": "Nghị định số 123/2015/NĐ-CP",
        "online_level": "full",
        "documents": (DocumentSpec(name="Tờ khai", form="original"),),
        "fees": (
            FeeSpec(
                label="Lệ phí",
                amount=8000,
                basis="copy",
                exemptions=(ExemptionSpec(category="Hộ nghèo", text="Miễn lệ phí"),),
            ),
        ),
        "steps": tuple(
            StepSpec(name=f"Bước {i}", role=roles[i % 3], budget=Decimal(b))
            for i, b in enumerate(budgets)
        ),
    }
    values.update(extra)
    return VersionContent(**values)


@pytest.fixture
def procedure(db) -> Procedure:
    field = field_upsert(actor=None, slug="ho-tich", name="Hộ tịch")
    return procedure_upsert(
        actor=None,
        slug="thu-tuc-thu-nghiem",
        name="Thủ tục thử nghiệm",
        field=field,
        code="9.000001",
    )


@pytest.fixture
def procedure_2025(procedure: Procedure) -> Procedure:
    """In force from 1/7/2025 (3 working days), after a 2016 version of 5 working days."""
    procedure_version_create(
        actor=None,
        procedure=procedure,
        valid_from=date(2016, 1, 1),
        content=content(5, ("1", "3", "1")),
    )
    procedure_version_create(
        actor=None, procedure=procedure, valid_from=date(2025, 7, 1), content=content(3)
    )
    return procedure


@pytest.fixture
def seeded(db) -> str:
    return refdata.load()


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker):
    """The seed loaded once for a module of read-only tests (each test still needs `db`)."""
    with django_db_blocker.unblock():
        refdata.load()
    yield
    with django_db_blocker.unblock():
        Procedure.objects.all().delete()
        Field.objects.all().delete()
