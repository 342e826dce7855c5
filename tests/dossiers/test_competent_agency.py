"""Who decides a dossier: the catalogue's rule at the counter and through the API alike,
and the counter's choice when the ward has more than one agency of the kind."""

import pytest
from django.test import Client
from django.urls import reverse

from motcua.accounts.models import User
from motcua.accounts.services.access import api_token_issue
from motcua.catalog.models import Procedure
from motcua.catalog.routing import competent_choices, competent_for
from motcua.dossiers import actions
from motcua.dossiers.models import Dossier
from motcua.units.models import Agency, AgencyKind
from tests.dossiers.factories import APPLICANT, mandatory_documents
from tests.dossiers.test_views import receive_data

BUSINESS = "dang-ky-thanh-lap-ho-kinh-doanh"


@pytest.fixture
def counter(demo_ward) -> User:
    return User.objects.get(username="tuliem.motcua")


@pytest.fixture
def business() -> Procedure:
    return Procedure.objects.get(slug=BUSINESS)


@pytest.fixture
def office() -> Agency:
    return Agency.objects.get(name="Phòng Kinh tế, Hạ tầng và Đô thị phường Từ Liêm")


@pytest.fixture
def second_office(office) -> Agency:
    """A ward with two offices: the counter chooses which one decides."""
    return Agency.objects.create(
        name="Phòng Văn hóa - Xã hội phường Từ Liêm",
        kind=AgencyKind.DEPARTMENT,
        unit=office.unit,
        parent=office.parent,
        eid_code="000.04.92.H26",
    )


def _receive(counter: User, procedure: Procedure, **options: object) -> Dossier:
    return actions.dossier_receive(
        actor=counter,
        procedure=procedure,
        applicant=APPLICANT,
        documents=mandatory_documents(procedure),
        **options,  # type: ignore[arg-type]
    ).dossier


def test_business_registration_received_at_the_centre_is_decided_by_the_economy_office(
    counter, business, office
) -> None:
    dossier = _receive(counter, business)
    assert dossier.agency == office
    # The hand-in and hand-back at the centre, the appraisal and the signature at the office.
    assert [step.agency for step in dossier.steps.all()] == [
        counter.agency,
        office,
        office,
        counter.agency,
    ]


def test_the_counter_may_hand_the_dossier_to_another_office_of_the_ward(
    counter, business, office, second_office
) -> None:
    assert counter.agency is not None
    version = business.versions.get()
    assert competent_choices(counter.agency, version) == [office, second_office]
    assert competent_for(counter.agency, version) == office  # the oldest, by default
    dossier = _receive(counter, business, agency=second_office)
    assert dossier.agency == second_office


def test_an_agency_the_procedure_does_not_allow_is_refused(counter, business) -> None:
    police = Agency.objects.get(kind=AgencyKind.POLICE)
    with pytest.raises(actions.DossierError, match="không giải quyết thủ tục"):
        _receive(counter, business, agency=police)
    assert not Dossier.objects.exists()


def test_the_api_default_is_the_counter_default(client: Client, counter, business) -> None:
    client.force_login(counter)
    client.post(reverse("dossiers:receive"), receive_data(business, key="quay"))
    at_the_counter = Dossier.objects.get(idempotency_key="quay").agency
    body = {
        "procedure": business.code,
        "applicant": {"name": APPLICANT.name, "personal_id": APPLICANT.personal_id},
        "documents": [
            {"requirement_id": d.requirement_id, "originals": 1}
            for d in mandatory_documents(business)
        ],
    }
    headers = {"Authorization": f"Bearer {api_token_issue(user=counter).token}"}
    response = Client().post(
        "/api/v1/dossiers/", body, content_type="application/json", headers=headers
    )
    assert response.status_code == 201, response.content
    assert response.json()["agency"]["id"] == at_the_counter.pk
    assert at_the_counter.kind == AgencyKind.DEPARTMENT


def test_the_api_refuses_an_agency_the_procedure_does_not_allow(counter, business) -> None:
    police = Agency.objects.get(kind=AgencyKind.POLICE)
    body = {
        "procedure": business.code,
        "applicant": {"name": APPLICANT.name, "personal_id": APPLICANT.personal_id},
        "documents": [
            {"requirement_id": d.requirement_id, "originals": 1}
            for d in mandatory_documents(business)
        ],
        "agency_id": police.pk,
    }
    headers = {"Authorization": f"Bearer {api_token_issue(user=counter).token}"}
    response = Client().post(
        "/api/v1/dossiers/", body, content_type="application/json", headers=headers
    )
    assert response.status_code == 400
    assert "Công an phường Từ Liêm không giải quyết thủ tục" in response.json()["detail"]


def test_the_counter_screen_names_the_deciding_agency_when_there_is_no_choice(
    client: Client, counter, business
) -> None:
    client.force_login(counter)
    response = client.get(reverse("dossiers:receive"), {"procedure": BUSINESS})
    page = response.content.decode()
    assert "Cơ quan giải quyết: Phòng Kinh tế, Hạ tầng và Đô thị phường Từ Liêm" in page
    assert 'name="competent"' not in page


def test_the_counter_chooses_among_the_offices_with_the_default_preselected(
    client: Client, counter, business, office, second_office
) -> None:
    client.force_login(counter)
    page = client.get(reverse("dossiers:receive"), {"procedure": BUSINESS}).content.decode()
    assert 'name="competent"' in page
    assert f'<option value="{office.pk}" selected>' in page
    data = receive_data(business, competent=str(second_office.pk))
    response = client.post(reverse("dossiers:receive"), data)
    assert response.status_code == 302
    assert Dossier.objects.get().agency == second_office


def test_the_counter_cannot_post_an_agency_outside_the_list(
    client: Client, counter, business, second_office
) -> None:
    client.force_login(counter)
    police = Agency.objects.get(kind=AgencyKind.POLICE)
    response = client.post(
        reverse("dossiers:receive"), receive_data(business, competent=str(police.pk))
    )
    assert response.status_code == 400
    assert not Dossier.objects.exists()
