"""An online dossier for a ward's committee lands at the ward's one-stop unit, like a paper
one: its counter officers see it in their online queue and receive it."""

from motcua.dossiers import actions, selectors
from motcua.dossiers.states import State
from motcua.units.models import AgencyKind
from tests.dossiers.factories import MONDAY_9, team_for
from tests.dossiers.test_online import media, submit  # noqa: F401 (autouse fixture)
from tests.factories import AgencyFactory


def test_the_wards_service_centre_receives_the_committees_online_dossier(
    citizen, steps_procedure, team_a
) -> None:
    centre = AgencyFactory.create(
        name="Trung tâm phục vụ hành chính công",
        kind=AgencyKind.SERVICE_CENTRE,
        unit=team_a.agency.unit,
    )
    counter = team_for(centre).counter
    dossier = submit(citizen, steps_procedure, team_a)
    assert dossier.receiving_agency == centre and dossier.agency == team_a.agency
    assert dossier.code.startswith(centre.eid_code)
    assert dossier in selectors.online_queue(user=counter).registered
    received = actions.dossier_accept_online(actor=counter, dossier=dossier, at=MONDAY_9)
    assert received.state == State.RECEIVED


def test_a_ward_without_a_centre_receives_its_own_online_dossiers(
    citizen, steps_procedure, team_a
) -> None:
    assert submit(citizen, steps_procedure, team_a).receiving_agency == team_a.agency
