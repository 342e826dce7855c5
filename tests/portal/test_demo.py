"""`motcua demo load` leaves the demo citizen two online birth registrations in the ward's
online queue: one free to receive at once, one with extract copies to pay."""

import pytest

from motcua.accounts import demo as accounts_demo
from motcua.dossiers.models import Channel, Dossier
from motcua.dossiers.states import State
from motcua.payments.selectors import dossier_fees_settled
from motcua.portal import demo
from tests.dossiers.conftest import processing_rules  # noqa: F401 (autouse fixture)
from tests.portal.conftest import load_procedures


@pytest.mark.django_db
def test_demo_citizen_has_two_online_dossiers_and_a_rerun_adds_none() -> None:
    load_procedures("dang-ky-khai-sinh")
    accounts_demo.load()
    assert "thêm 2" in demo.load()
    assert "thêm 0" in demo.load()
    dossiers = Dossier.objects.filter(owner__username=accounts_demo.CITIZEN_USERNAME)
    assert {(d.state, d.channel) for d in dossiers} == {(State.REGISTERED, Channel.ONLINE)}
    settled = sorted(dossier_fees_settled(dossier=d) for d in dossiers)
    assert settled == [False, True]  # the copies are owed; the bare registration is free
    assert all(d.attachments.exists() for d in dossiers)
