"""The existing services record who changed what; a refused action records nothing."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from motcua.accounts.models import Role
from motcua.accounts.services.officers import officer_create, officer_set_role, role_apply
from motcua.catalog.services import (
    field_upsert,
    procedure_upsert,
    procedure_version_create,
    procedure_version_update,
)
from motcua.core.audit import SYSTEM_CHAIN, audit_events_for, chain_for, verify_chain
from motcua.core.models import AuditEvent
from motcua.workdays.services import (
    calendar_override_delete,
    calendar_override_set,
    working_hours_delete,
    working_hours_set,
)
from tests.catalog.conftest import content
from tests.factories import OfficerFactory

pytestmark = pytest.mark.usefixtures("empty_log")


@pytest.fixture
def sysadmin(agency_a):
    admin = OfficerFactory.create(username="quantri", role=Role.SYSTEM_ADMIN, agency=agency_a)
    role_apply(user=admin)
    return admin


def actions(chain: str) -> list[str]:
    return list(AuditEvent.objects.filter(chain=chain).values_list("action", flat=True))


def test_creating_an_officer_and_changing_the_role_are_recorded_in_the_agency_chain(
    sysadmin, agency_a, agency_b
):
    officer = officer_create(
        actor=sysadmin,
        username="chuyenvien_a",
        password="mat-khau-rat-dai-2025",
        first_name="Hoa",
        last_name="Lê Thị",
        role=Role.COUNTER_OFFICER,
        agency=agency_a,
    )
    officer_set_role(actor=sysadmin, officer=officer, role=Role.SPECIALIST, agency=agency_b)
    created, moved = audit_events_for(target=officer)
    assert (created.action, created.chain, created.to_state) == (
        "officer.create",
        chain_for(agency_a),
        "counter",
    )
    assert created.actor == sysadmin and created.actor_username == "quantri"
    assert (moved.action, moved.chain, moved.from_state, moved.to_state) == (
        "officer.set_role",
        chain_for(agency_b),
        "counter",
        "specialist",
    )
    assert moved.payload == {"from_agency_id": agency_a.pk, "agency_id": agency_b.pk}
    assert verify_chain().ok


def test_an_officer_created_by_the_system_has_no_actor(agency_a):
    officer = officer_create(
        actor=None,
        username="he_thong_tao",
        password="mat-khau-rat-dai-2025",
        first_name="An",
        last_name="Phạm Văn",
        role=Role.LEADER,
        agency=agency_a,
    )
    (event,) = audit_events_for(target=officer)
    assert event.actor is None and event.actor_username == ""


def test_a_refused_officer_creation_records_nothing(sysadmin, agency_a):
    with pytest.raises(ValidationError):
        officer_create(
            actor=sysadmin,
            username="sai_vai_tro",
            password="mat-khau-rat-dai-2025",
            first_name="Bình",
            last_name="Đỗ Văn",
            role="thu-ky",
            agency=agency_a,
        )
    assert not AuditEvent.objects.exists()


def test_calendar_changes_are_recorded_with_their_reason(sysadmin, agency_a):
    national = calendar_override_set(
        actor=sysadmin, day=date(2026, 3, 2), kind="off", reason="Nghỉ tránh bão", confirmed=True
    )
    local = calendar_override_set(
        actor=sysadmin,
        day=date(2026, 3, 2),
        kind="work",
        reason="Trực tiếp nhận hồ sơ",
        confirmed=True,
        agency=agency_a,
    )
    local = calendar_override_set(
        actor=sysadmin,
        day=date(2026, 3, 2),
        kind="off",
        reason="Bão số 3",
        confirmed=True,
        agency=agency_a,
    )
    local_id = str(local.pk)
    calendar_override_delete(actor=sysadmin, override=local)
    working_hours_set(actor=sysadmin, agency=agency_a, periods="07:30-11:30,13:30-17:00")
    working_hours_delete(actor=sysadmin, agency=agency_a)

    (national_event,) = audit_events_for(target=national)
    assert national_event.chain == SYSTEM_CHAIN
    assert (national_event.reason, national_event.payload["day"]) == (
        "Nghỉ tránh bão",
        "2026-03-02",
    )
    local_events = AuditEvent.objects.filter(target_id=local_id, action__contains="override")
    assert [(e.action, e.from_state, e.to_state) for e in local_events] == [
        ("calendar.override_set", "", "work"),
        ("calendar.override_set", "work", "off"),
        ("calendar.override_delete", "off", ""),
    ]
    hours = AuditEvent.objects.filter(action__startswith="calendar.working_hours")
    assert [(e.from_state, e.to_state) for e in hours] == [
        ("", "07:30-11:30, 13:30-17:00"),
        ("07:30-11:30, 13:30-17:00", ""),
    ]
    assert actions(chain_for(agency_a))[-1] == "calendar.working_hours_delete"
    assert verify_chain().ok


def test_a_calendar_override_without_a_reason_records_nothing(sysadmin):
    with pytest.raises(ValidationError):
        calendar_override_set(
            actor=sysadmin, day=date(2026, 3, 2), kind="off", reason=" ", confirmed=True
        )
    assert not AuditEvent.objects.exists()


def test_catalogue_writes_are_recorded_in_the_system_chain(db):
    field = field_upsert(actor=None, slug="ho-tich", name="Hộ tịch")
    procedure = procedure_upsert(
        actor=None, slug="khai-sinh", name="Đăng ký khai sinh", field=field, code="1.001193"
    )
    version = procedure_version_create(
        actor=None, procedure=procedure, valid_from=date(2025, 7, 1), content=content(3)
    )
    procedure_version_update(actor=None, version=version, content=content(3, ("1", "1", "1")))
    assert actions(SYSTEM_CHAIN) == [
        "procedure.upsert",
        "procedure_version.create",
        "procedure_version.update",
    ]
    update = audit_events_for(target=version).last()
    assert update is not None
    assert update.payload["valid_from"] == "2025-07-01"
    assert [s["budget"] for s in update.payload["content"]["steps"]] == ["1", "1", "1"]
    assert verify_chain().ok


def test_a_version_whose_steps_do_not_add_up_records_nothing(db):
    field = field_upsert(actor=None, slug="ho-tich", name="Hộ tịch")
    procedure = procedure_upsert(actor=None, slug="khai-tu", name="Đăng ký khai tử", field=field)
    with pytest.raises(ValidationError):
        procedure_version_create(
            actor=None,
            procedure=procedure,
            valid_from=date(2025, 7, 1),
            content=content(3, ("1", "1")),
        )
    assert actions(SYSTEM_CHAIN) == ["procedure.upsert"]
