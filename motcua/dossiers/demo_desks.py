"""Who receives and decides the demo and benchmark dossiers (`demo`), and by which
procedure versions and processing rules."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q

from motcua.accounts.models import Role, User, UserKind
from motcua.catalog.models import ProcedureVersion
from motcua.core.text import fold
from motcua.dossiers import clock
from motcua.dossiers.models import ProcessingRule
from motcua.units.models import AdministrativeUnit, Agency, AgencyKind, UnitLevel
from motcua.workdays.calendar import WorkingCalendar
from motcua.workdays.selectors import working_calendar

GENERATE_FROM = date(2025, 7, 1)
BENCH_AGENCIES = 8


@dataclass
class Desk:
    """A receiving counter, the agency that decides, and one officer per role."""

    receiving: Agency
    competent: Agency
    counter: User
    specialist: User
    leader: User
    # The desks of the same counter for procedures another kind of agency decides
    # (catalog ProcedureVersion.competent_kind); the others are decided by `competent`.
    by_kind: dict[str, "Desk"] = field(default_factory=dict, kw_only=True)
    calendar: WorkingCalendar = field(init=False)

    def __post_init__(self) -> None:
        self.calendar = working_calendar(agency=self.competent)

    def officer(self, role: str) -> User:
        return {"counter": self.counter, "specialist": self.specialist}.get(role, self.leader)

    def for_kind(self, kind: str) -> "Desk":
        return self.by_kind.get(kind, self)


DEMO_OFFICERS = (
    "tuliem.motcua",
    "tuliem.tuphap",
    "tuliem.lanhdao",
    "tuliem.chuyenvien",
    "tuliem.truongphong",
    "tuliem.congan",
    "tuliem.truongcongan",
    "taymo.motcua",
)


def demo_desks() -> list[Desk]:
    """The desks of `motcua demo load` (accounts.demo must have run before): the Từ Liêm
    centre receives for the committee (civil-status officer, chairman), for the police
    (residence officer, its head) and for the economy office (its specialist and head), as
    the catalogue routes each procedure."""
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_OFFICERS)}
    if set(DEMO_OFFICERS) - set(users):
        raise LookupError("demo officers missing: load motcua.accounts.demo first")
    counter, taymo = users["tuliem.motcua"], users["taymo.motcua"]
    chairman, police_head = users["tuliem.lanhdao"], users["tuliem.truongcongan"]
    assert counter.agency and chairman.agency and police_head.agency and taymo.agency  # noqa: S101
    police = Desk(counter.agency, police_head.agency, counter, users["tuliem.congan"], police_head)
    office_head = users["tuliem.truongphong"]
    assert office_head.agency  # noqa: S101
    office = Desk(
        counter.agency, office_head.agency, counter, users["tuliem.chuyenvien"], office_head
    )
    return [
        Desk(
            counter.agency,
            chairman.agency,
            counter,
            users["tuliem.tuphap"],
            chairman,
            by_kind={AgencyKind.POLICE: police, AgencyKind.DEPARTMENT: office},
        ),
        # Tây Mỗ has a single demo officer: they act for every role there.
        Desk(taymo.agency, taymo.agency, taymo, taymo, taymo),
    ]


def bench_desks() -> list[Desk]:
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


@dataclass(frozen=True)
class Timeline:
    """A procedure's versions from the first demo day on, oldest first: a dossier is
    received under the one in force on its receipt day."""

    versions: tuple[Version, ...]

    def on(self, day: date) -> Version:
        """The version in force on `day`; in a gap, the last one begun before it."""
        begun = [v for v in self.versions if v.version.valid_from <= day] or [self.versions[0]]
        return begun[-1]


def timelines_from(first_day: date) -> list[Timeline]:
    """Procedures with a version in force on `first_day` and one still in force, each with
    its versions from `first_day` on that have steps."""
    queryset = (
        ProcedureVersion.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=first_day))
        .select_related("procedure")
        .prefetch_related("documents", "steps")
        .order_by("procedure_id", "valid_from")
    )
    by_procedure: dict[int, list[Version]] = {}
    for v in queryset:
        steps = tuple(v.steps.all())
        if steps:
            by_procedure.setdefault(v.procedure_id, []).append(
                Version(
                    v,
                    tuple(d for d in v.documents.all() if d.is_mandatory),
                    steps,
                    clock.LegalTime(v.time_amount, clock.TimeUnit(v.time_unit)),
                )
            )
    timelines = [
        Timeline(tuple(versions))
        for versions in by_procedure.values()
        if versions[0].version.valid_from <= first_day and versions[-1].version.valid_to is None
    ]
    if not timelines:
        _bench_procedure()
        return timelines_from(first_day)
    return timelines


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


def rule_on(rules: list[ProcessingRule], day: date) -> ProcessingRule:
    """Newest rule started on or before `day` (the oldest for earlier days), like
    selectors.processing_rule_on, from rows read once."""
    return next((r for r in rules if r.valid_from <= day), rules[-1])
