"""Each officer of the demo ward lands on their own page after signing in ("Việc của tôi"):
the dossiers whose current step is theirs, and by role what a counter received today and
has to hand back, what a leader has to sign, the centre's late dossiers for its manager."""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.accounts import demo as accounts_demo
from motcua.accounts.models import User
from motcua.catalog import refdata
from motcua.catalog.models import Procedure
from motcua.dossiers import actions
from motcua.dossiers.models import Dossier
from motcua.dossiers.my_day import MyDay, Section, my_day
from motcua.dossiers.states import State
from motcua.workdays.selectors import working_calendar
from tests.conftest import PASSWORD
from tests.dossiers.factories import APPLICANT, mandatory_documents

DEMO_PASSWORD = accounts_demo.DEMO_PASSWORD


@dataclass
class Ward:
    counter: User
    civil_status: User  # tuliem.tuphap
    culture: User  # tuliem.vanhoa, the other specialist of the committee
    leader: User
    manager: User
    police: User
    # Dossiers by where they are.
    at_counter: Dossier
    at_specialists: Dossier  # the committee's specialist step, nobody named
    named_civil_status: Dossier  # the same step, named for tuliem.tuphap
    to_sign: Dossier
    to_return: Dossier


def _received(counter: User, procedure: Procedure) -> Dossier:
    return actions.dossier_receive(
        actor=counter,
        procedure=procedure,
        applicant=APPLICANT,
        documents=mandatory_documents(procedure),
    ).dossier


def _fresh(dossier: Dossier) -> Dossier:
    return Dossier.objects.select_related("current_step").get(pk=dossier.pk)


@pytest.fixture
def ward(db) -> Ward:
    """The shipped catalogue and the demo's officers, with birth registrations (counter →
    civil-status officer → chairman → counter) at each of their steps."""
    refdata.load()
    accounts_demo.load()
    people = {u.username: u for u in User.objects.filter(username__startswith="tuliem.")}
    counter, civil_status = people["tuliem.motcua"], people["tuliem.tuphap"]
    leader = people["tuliem.lanhdao"]
    birth = Procedure.objects.get(slug="dang-ky-khai-sinh")

    at_counter = _received(counter, birth)
    at_specialists = actions.dossier_transfer(actor=counter, dossier=_received(counter, birth))
    named = actions.dossier_transfer(
        actor=counter, dossier=_received(counter, birth), handler=civil_status
    )
    to_sign = actions.dossier_transfer(
        actor=civil_status,
        dossier=actions.dossier_transfer(
            actor=counter, dossier=_received(counter, birth), handler=civil_status
        ),
    )
    signed = actions.dossier_approve(
        actor=leader,
        dossier=actions.dossier_transfer(
            actor=civil_status,
            dossier=actions.dossier_transfer(actor=counter, dossier=_received(counter, birth)),
        ),
    )
    to_return = actions.dossier_mark_processed(actor=counter, dossier=signed)
    return Ward(
        counter=counter,
        civil_status=civil_status,
        culture=people["tuliem.vanhoa"],
        leader=leader,
        manager=people["tuliem.quanly"],
        police=people["tuliem.congan"],
        at_counter=_fresh(at_counter),
        at_specialists=_fresh(at_specialists),
        named_civil_status=_fresh(named),
        to_sign=_fresh(to_sign),
        to_return=_fresh(to_return),
    )


def codes(section: Section | None) -> set[str]:
    assert section is not None
    return {row.dossier.code for row in section.rows}


def test_the_counter_officer_sees_what_is_at_the_counter_what_they_received_and_what_to_hand_back(
    ward: Ward,
) -> None:
    day = my_day(user=ward.counter)
    assert codes(day.mine) == {ward.at_counter.code}
    assert day.mine.count == day.counts.total == 1
    everything = {
        d.code
        for d in (
            ward.at_counter,
            ward.at_specialists,
            ward.named_civil_status,
            ward.to_sign,
            ward.to_return,
        )
    }
    assert codes(day.received_today) == everything
    assert codes(day.to_return) == {ward.to_return.code}
    assert ward.to_return.state == State.PROCESSED
    assert day.to_sign is None and day.late is None and day.by_state is None


def test_the_civil_status_officer_sees_the_steps_of_the_role_and_those_named_for_her(
    ward: Ward,
) -> None:
    day = my_day(user=ward.civil_status)
    assert codes(day.mine) == {ward.at_specialists.code, ward.named_civil_status.code}
    assert day.received_today is None and day.to_return is None and day.to_sign is None


def test_a_step_named_for_a_colleague_is_not_on_my_page(ward: Ward) -> None:
    # The other specialist of the committee: the unnamed step is his too, the one named
    # for the civil-status officer is not.
    assert codes(my_day(user=ward.culture).mine) == {ward.at_specialists.code}


def test_the_police_officer_sees_none_of_the_committees_dossiers(ward: Ward) -> None:
    day = my_day(user=ward.police)
    assert day.mine.rows == [] and day.counts.total == 0


def test_the_leader_sees_what_waits_for_his_signature_first(ward: Ward) -> None:
    day = my_day(user=ward.leader)
    assert codes(day.to_sign) == {ward.to_sign.code}
    assert day.to_sign is not None and day.to_sign.count == 1
    # Signed dossiers are back at the counter, not on his desk.
    assert codes(day.mine) == set() and day.counts.total == 1


def test_the_centre_manager_sees_the_centres_late_dossiers_and_its_open_dossiers_by_state(
    ward: Ward,
) -> None:
    on_time = my_day(user=ward.manager)
    assert codes(on_time.late) == set()
    by_state = dict(on_time.by_state or [])
    assert by_state == {State.RECEIVED: 1, State.IN_PROGRESS: 3, State.PROCESSED: 1}
    # A month later every running dossier of the centre is late; the decided one is not.
    month_later = my_day(user=ward.manager, now=timezone.now() + timedelta(days=31))
    assert codes(month_later.late) == {
        ward.at_counter.code,
        ward.at_specialists.code,
        ward.named_civil_status.code,
        ward.to_sign.code,
    }
    # Nothing is named for the manager: his own list stays empty.
    assert codes(on_time.mine) == set()


def test_late_and_due_soon_are_counted_as_the_queue_colours_them(ward: Ward) -> None:
    dossier = ward.at_specialists
    assert dossier.due_at is not None
    calendar = working_calendar(agency=dossier.agency)
    day_before = calendar.add_working_days(dossier.due_at, -1) + timedelta(minutes=1)
    counts = my_day(user=ward.culture, now=day_before).counts
    assert (counts.due_soon, counts.late, counts.on_time) == (1, 0, 0)
    counts = my_day(user=ward.culture, now=dossier.due_at + timedelta(minutes=1)).counts
    assert (counts.due_soon, counts.late, counts.on_time) == (0, 1, 0)


def test_due_tomorrow_holds_what_is_due_by_the_end_of_the_next_working_day(ward: Ward) -> None:
    dossier = ward.at_specialists
    assert dossier.due_at is not None
    calendar = working_calendar(agency=dossier.agency)

    def due_tomorrow(now: datetime) -> MyDay:
        return my_day(user=ward.culture, now=now)

    the_day_before = calendar.add_working_days(dossier.due_at, -1)
    assert codes(due_tomorrow(the_day_before).due_tomorrow) == {dossier.code}
    three_days_before = calendar.add_working_days(dossier.due_at, -3)
    assert codes(due_tomorrow(three_days_before).due_tomorrow) == set()


# --- over HTTP -------------------------------------------------------------------------------


def sections_of(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-testid="section-(\w+)"(.*?)</section>', html, re.S))


def sign_in(client, username: str, password: str = DEMO_PASSWORD, **extra: str):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password, **extra}
    )


@pytest.mark.parametrize(
    "username", ["tuliem.motcua", "tuliem.tuphap", "tuliem.lanhdao", "tuliem.quanly"]
)
def test_officers_land_on_their_own_page_after_signing_in(
    client, ward: Ward, username: str
) -> None:
    response = sign_in(client, username)
    assert response["Location"] == reverse("dossiers:my_day")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Việc của tôi" in page.content.decode()


def test_the_system_administrator_has_no_steps_and_lands_in_the_administration(
    client, ward: Ward
) -> None:
    landing = client.get(sign_in(client, "quantri")["Location"])
    assert landing.status_code == 302 and landing["Location"] == reverse("admin:index")


def test_signing_in_with_a_next_page_goes_there(client, ward: Ward) -> None:
    response = sign_in(client, "tuliem.motcua", next=reverse("dossiers:queue"))
    assert response["Location"] == reverse("dossiers:queue")


def test_citizens_land_on_the_portal_and_cannot_open_the_officers_page(client, citizen) -> None:
    response = sign_in(client, citizen.username, PASSWORD)
    assert response["Location"] == reverse("portal:home")
    assert client.get(reverse("dossiers:my_day")).status_code == 404


def test_the_public_home_page_stays_for_anonymous_visitors(client, db) -> None:
    assert client.get(reverse("core:home")).status_code == 200
    response = client.get(reverse("dossiers:my_day"))
    assert response["Location"].startswith(reverse("accounts:login"))


def test_each_persona_sees_their_dossiers_in_their_sections(client, ward: Ward) -> None:
    client.force_login(ward.counter)
    sections = sections_of(client.get(reverse("dossiers:my_day")).content.decode())
    assert ward.at_counter.code in sections["mine"]
    assert (
        ward.to_return.code in sections["to_return"] and ward.to_return.code not in sections["mine"]
    )
    assert ward.to_sign.code in sections["received_today"]

    client.force_login(ward.leader)
    sections = sections_of(client.get(reverse("dossiers:my_day")).content.decode())
    assert list(sections)[:2] == ["to_sign", "mine"]
    assert ward.to_sign.code in sections["to_sign"]
    assert "Không có việc nào khác chờ bạn." in sections["mine"]
    assert "received_today" not in sections and "late" not in sections

    client.force_login(ward.civil_status)
    sections = sections_of(client.get(reverse("dossiers:my_day")).content.decode())
    assert ward.named_civil_status.code in sections["mine"]
    assert ward.at_counter.code not in sections["mine"]

    client.force_login(ward.manager)
    sections = sections_of(client.get(reverse("dossiers:my_day")).content.decode())
    assert list(sections)[:2] == ["late", "by_state"]
    assert "Không có hồ sơ nào quá hạn." in sections["late"]
    assert "Đã xử lý, chờ trả kết quả" in sections["by_state"]


def test_the_page_takes_a_handful_of_queries_however_many_dossiers(
    client, ward: Ward, django_assert_max_num_queries
) -> None:
    birth = Procedure.objects.get(slug="dang-ky-khai-sinh")
    for _ in range(25):  # more than a list shows: each list is counted, not read whole
        _received(ward.counter, birth)
    for officer in (ward.counter, ward.leader, ward.manager):
        client.force_login(officer)
        client.get(reverse("dossiers:my_day"))  # the calendars read once per process
        with django_assert_max_num_queries(14):
            assert client.get(reverse("dossiers:my_day")).status_code == 200


def test_the_header_leads_officers_to_their_page(client, ward: Ward) -> None:
    client.force_login(ward.civil_status)
    html = client.get(reverse("dossiers:queue")).content.decode()
    assert f'href="{reverse("dossiers:my_day")}" data-testid="nav-my-day"' in html
