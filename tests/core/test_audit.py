"""Recording audit events: numbering, chains per agency, payloads, append-only rows."""

from datetime import date
from decimal import Decimal
from itertools import pairwise

import pytest
from django.db import DatabaseError, connection, transaction

from motcua.core import audit_guard
from motcua.core.audit import (
    SYSTEM_CHAIN,
    audit_events_for,
    audit_record,
    chain_for,
    verify_chain,
)
from motcua.core.models import GENESIS_HASH, AppendOnlyError, AuditChainHead, AuditEvent


def record(agency=None, target=None, **extra):
    with transaction.atomic():
        return audit_record(
            actor=extra.pop("actor", None),
            action=extra.pop("action", "test.write"),
            target=target,
            agency=agency,
            **extra,
        )


def test_events_of_an_agency_are_numbered_without_gaps_and_linked(agency_a, officer_a):
    events = [record(agency_a, officer_a, payload={"n": n}) for n in range(5)]
    assert [e.sequence for e in events] == [1, 2, 3, 4, 5]
    assert events[0].prev_hash == GENESIS_HASH
    assert all(later.prev_hash == earlier.hash for earlier, later in pairwise(events))
    head = AuditChainHead.objects.get(chain=f"agency:{agency_a.pk}")
    assert (head.sequence, head.hash) == (5, events[-1].hash)


def test_each_agency_writes_its_own_chain_and_the_system_its_own(agency_a, agency_b):
    record(agency_a)
    record(agency_a)
    record(agency_b)
    assert record(None).chain == SYSTEM_CHAIN
    chains = dict(AuditChainHead.objects.values_list("chain", "sequence"))
    assert (chains[chain_for(agency_a)], chains[chain_for(agency_b)]) == (2, 1)


def test_the_actor_and_target_are_copied_into_the_event(officer_a, citizen):
    event = record(actor=officer_a, target=citizen, from_state="a", to_state="b", reason="vì")
    event.refresh_from_db()
    assert event.actor == officer_a and event.actor_username == "canbo_a"
    assert event.target_id == str(citizen.pk) and event.target_label == str(citizen)
    assert (event.from_state, event.to_state, event.reason) == ("a", "b", "vì")


def test_dates_and_decimals_in_the_payload_are_stored_as_text_and_still_verify(agency_a):
    event = record(agency_a, payload={"day": date(2026, 2, 16), "fee": Decimal("8000.50")})
    event.refresh_from_db()
    assert event.payload == {"day": "2026-02-16", "fee": "8000.50"}
    assert verify_chain().ok


def test_a_payload_that_is_not_json_is_refused_and_writes_nothing(agency_a):
    with pytest.raises(TypeError):
        record(agency_a, payload={"officers": {1, 2}})
    with pytest.raises(ValueError):
        record(agency_a, payload={"rate": float("nan")})
    assert not AuditEvent.objects.filter(chain=chain_for(agency_a)).exists()


def test_a_target_must_be_saved_first(agency_a):
    from motcua.units.models import Agency

    with pytest.raises(ValueError, match="save it first"):
        record(agency_a, target=Agency(name="Chưa lưu"))


@pytest.mark.django_db(transaction=True)
def test_recording_outside_a_transaction_is_refused(agency_a):
    with pytest.raises(RuntimeError, match=r"transaction\.atomic"):
        audit_record(actor=None, action="test.write", agency=agency_a)
    assert not AuditEvent.objects.filter(chain=chain_for(agency_a)).exists()


def test_an_event_cannot_be_changed_or_deleted_through_the_orm(agency_a):
    event = record(agency_a)
    event.reason = "sửa lại"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="sửa lại")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).reason == ""


def test_the_database_refuses_an_update_in_raw_sql(agency_a):
    event = record(agency_a)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET reason = 'x' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).reason == ""


def test_the_database_refuses_a_delete_in_raw_sql(agency_a):
    event = record(agency_a)
    audit_guard.deletes_allowed = False  # as outside a test run (SQLite asks; PostgreSQL never)
    try:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    finally:
        audit_guard.allow_deletes_for_tests()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_timeline_lists_the_events_of_one_target_oldest_first(agency_a, officer_a, officer_b):
    record(agency_a, officer_a, action="officer.create")
    record(agency_a, officer_b, action="officer.create")
    record(agency_a, officer_a, action="officer.set_role")
    timeline = list(audit_events_for(target=officer_a))
    assert [e.action for e in timeline] == ["officer.create", "officer.set_role"]
    assert audit_events_for(target=agency_a).count() == 0


def test_recording_costs_three_queries_once_the_chain_exists(
    agency_a, django_assert_max_num_queries
):
    record(agency_a, agency_a)  # the chain head and the content type exist from here on
    with django_assert_max_num_queries(3):
        # Inside the test's transaction: no savepoint queries to count.
        audit_record(actor=None, action="test.write", agency=agency_a, target=agency_a)
