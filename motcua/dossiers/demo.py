"""Demo and benchmark dossiers, written in bulk with the invariants of the services.

- `load()` (`motcua demo load`): about 2,000 dossiers of the demo ward over the last
  four months, in every state, some late, some apologised. Idempotent.
- `generate(n)` (`motcua demo generate --dossiers N`): N dossiers of eight benchmark
  agencies from 1/7/2025 on, for `make bench`; resumable (re-run with the same N).

Going through the services would take minutes for the demo and days for a benchmark, so
rows are built in Python and inserted in batches, keeping what the services guarantee:
codes gapless per agency and day (the same `NumberSequence` rows, locked), the due moment from
the real clock and calendar, the documents and steps of the procedure version in force,
and an audit event for every transition, hash-chained like `audit_record` writes them
(`motcua audit verify` passes). Dossier i is always built the same way (its own seeded
random stream), and each batch commits whole, so a stopped run resumes where it ended.
"""

import multiprocessing
import queue
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import partial
from operator import attrgetter
from typing import Any

from asgiref.local import Local
from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections, transaction
from django.db.models import JSONField, Model
from django.utils import timezone

from motcua.accounts.models import Role, User, UserKind
from motcua.catalog.models import ProcedureVersion
from motcua.core.audit import chain_for, event_hash, head_locked, json_safe
from motcua.core.models import AuditChainHead, AuditEvent, NumberSequence
from motcua.core.text import fold
from motcua.core.tz import VN_TZ
from motcua.dossiers import clock, codes
from motcua.dossiers.actions.kernel import agency_sequence
from motcua.dossiers.models import (
    Apology,
    Channel,
    Dossier,
    DossierDocument,
    DossierStep,
    FinancialObligation,
    ProcessingRule,
    Refusal,
    RefusalStage,
    StopNotice,
    SupplementItem,
    SupplementRequest,
    Withdrawal,
)
from motcua.dossiers.states import State
from motcua.units.models import AdministrativeUnit, Agency, AgencyKind, UnitLevel
from motcua.workdays.calendar import WorkingCalendar
from motcua.workdays.selectors import working_calendar

DEMO_DOSSIERS = 2_000
DEMO_DAYS = 120
BATCH = 2_000
GENERATE_FROM = date(2025, 7, 1)
BENCH_AGENCIES = 8
# From this many dossiers to add, generate() forks one process per lane of agencies.
PARALLEL_FROM = 50_000

# --- Vietnamese applicants ----------------------------------------------------------------
# Faker's vi_VN knows ten surnames and puts the given name first, so names are drawn
# here. Nguyễn ≈ 38 % is the design brief's figure; the other shares are rough estimates
# (unconfirmed), good enough for made-up applicants.
SURNAMES = (
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9.5),
    ("Phạm", 7),
    ("Hoàng", 4.5),
    ("Huỳnh", 1.5),
    ("Phan", 4.5),
    ("Vũ", 3.5),
    ("Võ", 1.5),
    ("Đặng", 2.1),
    ("Bùi", 2),
    ("Đỗ", 1.4),
    ("Hồ", 1.3),
    ("Ngô", 1.3),
    ("Dương", 1),
    ("Lý", 0.5),
    ("Đinh", 0.8),
    ("Trịnh", 0.6),
)
MIDDLE = {
    0: ("Văn", "Đức", "Minh", "Quang", "Hữu", "Công"),
    1: ("Thị", "Ngọc", "Thu", "Thanh", "Minh", "Phương"),
}
GIVEN = {
    0: (
        "An",
        "Bình",
        "Cường",
        "Dũng",
        "Đạt",
        "Hải",
        "Hùng",
        "Hưng",
        "Khánh",
        "Long",
        "Nam",
        "Phong",
        "Quân",
        "Sơn",
        "Thắng",
        "Tuấn",
        "Việt",
    ),
    1: (
        "Anh",
        "Chi",
        "Dung",
        "Giang",
        "Hà",
        "Hạnh",
        "Hoa",
        "Hương",
        "Lan",
        "Linh",
        "Mai",
        "Ngọc",
        "Nhung",
        "Phương",
        "Thảo",
        "Trang",
        "Yến",
    ),
}
STREETS = (
    "Hồ Tùng Mậu",
    "Phạm Hùng",
    "Mễ Trì",
    "Lê Đức Thọ",
    "Nguyễn Hoàng",
    "Hàm Nghi",
    "Trần Hữu Dực",
    "Phú Đô",
    "Đình Thôn",
)
SUPPLEMENT_REASONS = (
    "Thiếu chữ ký của người yêu cầu",
    "Bản chụp mờ, không đọc được",
    "Thông tin trên tờ khai không khớp giấy tờ tùy thân",
)
REFUSAL_REASONS = (
    "Không thuộc thẩm quyền giải quyết của cơ quan",
    "Người yêu cầu không đủ điều kiện theo quy định",
)
APOLOGY_REASONS = (
    "Cần xác minh thêm thông tin tại cơ quan khác",
    "Hệ thống cơ sở dữ liệu chuyên ngành gián đoạn",
)

_SURNAME_NAMES = [name for name, _weight in SURNAMES]
_SURNAME_WEIGHTS = [weight for _name, weight in SURNAMES]


@dataclass(frozen=True)
class Person:
    name: str
    personal_id: str
    birth_date: date
    phone: str
    address: str


def person(rng: random.Random, ward: str) -> Person:
    sex = rng.randrange(2)
    surname = rng.choices(_SURNAME_NAMES, _SURNAME_WEIGHTS)[0]
    name = f"{surname} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"
    birth = date(rng.randint(1950, 2006), rng.randint(1, 12), rng.randint(1, 28))
    # 001 Hà Nội; century-and-sex digit; two digits of the year; six random digits.
    century = (birth.year // 100 - 19) * 2 + sex
    personal_id = f"001{century}{birth.year % 100:02d}{rng.randrange(10**6):06d}"
    phone = f"09{rng.randrange(10**8):08d}"
    street = rng.choice(STREETS)
    house = f"Số {rng.randint(1, 120)} ngõ {rng.randint(1, 90)} phố {street}"
    address = f"{house}, {ward}, Thành phố Hà Nội"
    return Person(name, personal_id, birth, phone, address)


# --- who receives and decides -------------------------------------------------------------


@dataclass
class Desk:
    """A receiving counter, the agency that decides, and one officer per role."""

    receiving: Agency
    competent: Agency
    counter: User
    specialist: User
    leader: User
    calendar: WorkingCalendar = field(init=False)

    def __post_init__(self) -> None:
        self.calendar = working_calendar(agency=self.competent)

    def officer(self, role: str) -> User:
        return {"counter": self.counter, "specialist": self.specialist}.get(role, self.leader)


def _demo_desks() -> list[Desk]:
    """The desks of `motcua demo load` (accounts.demo must have run before)."""
    users = {u.username: u for u in User.objects.filter(username__startswith="tuliem.")}
    users |= {u.username: u for u in User.objects.filter(username="taymo.motcua")}
    if not {"tuliem.motcua", "tuliem.chuyenvien", "tuliem.lanhdao", "taymo.motcua"} <= set(users):
        raise LookupError("demo officers missing: load motcua.accounts.demo first")
    counter, specialist, leader = (
        users["tuliem.motcua"],
        users["tuliem.chuyenvien"],
        users["tuliem.lanhdao"],
    )
    taymo = users["taymo.motcua"]
    assert counter.agency and leader.agency and specialist.agency and taymo.agency  # noqa: S101
    return [
        Desk(counter.agency, leader.agency, counter, specialist, leader),
        Desk(counter.agency, specialist.agency, counter, specialist, leader),
        # Tây Mỗ has a single demo officer: they act for every role there.
        Desk(taymo.agency, taymo.agency, taymo, taymo, taymo),
    ]


def _bench_desks() -> list[Desk]:
    """Eight agencies of a made-up busy city, with three officers each (idempotent)."""
    province, _created = AdministrativeUnit.objects.get_or_create(
        code="01",
        level=UnitLevel.PROVINCE,
        valid_from=GENERATE_FROM,
        defaults={
            "name": "Thành phố Hà Nội",
            "unit_type": "Thành phố",
            "search_name": fold("Thành phố Hà Nội"),
        },
    )
    desks = []
    for n in range(1, BENCH_AGENCIES + 1):
        name = f"Phường Thử Tải {n}"  # 99xxx: no real commune has such a code
        ward, _created = AdministrativeUnit.objects.get_or_create(
            code=f"99{n:03d}",
            level=UnitLevel.COMMUNE,
            valid_from=GENERATE_FROM,
            defaults={
                "name": name,
                "unit_type": "Phường",
                "parent": province,
                "search_name": fold(name),
            },
        )
        agency, _created = Agency.objects.get_or_create(
            eid_code=f"000.{n:02d}.99.H26",
            defaults={"name": f"UBND {name}", "kind": AgencyKind.PEOPLES_COMMITTEE, "unit": ward},
        )
        team = [
            User.objects.get_or_create(
                username=f"bench{n}.{role}",
                defaults={"kind": UserKind.OFFICER, "role": role, "agency": agency},
            )[0]
            for role in (Role.COUNTER_OFFICER, Role.SPECIALIST, Role.LEADER)
        ]
        desks.append(Desk(agency, agency, *team))
    return desks


# --- procedures and rules -----------------------------------------------------------------


@dataclass(frozen=True)
class Version:
    version: ProcedureVersion
    documents: tuple[Any, ...]
    steps: tuple[Any, ...]
    legal: clock.LegalTime


def _versions(first_day: date) -> list[Version]:
    """Current versions already in force on `first_day`, with their steps."""
    queryset = (
        ProcedureVersion.objects.filter(valid_from__lte=first_day, valid_to__isnull=True)
        .select_related("procedure")
        .prefetch_related("documents", "steps")
        .order_by("pk")
    )
    versions = [
        Version(
            v,
            tuple(d for d in v.documents.all() if d.is_mandatory),
            tuple(v.steps.all()),
            clock.LegalTime(v.time_amount, clock.TimeUnit(v.time_unit)),
        )
        for v in queryset
    ]
    versions = [v for v in versions if v.steps]
    if not versions:
        _bench_procedure()
        return _versions(first_day)
    return versions


BENCH_PROCEDURE = "9.999001"


def _bench_procedure() -> None:
    """An empty catalogue (a benchmark database): one procedure of 3 working days, with a
    code no real procedure has."""
    from motcua.catalog.services import field_upsert, procedure_upsert, procedure_version_create
    from motcua.catalog.specs import DocumentSpec, StepSpec, VersionContent

    field = field_upsert(actor=None, slug="ho-tich", name="Hộ tịch")
    procedure = procedure_upsert(
        actor=None,
        slug="thu-tai-xac-nhan-tinh-trang-hon-nhan",
        name="Cấp Giấy xác nhận tình trạng hôn nhân (thử tải)",
        field=field,
        code=BENCH_PROCEDURE,
    )
    steps = (("Tiếp nhận hồ sơ", "counter", "0.5"), ("Thẩm định", "specialist", "1.5"),
             ("Lãnh đạo ký duyệt", "leader", "0.5"), ("Trả kết quả", "counter", "0.5"))  # fmt: skip
    procedure_version_create(
        actor=None,
        procedure=procedure,
        valid_from=date(2025, 1, 1),
        content=VersionContent(
            time_amount=Decimal(3),
            time_unit="working_days",
            result="Giấy xác nhận tình trạng hôn nhân",
            legal_basis="Nghị định số 123/2015/NĐ-CP",
            online_level="full",
            documents=(DocumentSpec(name="Tờ khai", form="original"),),
            fees=(),
            steps=tuple(StepSpec(name=n, role=r, budget=Decimal(b)) for n, r, b in steps),
        ),
    )


def _rule_on(rules: list[ProcessingRule], day: date) -> ProcessingRule:
    """Newest rule started on or before `day` (the oldest for earlier days), like
    selectors.processing_rule_on, from rows read once."""
    return next((r for r in rules if r.valid_from <= day), rules[-1])


# --- one dossier ------------------------------------------------------------------------------

# Final states by whether the appointment has passed, with weights: a centre where most
# dossiers finish on time, a few are late, and a few are still waiting for the citizen.
PAST_DUE = (
    (State.RETURNED, 80),
    (State.PROCESSED, 4),
    (State.REFUSED, 2),
    (State.NOT_RECEIVED, 2),
    (State.WITHDRAWN, 2),
    (State.STOPPED, 1),
    (State.IN_PROGRESS, 4),
    (State.APPROVED, 1),
    (State.SUPPLEMENT_REQUESTED, 3),
    (State.FINANCIAL_OBLIGATION, 1),
)
NOT_YET_DUE = (
    (State.RECEIVED, 22),
    (State.IN_PROGRESS, 45),
    (State.SUPPLEMENT_REQUESTED, 8),
    (State.FINANCIAL_OBLIGATION, 3),
    (State.APPROVED, 7),
    (State.PROCESSED, 8),
    (State.RETURNED, 4),
    (State.WITHDRAWN, 1),
    (State.NOT_RECEIVED, 2),
)
# How many steps are finished in each state (None: all); the rest wait.
STEPS_DONE: dict[State, int | None] = {
    State.RECEIVED: 0,
    State.IN_PROGRESS: 1,
    State.SUPPLEMENT_REQUESTED: 1,
    State.FINANCIAL_OBLIGATION: 1,
    State.APPROVED: -1,
    State.PROCESSED: -1,
    State.REFUSED: -1,
    State.RETURNED: None,
    State.WITHDRAWN: 1,
    State.STOPPED: 1,
}
# The event that brought the dossier into its state, and the role that acted.
LAST_ACT: dict[State, tuple[str, str]] = {
    State.IN_PROGRESS: ("transfer", "counter"),
    State.SUPPLEMENT_REQUESTED: ("supplement_request", "specialist"),
    State.FINANCIAL_OBLIGATION: ("financial_obligation_request", "specialist"),
    State.APPROVED: ("approve", "leader"),
    State.PROCESSED: ("mark_processed", "leader"),
    State.REFUSED: ("refuse_after_appraisal", "specialist"),
    State.RETURNED: ("return_result", "counter"),
    State.WITHDRAWN: ("withdraw", "counter"),
    State.STOPPED: ("stop", "counter"),
}


@dataclass
class Built:
    """A dossier and its related rows, before the code and the keys are known."""

    desk: Desk
    dossier: Dossier
    documents: list[DossierDocument]
    steps: list[DossierStep]
    current: int | None  # index of the current step
    extras: list[tuple[str, dict[str, Any]]]  # (kind, fields) of related records
    events: list[tuple[datetime, str, str, User]]  # (at, action, to_state, actor)


def _between(
    calendar: WorkingCalendar,
    rng: random.Random,
    start: datetime,
    end: datetime,
    low: float,
    high: float,
) -> datetime:
    """A moment in working time between `start` and `end` (a share from low to high of the
    working time between them; above 1 goes past `end`): officers act in office hours."""
    span = calendar.working_time_between(start, end)
    return calendar.add_working_time(start, span * rng.uniform(low, high))


def build(
    i: int,
    received_at: datetime,
    desk: Desk,
    versions: list[Version],
    rules: list[ProcessingRule],
    now: datetime,
    key: str,
) -> Built:
    rng = random.Random(i)  # noqa: S311 (made-up data, reproducible per dossier)
    v = versions[rng.randrange(len(versions))]
    applicant = person(rng, desk.receiving.unit.name)
    channel = rng.choices((Channel.IN_PERSON, Channel.ONLINE, Channel.POST), (70, 27, 3))[0]
    day = codes.receipt_day(received_at)
    rule = _rule_on(rules, day)
    calendar = desk.calendar
    start = clock.clock_start(
        calendar, received_at, paper=channel != Channel.ONLINE, rule=rule.as_clock_rule()
    )
    due = clock.due_moment(calendar, start, v.legal, cutoff=rule.cutoff)
    table = PAST_DUE if due < now else NOT_YET_DUE
    state = rng.choices([s for s, _w in table], [w for _s, w in table])[0]
    dossier = Dossier(
        # Ids rather than instances: the related-object checks cost more than the rest.
        procedure_id=v.version.procedure_id,
        procedure_version_id=v.version.pk,
        receiving_agency_id=desk.receiving.pk,
        agency_id=desk.competent.pk,
        current_agency_id=desk.competent.pk,
        channel=channel,
        state=state,
        applicant_name=applicant.name,
        applicant_personal_id=applicant.personal_id,
        applicant_birth_date=applicant.birth_date,
        applicant_phone=applicant.phone,
        applicant_address=applicant.address,
        received_by_id=desk.counter.pk,
        time_amount=v.version.time_amount,
        time_unit=v.version.time_unit,
        rule_id=rule.pk,
        received_at=received_at,
        clock_started_at=start,
        due_at=due,
        original_due_at=due,
        idempotency_key=key,
    )
    documents = [
        DossierDocument(requirement_id=r.pk, position=n, name=r.name, originals=1)
        for n, r in enumerate(v.documents)
    ]
    built = Built(desk, dossier, documents, [], None, [], [])
    if state == State.NOT_RECEIVED:
        dossier.due_at = dossier.original_due_at = dossier.clock_started_at = None
        dossier.finished_at = received_at
        dossier.current_agency_id = desk.receiving.pk
        built.extras.append(
            (
                "refusal",
                {
                    "stage": RefusalStage.RECEPTION,
                    "reasons": [rng.choice(REFUSAL_REASONS)],
                    "refused_at": received_at,
                    "refused_by": desk.counter,
                },
            )
        )
        built.events.append((received_at, "refuse_at_reception", state, desk.counter))
        dossier.version = 1
        return built
    built.events.append((received_at, "receive", State.RECEIVED, desk.counter))
    moment = _steps(rng, built, v, start, due, now)
    _outcome(rng, built, moment, now)
    dossier.version = len(built.events)
    return built


def _steps(
    rng: random.Random, built: Built, v: Version, start: datetime, due: datetime, now: datetime
) -> datetime:
    """The steps, finished as far as the state says; returns when the last one ended."""
    dossier, desk = built.dossier, built.desk
    state = State(dossier.state)
    dues = clock.step_dues(desk.calendar, start, due, [s.budget for s in v.steps])
    done = STEPS_DONE[state]
    count = len(v.steps) if done is None else (len(v.steps) + done if done < 0 else done)
    count = max(0, min(count, len(v.steps) - (0 if done is None else 1)))
    late = rng.random() < 0.12  # a slow appraisal makes the whole dossier late
    moment = dossier.received_at
    assert moment is not None  # noqa: S101
    for n, (step, step_due) in enumerate(zip(v.steps, dues, strict=True)):
        agency = desk.receiving if step.role == "counter" else desk.competent
        row = DossierStep(
            procedure_step_id=step.pk,
            position=n,
            name=step.name,
            agency_id=agency.pk,
            role=step.role,
            budget=step.budget,
            due_at=step_due,
        )
        if n <= count:
            row.started_at = moment
            row.handler_id = desk.officer(step.role).pk
        if n < count:
            spread = (0.9, 1.6) if late and step.role == "specialist" else (0.2, 0.9)
            finish = min(_between(desk.calendar, rng, moment, step_due, *spread), now)
            row.finished_at = max(finish, moment)
            row.timing = clock.classify(row.finished_at, step_due)
            moment = row.finished_at
        built.steps.append(row)
    if state not in {State.RETURNED, State.WITHDRAWN, State.STOPPED}:
        built.current = min(count, len(v.steps) - 1)
        dossier.current_agency_id = built.steps[built.current].agency_id
    return moment


def _outcome(rng: random.Random, built: Built, moment: datetime, now: datetime) -> None:
    """The records and events of the dossier's final state."""
    dossier, desk = built.dossier, built.desk
    state = State(dossier.state)
    assert dossier.due_at is not None  # noqa: S101
    if state in {State.SUPPLEMENT_REQUESTED} or (state == State.RETURNED and rng.random() < 0.08):
        asked = min(desk.calendar.add_working_hours(moment, 2), now)
        request = {
            "number": 1,
            "requested_at": asked,
            "requested_by": desk.specialist,
            "reason": rng.choice(SUPPLEMENT_REASONS),
        }
        dossier.supplement_count = 1
        if state == State.SUPPLEMENT_REQUESTED:
            dossier.paused_at = asked
        else:
            request |= {
                "received_at": desk.calendar.add_working_days(asked, 2),
                "received_by": desk.counter,
            }
        built.extras.append(("supplement", request))
    if state == State.FINANCIAL_OBLIGATION:
        dossier.paused_at = min(desk.calendar.add_working_hours(moment, 1), now)
        built.extras.append(
            (
                "obligation",
                {
                    "requested_at": dossier.paused_at,
                    "requested_by": desk.specialist,
                    "description": "Nộp lệ phí theo quy định",
                    "amount": 8_000,
                },
            )
        )
    late_open = state in {State.IN_PROGRESS, State.APPROVED} and dossier.due_at < now
    if late_open and rng.random() < 0.4:
        # Apologised at least a working day ahead, with one new appointment.
        assert dossier.clock_started_at is not None  # noqa: S101
        issued = _between(desk.calendar, rng, dossier.clock_started_at, dossier.due_at, 0.5, 0.5)
        new_due = desk.calendar.add_working_days(dossier.due_at, 3)
        built.extras.append(
            (
                "apology",
                {
                    "issued_at": issued,
                    "issued_by": desk.leader,
                    "reason": rng.choice(APOLOGY_REASONS),
                    "previous_due_at": dossier.due_at,
                    "new_due_at": new_due,
                },
            )
        )
        built.events.append((issued, "apologise", "", desk.leader))
        dossier.apology_count = 1
        dossier.apology_due_at = dossier.due_at = new_due
    if state in {State.APPROVED, State.PROCESSED, State.RETURNED, State.REFUSED}:
        dossier.finished_at = moment if state != State.APPROVED else None
        dossier.decision = "refused" if state == State.REFUSED else "approved"
    if state in {State.PROCESSED, State.RETURNED, State.REFUSED}:
        assert dossier.finished_at is not None  # noqa: S101
        dossier.timing = clock.classify(
            dossier.finished_at, dossier.due_at, supplement_count=dossier.supplement_count
        )
    if state == State.REFUSED:
        built.extras.append(
            (
                "refusal",
                {
                    "stage": RefusalStage.APPRAISAL,
                    "reasons": [rng.choice(REFUSAL_REASONS)],
                    "refused_at": moment,
                    "refused_by": desk.specialist,
                },
            )
        )
    if state == State.RETURNED:
        assert dossier.finished_at is not None  # noqa: S101
        returned = desk.calendar.add_working_hours(dossier.finished_at, rng.uniform(0.5, 16))
        dossier.returned_at = min(returned, now)
    if state in {State.WITHDRAWN, State.STOPPED}:
        dossier.finished_at = None
        closed = min(desk.calendar.add_working_hours(moment, 3), now)
        if state == State.WITHDRAWN:
            built.extras.append(
                (
                    "withdrawal",
                    {
                        "requested_at": closed,
                        "recorded_by": desk.counter,
                        "reason": "Công dân đề nghị rút hồ sơ",
                    },
                )
            )
        else:
            built.extras.append(
                (
                    "stop",
                    {
                        "issued_at": closed,
                        "issued_by": desk.counter,
                        "reason": "Công dân đề nghị dừng giải quyết",
                        "at_citizen_request": True,
                    },
                )
            )
        moment = closed
    if state in LAST_ACT:
        action, role = LAST_ACT[state]
        at = dossier.returned_at or dossier.paused_at or moment
        built.events.append((at, action, state, desk.officer(role)))


# --- writing ----------------------------------------------------------------------------------


def _schedule(
    count: int, first: date, last: date, calendar: WorkingCalendar
) -> Callable[[int], datetime]:
    """Receipt moments for dossiers 0..count-1, evenly over the working hours of the
    working days from `first` to `last`, in order."""
    days = [first + timedelta(n) for n in range((last - first).days + 1)]
    days = [d for d in days if calendar.is_working_day(d)] or [last]

    def at(i: int) -> datetime:
        position = (i + 0.5) * len(days) / count  # day index and the fraction of it
        minutes = 480 * (position % 1)  # 08:00-12:00, 13:00-17:00
        minutes += 60 if minutes >= 240 else 0
        day = days[int(position)]
        return datetime.combine(day, time(8), VN_TZ) + timedelta(minutes=minutes)

    return at


def _lock_sequences(keys: set[str], locked: dict[str, NumberSequence]) -> None:
    """Lock (creating them first when new) the sequence rows of `keys`, in two queries."""
    keys = keys - set(locked)
    if not keys:
        return
    NumberSequence.objects.bulk_create(
        [NumberSequence(key=key) for key in keys], ignore_conflicts=True
    )
    locked |= {
        row.key: row for row in NumberSequence.objects.select_for_update().filter(key__in=keys)
    }


def _number(agency_id: int, scope: str, locked: dict[str, NumberSequence]) -> int:
    """The next number of a per-agency sequence, from its locked row."""
    key = agency_sequence(agency_id, scope)
    _lock_sequences({key}, locked)
    sequence = locked[key]
    sequence.last += 1
    return sequence.last


def _related(b: Built, locked: dict[str, NumberSequence]) -> Iterator[Any]:
    dossier = b.dossier
    for kind, fields in b.extras:
        if kind == "refusal":
            yield Refusal(dossier=dossier, **fields)
        elif kind == "obligation":
            yield FinancialObligation(dossier=dossier, **fields)
        elif kind == "withdrawal":
            yield Withdrawal(dossier=dossier, **fields)
        elif kind == "supplement":
            reason = fields.pop("reason")
            request = SupplementRequest(dossier=dossier, **fields)
            yield request
            yield SupplementItem(
                request=request,
                name=b.documents[0].name if b.documents else "Tờ khai",
                reason=reason,
            )
        elif kind in {"apology", "stop"}:
            issuer = fields["issued_by"].agency
            year = fields["issued_at"].astimezone(VN_TZ).year
            number = _number(issuer.pk, f"{kind}:{year}", locked)
            model = Apology if kind == "apology" else StopNotice
            yield model(dossier=dossier, number=number, issuing_agency=issuer, **fields)


def _events(built: list[Built]) -> None:
    """The audit events of the batch, appended to their chains as audit_record would."""
    content_type = ContentType.objects.get_for_model(Dossier)
    heads: dict[str, AuditChainHead] = {}
    events = []
    for b in built:
        state = ""
        for at, action, to_state, actor in b.events:
            chain = chain_for(actor.agency)
            head = heads.get(chain)
            if head is None:
                head = heads[chain] = head_locked(chain)
            event = AuditEvent(
                chain=chain,
                sequence=head.sequence + 1,
                occurred_at=at,
                actor_id=actor.pk,  # ids, not instances: the descriptors cost per event
                actor_username=actor.username,
                action=f"dossier.{action}",
                target_type_id=content_type.pk,
                target_id=str(b.dossier.pk),
                target_label=b.dossier.code,
                from_state=state,
                to_state=to_state or state,
                payload=json_safe({"code": b.dossier.code} if action == "receive" else {}),
                prev_hash=head.hash,
            )
            event.hash = event_hash(event)
            head.sequence, head.hash, state = event.sequence, event.hash, event.to_state
            events.append(event)
    _assign_ids(AuditEvent, events)
    _insert(AuditEvent, events)
    for head in heads.values():
        AuditChainHead.objects.filter(chain=head.chain).update(
            sequence=head.sequence, hash=head.hash
        )


def _assign_ids(model: type[Model], rows: list[Any]) -> None:
    """Primary keys before the insert, so rows can point at each other without a second
    pass (a dossier at its current step, a step at its dossier)."""
    if not rows:
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, len(rows)],
            )
            ids = [row[0] for row in cursor.fetchall()]
        else:
            # SQLite: the write transaction holds the database lock, max(id) cannot move.
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            first = cursor.fetchone()[0] + 1
            ids = list(range(first, first + len(rows)))
    for row, pk in zip(rows, ids, strict=True):
        row.pk = pk


def _insert(model: type[Model], rows: list[Any]) -> None:
    """Insert rows whose ids are set: COPY on PostgreSQL (Django's bulk INSERT spends
    more time preparing values than the database spends storing them), else bulk_create."""
    if not rows:
        return
    for row in rows:
        row._prepare_related_fields_for_save(operation_name="bulk_create")
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(rows, batch_size=500)
        return
    from psycopg.types.json import Jsonb

    fields = model._meta.concrete_fields
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    json_columns = [i for i, f in enumerate(fields) if isinstance(f, JSONField)]
    # Only auto_now(_add) fields compute their value on save; the rest are read as set.
    stamped = [
        f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    values_of = attrgetter(*(f.attname for f in fields))
    with connection.cursor() as cursor:
        sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            for row in rows:
                for field in stamped:
                    field.pre_save(row, True)
                values = list(values_of(row))
                for i in json_columns:
                    values[i] = Jsonb(values[i])
                copy.write_row(values)


@transaction.atomic
def _write(built: list[Built]) -> None:
    locked: dict[str, NumberSequence] = {}
    days = [codes.receipt_day(b.dossier.received_at) for b in built]  # type: ignore[arg-type]
    keys = {
        agency_sequence(b.desk.receiving.pk, f"code:{d.isoformat()}")
        for b, d in zip(built, days, strict=True)
    }
    _lock_sequences(keys, locked)
    for b, day in zip(built, days, strict=True):  # in receipt order, like arrivals
        sequence = _number(b.desk.receiving.pk, f"code:{day.isoformat()}", locked)
        b.dossier.code = codes.format_code(b.desk.receiving.eid_code, day, sequence)
    dossiers = [b.dossier for b in built]
    steps = [s for b in built for s in b.steps]
    documents = [d for b in built for d in b.documents]
    _assign_ids(Dossier, dossiers)
    _assign_ids(DossierStep, steps)
    _assign_ids(DossierDocument, documents)
    for b in built:
        for document in b.documents:
            document.dossier_id = b.dossier.pk
        for step in b.steps:
            step.dossier_id = b.dossier.pk
        if b.current is not None:
            b.dossier.current_step_id = b.steps[b.current].pk
    # Foreign keys are checked at commit (deferred): the order of the tables is free.
    _insert(Dossier, dossiers)
    _insert(DossierStep, steps)
    _insert(DossierDocument, documents)
    related: dict[type[Model], list[Any]] = {}
    for b in built:
        for row in _related(b, locked):
            related.setdefault(type(row), []).append(row)
    for model in (
        Refusal,
        FinancialObligation,
        Withdrawal,
        SupplementRequest,
        SupplementItem,
        Apology,
        StopNotice,
    ):
        _assign_ids(model, related.get(model, []))
        _insert(model, related.get(model, []))
    # Plain UPDATEs: bulk_update's CASE expression cost more to build than to run.
    table = connection.ops.quote_name(NumberSequence._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET last = %s WHERE id = %s",  # noqa: S608 (placeholders only)
            [(row.last, row.pk) for row in locked.values()],
        )
    _events(built)


def _run(
    *,
    prefix: str,
    count: int,
    desks: list[Desk],
    first: date,
    last: date,
    now: datetime | None = None,
    lane: tuple[int, int] = (0, 1),
    on_batch: Callable[[int], None] | None = None,
) -> int:
    """Create dossiers `prefix`0 .. `prefix`count-1 that do not exist yet; return how many.

    Dossier i goes to desk i mod len(desks). `lane` (w, n) restricts the run to the desks
    d with d mod n = w: lanes share no agency, hence no code counter and no audit chain,
    and each can run in its own process. Within a lane dossiers are written in order and
    each batch commits whole, so the lane's count says where it stopped."""
    worker, workers = lane
    mine = [d for d in range(len(desks)) if d % workers == worker]
    agencies = {desks[d].receiving.pk for d in mine}
    done = Dossier.objects.filter(
        idempotency_key__startswith=prefix, receiving_agency_id__in=agencies
    ).count()
    indexes = [i for i in range(count) if (i % len(desks)) % workers == worker][done:]
    if not indexes:
        return 0
    now = now or timezone.now()
    versions = _versions(first)
    rules = list(ProcessingRule.objects.order_by("-valid_from"))
    at = _schedule(count, first, last, desks[0].calendar)
    for start in range(0, len(indexes), BATCH):
        batch = indexes[start : start + BATCH]
        _write(
            [
                build(i, at(i), desks[i % len(desks)], versions, rules, now, f"{prefix}{i}")
                for i in batch
            ]
        )
        if on_batch is not None:
            on_batch(len(batch))
    return len(indexes)


def load() -> str:
    """`motcua demo load`: the demo ward's dossiers of the last four months."""
    last = timezone.localdate(timezone.now(), VN_TZ) - timedelta(days=1)
    created = _run(
        prefix="demo-",
        count=DEMO_DOSSIERS,
        desks=_demo_desks(),
        first=last - timedelta(days=DEMO_DAYS),
        last=last,
    )
    total = Dossier.objects.filter(idempotency_key__startswith="demo-").count()
    return f"Hồ sơ mẫu: thêm {created} hồ sơ (tổng {total}).\n"


def generate(
    count: int, on_batch: Callable[[int], None] | None = None, *, workers: int | None = None
) -> int:
    """`motcua demo generate --dossiers N`: N dossiers of the benchmark agencies from
    1/7/2025 to yesterday; returns how many were added (0 when all exist).

    On PostgreSQL, outside a transaction, large runs use `workers` processes (2 by
    default: the work is Python's, the machine has 2 cores), one lane of agencies each."""
    desks = _bench_desks()
    _versions(GENERATE_FROM)  # the benchmark procedure of an empty catalogue, made here once
    last = timezone.localdate(timezone.now(), VN_TZ) - timedelta(days=1)
    run = partial(_run, prefix="gen-", count=count, desks=desks, first=GENERATE_FROM, last=last)
    if workers is None:
        workers = 2 if count - generated_count() >= PARALLEL_FROM else 1
    if workers == 1 or connection.vendor != "postgresql" or connection.in_atomic_block:
        return run(on_batch=on_batch)
    return _in_processes(run, workers, on_batch)


_inherited: list[Any] = []


def _in_processes(
    run: Callable[..., int], workers: int, on_batch: Callable[[int], None] | None
) -> int:
    """`run` once per lane, each in a forked process with its own connection; progress
    comes back through a queue as (lane, dossiers written) and a final (lane, None)."""
    context = multiprocessing.get_context("fork")
    progress: Any = context.Queue()
    now = timezone.now()  # one `now` for every lane: the same dossiers as one process

    def lane(worker: int) -> None:
        # Connection objects that came through the fork still open (a test's, a server
        # thread's) belong to the parent: keep them unused and unfinalised (the child
        # ends with os._exit), and open fresh ones.
        _inherited.append(connections._connections)  # type: ignore[attr-defined]
        connections._connections = Local(connections.thread_critical)  # type: ignore[attr-defined]
        try:
            run(now=now, lane=(worker, workers), on_batch=lambda n: progress.put((worker, n)))
        finally:
            connections.close_all()
            progress.put((worker, None))

    processes = [context.Process(target=lane, args=(w,), daemon=True) for w in range(workers)]
    for process in processes:
        process.start()
    created, running = 0, workers
    while running:
        try:
            _worker, done = progress.get(timeout=5)
        except queue.Empty:
            if any(p.is_alive() for p in processes):
                continue
            break  # a lane died without a word (killed): its exit code says so below
        if done is None:
            running -= 1
            continue
        created += done
        if on_batch is not None:
            on_batch(done)
    for process in processes:
        process.join()
    if failed := [p.exitcode for p in processes if p.exitcode]:
        raise RuntimeError(f"demo generate: a lane failed (exit codes {failed}); re-run to resume")
    return created


def generated_count() -> int:
    return Dossier.objects.filter(idempotency_key__startswith="gen-").count()


def generate_shown(count: int) -> int:
    """generate() with a progress bar on the terminal (minutes at full size)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    ) as progress:
        task = progress.add_task("Tạo hồ sơ", total=count, completed=generated_count())
        return generate(count, on_batch=lambda n: progress.advance(task, n))


def generate_command(count: int | None) -> str:
    """`motcua demo generate --dossiers N`, with a progress bar; CommandError on bad input."""
    from django.core.management.base import CommandError

    if count is None or count < 1:
        raise CommandError("Cần số hồ sơ dương: motcua demo generate --dossiers 10000")
    started = timezone.now()
    created = generate_shown(count)
    seconds = (timezone.now() - started).total_seconds()
    rate = created / seconds if seconds else 0
    return f"Thêm {created} hồ sơ trong {seconds:.0f} s ({rate:.0f}/s); tổng {generated_count()}.\n"
