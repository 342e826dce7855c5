"""Dossier test data, built through the real services so every row is one the
application itself would write: a procedure with steps, a team of officers, and
dossiers driven into each state."""

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import count
from typing import TypeGuard, TypeVar

from motcua.accounts.models import Role, User
from motcua.catalog.models import Procedure
from motcua.catalog.services import field_upsert, procedure_upsert, procedure_version_create
from motcua.catalog.specs import DocumentSpec, StepSpec, VersionContent
from motcua.core.tz import VN_TZ
from motcua.dossiers import actions
from motcua.dossiers.actions import Applicant, DocumentIn, SupplementItemIn
from motcua.dossiers.models import Channel, Dossier
from motcua.dossiers.states import State
from motcua.units.models import Agency
from tests.factories import OfficerFactory

T = TypeVar("T")

# Monday 7 July 2025, 09:00 in Hà Nội: an ordinary working morning.
MONDAY_9 = datetime(2025, 7, 7, 9, 0, tzinfo=VN_TZ)
_slugs = count(1)

# Receive 0.5 day, appraise 1.5, sign 0.5, hand over 0.5: 3 working days.
DEFAULT_STEPS = (
    ("Tiếp nhận, kiểm tra hồ sơ", "counter", "0.5"),
    ("Thẩm định hồ sơ", "specialist", "1.5"),
    ("Lãnh đạo ký duyệt", "leader", "0.5"),
    ("Trả kết quả", "counter", "0.5"),
)


def procedure_with_steps(
    *,
    amount: str = "3",
    unit: str = "working_days",
    steps: tuple[tuple[str, str, str], ...] = DEFAULT_STEPS,
    valid_from: date = date(2025, 1, 1),
) -> Procedure:
    """A procedure of one version: a mandatory form, an optional copy, and `steps`."""
    n = next(_slugs)
    field = field_upsert(actor=None, slug="ho-tich", name="Hộ tịch")
    procedure = procedure_upsert(
        actor=None,
        slug=f"xac-nhan-tinh-trang-hon-nhan-{n}",
        name=f"Cấp Giấy xác nhận tình trạng hôn nhân {n}",
        field=field,
        code=f"9.{n:06d}",
    )
    procedure_version_create(
        actor=None,
        procedure=procedure,
        valid_from=valid_from,
        content=VersionContent(
            time_amount=Decimal(amount),
            time_unit=unit,
            result="Giấy xác nhận tình trạng hôn nhân",
            legal_basis="Nghị định số 123/2015/NĐ-CP",
            online_level="full",
            documents=(
                DocumentSpec(name="Tờ khai cấp Giấy xác nhận tình trạng hôn nhân", form="original"),
                DocumentSpec(
                    name="Bản án ly hôn",
                    form="certified_copy",
                    condition="Trường hợp đã ly hôn",
                ),
            ),
            fees=(),
            steps=tuple(
                StepSpec(name=name, role=role, budget=Decimal(budget))
                for name, role, budget in steps
            ),
        ),
    )
    return procedure


@dataclass(frozen=True)
class Team:
    """The officers of one agency, one per role."""

    agency: Agency
    counter: User
    specialist: User
    leader: User
    manager: User


def team_for(agency: Agency, counter: User | None = None) -> Team:
    def officer(role: str) -> User:
        return OfficerFactory.create(
            username=f"{role}_{agency.pk}", agency=agency, role=role, first_name=role.title()
        )

    return Team(
        agency=agency,
        counter=counter or officer(Role.COUNTER_OFFICER),
        specialist=officer(Role.SPECIALIST),
        leader=officer(Role.LEADER),
        manager=officer(Role.CENTRE_MANAGER),
    )


APPLICANT = Applicant(
    name="Nguyễn Văn An",
    personal_id="001090001234",
    birth_date=date(1990, 5, 17),
    phone="0912345678",
    email="an.nguyen@example.vn",
    address="Số 1 phố Hàm Nghi, Phường Từ Liêm, Thành phố Hà Nội",
)


def mandatory_documents(procedure: Procedure) -> list[DocumentIn]:
    """The mandatory documents of the procedure's current version (open-ended)."""
    version = procedure.versions.get(valid_to__isnull=True)
    return [
        DocumentIn(requirement_id=r.pk, originals=1)
        for r in version.documents.all()
        if r.is_mandatory
    ]


def receive(
    team: Team,
    procedure: Procedure,
    *,
    at: datetime = MONDAY_9,
    channel: int = Channel.IN_PERSON,
    applicant: Applicant = APPLICANT,
    **options: object,
) -> Dossier:
    """A dossier `team` receives and decides (the team's own agency, named rather than
    routed: routing has its own tests in test_demo_routing)."""
    options.setdefault("agency", team.agency)
    return actions.dossier_receive(
        actor=team.counter,
        procedure=procedure,
        applicant=applicant,
        documents=mandatory_documents(procedure),
        channel=channel,
        at=at,
        **options,  # type: ignore[arg-type]
    ).dossier


HOUR = timedelta(hours=1)


def _supplement(team: Team, dossier: Dossier, at: datetime) -> None:
    actions.dossier_supplement_request(
        actor=team.counter,
        dossier=dossier,
        items=[SupplementItemIn(name="Tờ khai", reason="Thiếu chữ ký của người yêu cầu")],
        at=at,
    )


def _to_leader(team: Team, dossier: Dossier, at: datetime) -> None:
    _in_progress(team, dossier, at)
    actions.dossier_transfer(actor=team.specialist, dossier=dossier, at=at + HOUR)


def _approved(team: Team, dossier: Dossier, at: datetime) -> None:
    _to_leader(team, dossier, at)
    actions.dossier_approve(actor=team.leader, dossier=dossier, at=at + 2 * HOUR)


def _processed(team: Team, dossier: Dossier, at: datetime) -> None:
    _approved(team, dossier, at)
    actions.dossier_mark_processed(actor=team.counter, dossier=dossier, at=at + 3 * HOUR)


def _refused(team: Team, dossier: Dossier, at: datetime) -> None:
    _in_progress(team, dossier, at)
    actions.dossier_refuse_after_appraisal(
        actor=team.specialist,
        dossier=dossier,
        reasons=["Người yêu cầu không cư trú trên địa bàn phường"],
        at=at + HOUR,
    )


def _returned(team: Team, dossier: Dossier, at: datetime) -> None:
    _processed(team, dossier, at)
    actions.dossier_return_result(actor=team.counter, dossier=dossier, at=at + 4 * HOUR)


def _in_progress(team: Team, dossier: Dossier, at: datetime) -> None:
    actions.dossier_transfer(actor=team.counter, dossier=dossier, at=at)


def _financial(team: Team, dossier: Dossier, at: datetime) -> None:
    _in_progress(team, dossier, at)
    actions.dossier_financial_obligation_request(
        actor=team.specialist, dossier=dossier, description="Nộp lệ phí", at=at + HOUR
    )


def _withdrawn(team: Team, dossier: Dossier, at: datetime) -> None:
    actions.dossier_withdraw(actor=team.counter, dossier=dossier, reason="Rút hồ sơ", at=at)


def _stopped(team: Team, dossier: Dossier, at: datetime) -> None:
    actions.dossier_stop(actor=team.counter, dossier=dossier, reason="Đề nghị dừng", at=at)


def _nothing(team: Team, dossier: Dossier, at: datetime) -> None:
    pass


# From a dossier received at `at`, the acts (starting one hour later) that lead to a state.
_PATHS: dict[State, Callable[[Team, Dossier, datetime], None]] = {
    State.RECEIVED: _nothing,
    State.IN_PROGRESS: _in_progress,
    State.SUPPLEMENT_REQUESTED: _supplement,
    State.FINANCIAL_OBLIGATION: _financial,
    State.APPROVED: _approved,
    State.REFUSED: _refused,
    State.PROCESSED: _processed,
    State.RETURNED: _returned,
    State.WITHDRAWN: _withdrawn,
    State.STOPPED: _stopped,
}
RECEIVED_STATES = tuple(_PATHS)


def dossier_in(
    state: State, team: Team, procedure: Procedure, *, at: datetime = MONDAY_9
) -> Dossier:
    """A dossier received at `at` and taken into `state` through the services (the
    refused-at-reception state is `actions.dossier_refuse_at_reception`)."""
    dossier = receive(team, procedure, at=at)
    _PATHS[state](team, dossier, at + HOUR)
    dossier.refresh_from_db()
    assert dossier.state == state, (dossier.state, state)
    return dossier


def in_parallel(*calls: Callable[[], T]) -> list[T | Exception]:
    """Run the calls at the same moment, one thread and one database connection each;
    each result is the call's return value or the exception it raised."""
    from django.db import connection

    barrier = threading.Barrier(len(calls))
    results: dict[int, T | Exception] = {}

    def run(index: int, call: Callable[[], T]) -> None:
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [results[i] for i in range(len(calls))]


def succeeded(results: list[T | Exception]) -> TypeGuard[list[T]]:
    """Every call of `in_parallel` returned (none raised)."""
    return not any(isinstance(r, Exception) for r in results)


def birth_registration(officers: dict[str, User], *, handler: str | None) -> Dossier:
    """A birth registration received at the demo centre (`tuliem` fixture) and handed to
    the committee's civil-status appraisal, named to `handler` (or to nobody)."""
    procedure = Procedure.objects.get(slug="dang-ky-khai-sinh")
    dossier = actions.dossier_receive(
        actor=officers["motcua"],
        procedure=procedure,
        applicant=APPLICANT,
        documents=mandatory_documents(procedure),
    ).dossier
    named = officers[handler] if handler else None
    return actions.dossier_transfer(actor=officers["motcua"], dossier=dossier, handler=named)
