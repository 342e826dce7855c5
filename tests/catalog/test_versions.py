"""Versions by effective date, and the invariants every write path enforces."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from motcua.catalog.models import DocumentRequirement, ProcedureVersion
from motcua.catalog.selectors import procedure_version_on
from motcua.catalog.services import procedure_version_create, procedure_version_update
from motcua.catalog.specs import DocumentSpec, StepSpec
from motcua.core.models import AuditEvent
from tests.catalog.conftest import content
from tests.factories import OfficerFactory


@pytest.mark.parametrize(
    ("on_date", "days"),
    [
        (date(2016, 1, 1), 5),
        (date(2025, 6, 30), 5),  # the last day of the old version
        (date(2025, 7, 1), 3),  # the first day of the new one
        (date(2030, 1, 1), 3),
    ],
)
def test_version_in_force_follows_the_effective_dates(procedure_2025, on_date, days):
    version = procedure_version_on(procedure=procedure_2025, on_date=on_date)
    assert version is not None
    assert version.time_amount == days


def test_no_version_before_the_first_takes_effect(procedure_2025):
    assert procedure_version_on(procedure=procedure_2025, on_date=date(2015, 12, 31)) is None


def test_new_version_closes_the_open_one_the_day_before(procedure_2025):
    old = ProcedureVersion.objects.get(procedure=procedure_2025, valid_from=date(2016, 1, 1))
    assert old.valid_to == date(2025, 6, 30)


def test_version_overlapping_a_closed_one_is_refused(procedure_2025):
    with pytest.raises(ValidationError, match="trùng với một phiên bản khác"):
        procedure_version_create(
            actor=None, procedure=procedure_2025, valid_from=date(2020, 1, 1), content=content()
        )
    assert procedure_2025.versions.count() == 2


def test_steps_that_do_not_add_up_to_the_legal_time_are_refused(procedure):
    with pytest.raises(ValidationError) as error:
        procedure_version_create(
            actor=None,
            procedure=procedure,
            valid_from=date(2025, 7, 1),
            content=content(3, ("1", "1")),
        )
    assert error.value.messages == [
        "Tổng thời gian của các bước xử lý (2) phải bằng thời hạn giải quyết "
        "theo quy định (3 ngày làm việc)."
    ]
    assert not ProcedureVersion.objects.exists()  # nothing half-written


def test_same_day_procedure_shares_out_one_day(procedure):
    version = procedure_version_create(
        actor=None,
        procedure=procedure,
        valid_from=date(2025, 7, 1),
        content=content(1, ("0.25", "0.5", "0.25"), time_unit="same_day"),
    )
    assert version.processing_time_label == "Trong ngày làm việc"
    with pytest.raises(ValidationError, match="thời hạn bằng 1"):
        procedure_version_update(
            actor=None, version=version, content=content(2, ("1", "1"), time_unit="same_day")
        )


def test_partial_online_service_needs_a_reason(procedure):
    with pytest.raises(ValidationError, match="lý do"):
        procedure_version_create(
            actor=None,
            procedure=procedure,
            valid_from=date(2025, 7, 1),
            content=content(online_level="partial"),
        )


def test_update_keeps_document_ids_and_drops_the_extra_rows(procedure):
    two_documents = (
        DocumentSpec(name="Tờ khai", form="original"),
        DocumentSpec(name="Giấy chứng sinh", form="original", condition="có Giấy chứng sinh"),
    )
    version = procedure_version_create(
        actor=None,
        procedure=procedure,
        valid_from=date(2025, 7, 1),
        content=content(documents=two_documents),
    )
    first_id = version.documents.get(position=1).pk
    procedure_version_update(
        actor=None,
        version=version,
        content=content(
            documents=(DocumentSpec(name="Tờ khai (mẫu mới)", form="original"),),
            steps=(StepSpec(name="Một bước", role="specialist", budget=Decimal(3)),),
        ),
    )
    assert list(DocumentRequirement.objects.values_list("pk", "name")) == [
        (first_id, "Tờ khai (mẫu mới)")
    ]
    assert version.steps.count() == 1


def test_officer_without_catalogue_permission_cannot_add_a_version(procedure):
    officer = OfficerFactory.create()
    with pytest.raises(PermissionDenied):
        procedure_version_create(
            actor=officer, procedure=procedure, valid_from=date(2025, 7, 1), content=content()
        )


def test_saving_a_version_unchanged_records_no_edit(procedure):
    version = procedure_version_create(
        actor=None, procedure=procedure, valid_from=date(2025, 7, 1), content=content()
    )
    events = AuditEvent.objects.count()
    procedure_version_update(actor=None, version=version, content=content())
    assert AuditEvent.objects.count() == events
    procedure_version_update(actor=None, version=version, content=content(result="Trích lục"))
    assert AuditEvent.objects.count() == events + 1
