"""Reads of dossiers: each viewer sees their own, sorted and coloured for the work."""

from datetime import date, datetime

import pytest
from django.http import Http404

from motcua.accounts.models import Role
from motcua.core.tz import VN_TZ
from motcua.dossiers import actions, selectors
from motcua.dossiers.clock import Colour
from motcua.dossiers.models import Channel
from motcua.dossiers.states import State
from tests.dossiers.factories import procedure_with_steps, receive
from tests.factories import AgencyFactory, CitizenFactory, OfficerFactory


def vn(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, us: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, us, tzinfo=VN_TZ)


def test_work_queue_sorts_by_due_and_colours_each_row(team_a, steps_procedure, make_dossier):
    later = receive(team_a, steps_procedure, at=vn(2025, 7, 8, 9))  # due Fri 11/7 09:00
    sooner = receive(team_a, steps_procedure, at=vn(2025, 7, 3, 9))  # due Tue 8/7 09:00
    paused = make_dossier(State.SUPPLEMENT_REQUESTED)
    make_dossier(State.RETURNED)  # closed: not in the queue
    rows = selectors.work_queue(user=team_a.counter, now=vn(2025, 7, 8, 10))
    assert [(r.dossier.pk, r.colour) for r in rows] == [
        (sooner.pk, Colour.LATE),
        (paused.pk, Colour.PAUSED),
        (later.pk, Colour.ON_TIME),
    ]


def test_due_within_one_working_day_is_flagged(received, team_a):
    [row] = selectors.work_queue(user=team_a.counter, now=vn(2025, 7, 9, 10))
    assert row.colour == Colour.DUE_SOON


def test_another_wards_officer_sees_nothing(received, team_b):
    assert selectors.work_queue(user=team_b.counter) == []
    assert not selectors.dossier_list(user=team_b.counter).exists()
    with pytest.raises(Http404):
        selectors.dossier_detail(user=team_b.counter, pk=received.pk)
    with pytest.raises(Http404):
        selectors.receipt_data(user=team_b.counter, pk=received.pk)


def test_joint_processing_puts_the_dossier_in_the_other_agencys_queue(received, team_a, team_b):
    actions.dossier_transfer(actor=team_a.counter, dossier=received)
    actions.dossier_transfer(actor=team_a.specialist, dossier=received, to_agency=team_b.agency)
    assert [r.dossier.pk for r in selectors.work_queue(user=team_b.specialist)] == [received.pk]
    assert selectors.work_queue(user=team_a.specialist) == []
    # Ward A still finds it: it decides it.
    assert selectors.dossier_list(user=team_a.specialist).get() == received


def test_citizen_sees_only_their_own_dossiers(team_a, steps_procedure):
    owner = CitizenFactory.create()
    own = receive(team_a, steps_procedure, channel=Channel.ONLINE, owner=owner)
    receive(team_a, steps_procedure)
    assert list(selectors.dossier_list(user=owner)) == [own]
    assert selectors.work_queue(user=owner) == []
    assert selectors.dossier_get(user=owner, code=own.code.lower()) == own


def test_centre_manager_sees_the_agencies_of_the_same_unit(team_a, steps_procedure):
    department = AgencyFactory.create(name="Phòng Văn hóa - Xã hội", unit=team_a.agency.unit)
    manager = OfficerFactory.create(username="giamdoc", agency=department, role=Role.CENTRE_MANAGER)
    dossier = receive(team_a, steps_procedure)
    assert list(selectors.dossier_list(user=manager)) == [dossier]


def test_list_filters(team_a, steps_procedure, make_dossier):
    other_procedure = procedure_with_steps()
    first = receive(team_a, steps_procedure, at=vn(2025, 7, 1, 9))
    second = receive(team_a, other_procedure, at=vn(2025, 7, 8, 9))
    returned = make_dossier(State.RETURNED)

    def codes(**filters):
        return [d.code for d in selectors.dossier_list(user=team_a.counter, **filters)]

    assert codes(states=[State.RETURNED]) == [returned.code]
    assert codes(procedure_id=other_procedure.pk) == [second.code]
    assert codes(received_from=date(2025, 7, 1), received_to=date(2025, 7, 1)) == [first.code]
    assert codes(code="-250708-") == [second.code]
    assert len(codes(applicant="001090001234")) == 3
    assert len(codes(applicant="văn an")) == 3
    assert codes(applicant="Trần") == []


def test_detail_has_documents_steps_supplements_and_timeline(make_dossier, team_a):
    dossier = make_dossier(State.SUPPLEMENT_REQUESTED)
    detail = selectors.dossier_detail(user=team_a.counter, pk=dossier.pk, now=vn(2025, 7, 7, 11))
    assert len(detail.documents) == 1 and len(detail.steps) == 4
    assert detail.supplements[0].items.get().reason == "Thiếu chữ ký của người yêu cầu"
    assert [e.action for e in detail.timeline] == ["dossier.receive", "dossier.supplement_request"]
    assert detail.colour == Colour.PAUSED


def test_ledger_rows_of_a_period_in_order_of_receipt(team_a, team_b, steps_procedure):
    monday = receive(team_a, steps_procedure, at=vn(2025, 7, 7, 9))
    tuesday = receive(team_a, steps_procedure, at=vn(2025, 7, 8, 9))
    receive(team_a, steps_procedure, at=vn(2025, 7, 9, 9))
    receive(team_b, steps_procedure, at=vn(2025, 7, 8, 9))
    rows = selectors.ledger_rows(
        user=team_a.manager,
        agency_id=team_a.agency.pk,
        first=date(2025, 7, 7),
        last=date(2025, 7, 8),
    )
    assert list(rows) == [monday, tuesday]


def test_receipt_data_has_every_field_of_form_01(received, team_a):
    team_a.agency.address = "Số 2 đường Hồ Tùng Mậu"
    team_a.agency.save()
    receipt = selectors.receipt_data(user=team_a.counter, pk=received.pk)
    assert receipt.code == received.code
    assert receipt.applicant_name == "Nguyễn Văn An"
    assert receipt.applicant_phone == "0912345678"
    assert receipt.procedure_name == received.procedure.name
    assert receipt.documents[0].originals == 1
    assert receipt.sets == 1
    assert receipt.legal_time == "3 ngày làm việc"
    assert receipt.received_at == "09:00 07/07/2025"
    assert receipt.due_at == "09:00 10/07/2025"
    assert receipt.collect_at == "UBND Phường A – Số 2 đường Hồ Tùng Mậu"
    assert receipt.ledger_book == "Sổ theo dõi hồ sơ năm 2025"
    assert receipt.ledger_number == "0001"
    assert receipt.received_by == team_a.counter.get_full_name()
    assert receipt.place_and_date.endswith("ngày 7 tháng 7 năm 2025")


def test_the_rule_in_force_follows_the_effective_date(db):
    assert selectors.processing_rule_on(on_date=date(2025, 6, 30)).valid_from == date(2018, 6, 21)
    assert selectors.processing_rule_on(on_date=date(2025, 7, 1)).valid_from == date(2025, 7, 1)
    assert selectors.processing_rule_on(on_date=date(2010, 1, 1)).valid_from == date(2018, 6, 21)
