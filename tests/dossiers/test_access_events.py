"""Who read a person's record: the dossier page, the API, searches by ID number, the
export and the admin each leave an access event; lists do not; a dossier out of scope
is 404 and leaves none; the leaders see a dossier's access history."""

import pytest
from django.urls import reverse

from motcua.accounts.models import Role
from motcua.core.access_log import ACCESS_ACTION
from motcua.core.audit import verify_chain
from motcua.core.models import AuditEvent
from motcua.dossiers.models import Dossier
from tests.dossiers.factories import APPLICANT, Team
from tests.factories import CitizenFactory, OfficerFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/dossiers/"


def reads() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=ACCESS_ACTION).order_by("pk"))


def test_the_dossier_page_records_who_read_it(client, officer_a, received: Dossier):
    client.force_login(officer_a)
    assert client.get(reverse("dossiers:detail", args=[received.code])).status_code == 200
    [event] = reads()
    assert event.actor == officer_a and event.target_id == str(received.pk)
    assert event.payload == {"channel": "page"}
    assert event.chain == f"agency:{officer_a.agency_id}"
    assert verify_chain().ok


def test_the_api_detail_records_who_read_it(client, officer_a, received: Dossier):
    client.force_login(officer_a)
    response = client.get(f"{API}{received.code}")
    assert response.json()["applicant"]["personal_id"] == APPLICANT.personal_id
    [event] = reads()
    assert event.target_id == str(received.pk) and event.payload == {"channel": "api"}


def test_an_api_search_by_id_number_is_recorded_without_the_number(
    client, officer_a, received: Dossier
):
    client.force_login(officer_a)
    spaced = " ".join([APPLICANT.personal_id[:3], APPLICANT.personal_id[3:]])
    found = client.get(API, {"applicant": spaced}).json()
    assert [item["code"] for item in found["items"]] == [received.code]
    [event] = reads()
    assert event.payload == {"channel": "search", "count": 1, "codes": [received.code]}
    assert APPLICANT.personal_id not in str(event.payload)
    client.get(API, {"applicant": "Nguyễn"})
    client.get(API)
    assert len(reads()) == 1  # a search by name, a plain list: no personal data read


def test_a_queue_search_by_id_number_is_recorded_but_the_plain_queue_is_not(
    client, officer_a, received: Dossier
):
    client.force_login(officer_a)
    client.get(reverse("dossiers:queue"))
    assert reads() == []
    response = client.get(reverse("dossiers:queue"), {"q": APPLICANT.personal_id})
    assert received.code in response.content.decode()
    [event] = reads()
    assert event.payload == {"channel": "search", "count": 1}


def test_the_queue_export_is_one_event_with_its_size(client, officer_a, received: Dossier):
    client.force_login(officer_a)
    response = client.get(reverse("dossiers:queue_export"))
    b"".join(response.streaming_content)
    [event] = reads()
    assert event.payload == {"channel": "export", "count": 1} and event.target_id == ""


def test_officer_of_other_ward_gets_404_and_leaves_no_access_event(
    client, officer_b, received: Dossier
):
    client.force_login(officer_b)
    assert client.get(reverse("dossiers:detail", args=[received.code])).status_code == 404
    assert client.get(f"{API}{received.code}").status_code == 404
    assert client.get(API, {"applicant": APPLICANT.personal_id}).json()["count"] == 0
    assert [event.payload["count"] for event in reads()] == [0]  # the search, finding none


def test_the_manager_sees_who_read_the_dossier_and_the_counter_does_not(
    client, team_a: Team, received: Dossier
):
    url = reverse("dossiers:detail", args=[received.code])
    client.force_login(team_a.counter)
    page = client.get(url).content.decode()
    assert "Lịch sử truy cập" not in page
    client.force_login(team_a.manager)
    response = client.get(url)
    shown = response.context["accesses"]
    assert [item["actor"] for item in shown] == [
        team_a.manager.get_full_name(),
        team_a.counter.get_full_name(),
    ]
    assert "Lịch sử truy cập" in response.content.decode()
    # The reads are not steps of the processing: the timeline does not list them.
    assert all(item["event"].action != ACCESS_ACTION for item in response.context["timeline"])


def test_opening_a_citizen_in_the_admin_is_recorded_and_an_officer_is_not(client, agency_a):
    admin = OfficerFactory.create(
        role=Role.SYSTEM_ADMIN, agency=agency_a, is_staff=True, is_superuser=True
    )
    citizen = CitizenFactory.create(personal_id="001203012345")
    colleague = OfficerFactory.create(agency=agency_a)
    client.force_login(admin)
    for user in (citizen, colleague):
        response = client.get(reverse("admin:accounts_user_change", args=[user.pk]))
        assert response.status_code == 200
    [event] = reads()
    assert event.target_id == str(citizen.pk) and event.payload == {"channel": "admin"}
