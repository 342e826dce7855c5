"""Payment fixtures: a procedure with a per-dossier fee and a per-copy fee, and an online
dossier of ward A owned by `citizen`."""

from collections.abc import Callable

import pytest

from motcua.catalog.models import Fee, FeeExemption, Procedure
from motcua.dossiers.models import Channel, Dossier
from motcua.dossiers.states import State
from tests.dossiers.conftest import (  # noqa: F401 (fixtures reused from dossiers)
    processing_rules,
    received,
    steps_procedure,
    team_a,
    team_b,
)
from tests.dossiers.factories import Team, receive

FILING = 15000
PER_COPY = 8000
EXEMPT = "Hộ nghèo"


@pytest.fixture
def fee_procedure(steps_procedure: Procedure) -> Procedure:  # noqa: F811
    version = steps_procedure.versions.get()
    filing = Fee.objects.create(version=version, position=1, label="Lệ phí đăng ký", amount=FILING)
    FeeExemption.objects.create(fee=filing, category=EXEMPT, text="Miễn lệ phí cho hộ nghèo")
    Fee.objects.create(
        version=version, position=2, label="Phí cấp bản sao", amount=PER_COPY, basis="copy"
    )
    return steps_procedure


@pytest.fixture
def make_owned(team_a: Team, fee_procedure: Procedure, citizen) -> Callable[..., Dossier]:  # noqa: F811
    """An online dossier of ward A, registered, owned by `owner` (citizen by default)."""

    def make(owner=None) -> Dossier:
        dossier = receive(team_a, fee_procedure)
        Dossier.objects.filter(pk=dossier.pk).update(
            owner=owner or citizen,
            state=State.REGISTERED,
            channel=Channel.ONLINE,
            applicant_phone="0912345678",
        )
        dossier.refresh_from_db()
        return dossier

    return make


@pytest.fixture
def owned(make_owned: Callable[..., Dossier]) -> Dossier:
    return make_owned()
