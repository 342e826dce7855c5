import pytest

from motcua.dossiers.states import State
from tests.dossiers.factories import RECEIVED_STATES


@pytest.mark.parametrize("state", RECEIVED_STATES)
def test_a_dossier_can_be_taken_into_every_state(make_dossier, state):
    assert make_dossier(state).state == state
