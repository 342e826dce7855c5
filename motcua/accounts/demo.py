"""Demo ward, agencies and accounts: `motcua demo load` (after `motcua refdata load`).

Idempotent: agencies are found by e-ID code and accounts by username; a demo account keeps
the password it was given when first created (and its table row says which that was).
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from motcua.accounts.models import Role, User, UserKind
from motcua.accounts.services.officers import officer_create, officer_set_role, role_groups_sync
from motcua.core.text import fold
from motcua.units.models import AdministrativeUnit, Agency, AgencyKind, UnitLevel

DEMO_PASSWORD = "motcua-demo-2025"  # noqa: S105 - a demo password, printed on purpose
REFORM_DATE = date(2025, 7, 1)


@dataclass(frozen=True)
class DemoWard:
    code: str
    name: str


TU_LIEM = DemoWard("00592", "Phường Từ Liêm")
TAY_MO = DemoWard("00634", "Phường Tây Mỗ")


@dataclass(frozen=True)
class DemoAgency:
    key: str
    ward: DemoWard
    name: str
    kind: str
    # Legacy-form e-ID codes: the format is real, the exact codes are illustrative
    # (the published codes of these post-2025 agencies were not confirmed).
    eid_code: str
    parent_key: str | None = None


AGENCIES = [
    DemoAgency(
        "ubnd", TU_LIEM, "UBND phường Từ Liêm", AgencyKind.PEOPLES_COMMITTEE, "000.00.92.H26"
    ),
    DemoAgency(
        "centre",
        TU_LIEM,
        "Trung tâm phục vụ hành chính công phường Từ Liêm",
        AgencyKind.SERVICE_CENTRE,
        "000.01.92.H26",
        parent_key="ubnd",
    ),
    DemoAgency(
        "department",
        TU_LIEM,
        "Phòng Kinh tế, Hạ tầng và Đô thị phường Từ Liêm",
        AgencyKind.DEPARTMENT,
        "000.02.92.H26",
        parent_key="ubnd",
    ),
    DemoAgency("police", TU_LIEM, "Công an phường Từ Liêm", AgencyKind.POLICE, "000.03.92.H26"),
    DemoAgency(
        "taymo", TAY_MO, "UBND phường Tây Mỗ", AgencyKind.PEOPLES_COMMITTEE, "000.00.34.H26"
    ),
]


@dataclass(frozen=True)
class DemoOfficer:
    username: str
    last_name: str
    first_name: str
    role: str
    agency_key: str


OFFICERS = [
    DemoOfficer("tuliem.motcua", "Nguyễn Thị", "Lan", Role.COUNTER_OFFICER, "centre"),
    DemoOfficer("tuliem.motcua2", "Trịnh Minh", "Châu", Role.COUNTER_OFFICER, "centre"),
    # Công chức tư pháp - hộ tịch and văn hóa - xã hội: civil servants of the committee,
    # who appraise its civil-status, certification and social-protection dossiers.
    DemoOfficer("tuliem.tuphap", "Đỗ Thị", "Hoa", Role.SPECIALIST, "ubnd"),
    DemoOfficer("tuliem.vanhoa", "Đinh Văn", "Khoa", Role.SPECIALIST, "ubnd"),
    # The commune's business registration office since 1/7/2025 (Decree 168/2025): its
    # specialist appraises, its head signs the household business certificate.
    DemoOfficer("tuliem.chuyenvien", "Trần Văn", "Hùng", Role.SPECIALIST, "department"),
    DemoOfficer("tuliem.truongphong", "Lương Thị", "Thu", Role.LEADER, "department"),
    # The chairman and the two vice-chairmen sign for the committee.
    DemoOfficer("tuliem.lanhdao", "Lê Minh", "Đức", Role.LEADER, "ubnd"),
    DemoOfficer("tuliem.phochutich1", "Cao Văn", "Sơn", Role.LEADER, "ubnd"),
    DemoOfficer("tuliem.phochutich2", "Tạ Thị", "Ngọc", Role.LEADER, "ubnd"),
    # The ward police register residence (Luật Cư trú): an officer and the head who signs.
    DemoOfficer("tuliem.congan", "Bùi Văn", "Tuấn", Role.SPECIALIST, "police"),
    DemoOfficer("tuliem.truongcongan", "Ngô Quang", "Vinh", Role.LEADER, "police"),
    DemoOfficer("tuliem.quanly", "Phạm Thu", "Hà", Role.CENTRE_MANAGER, "centre"),
    DemoOfficer("quantri", "Hoàng Văn", "Nam", Role.SYSTEM_ADMIN, "ubnd"),
    DemoOfficer("taymo.motcua", "Vũ Thị", "Mai", Role.COUNTER_OFFICER, "taymo"),
]
CITIZEN_USERNAME = "congdan.demo"


def _ward(ward: DemoWard) -> AdministrativeUnit:
    """The current ward from the reference data, or a minimal stand-in when it is missing."""
    current = AdministrativeUnit.objects.filter(
        code=ward.code, level=UnitLevel.COMMUNE, valid_to__isnull=True
    ).first()
    if current is not None:
        return current
    # The same keys as the units reference data, so that a later `refdata load` updates
    # these rows instead of duplicating them.
    province, _created = AdministrativeUnit.objects.get_or_create(
        code="01",
        level=UnitLevel.PROVINCE,
        valid_from=REFORM_DATE,
        defaults={
            "name": "Thành phố Hà Nội",
            "unit_type": "Thành phố",
            "search_name": fold("Thành phố Hà Nội"),
        },
    )
    return AdministrativeUnit.objects.create(
        code=ward.code,
        level=UnitLevel.COMMUNE,
        valid_from=REFORM_DATE,
        name=ward.name,
        unit_type="Phường",
        parent=province,
        search_name=fold(ward.name),
    )


def _agencies() -> dict[str, Agency]:
    agencies: dict[str, Agency] = {}
    for spec in AGENCIES:
        agency, _created = Agency.objects.update_or_create(
            eid_code=spec.eid_code,
            defaults={
                "name": spec.name,
                "kind": spec.kind,
                "unit": _ward(spec.ward),
                "parent": agencies[spec.parent_key] if spec.parent_key else None,
            },
        )
        agencies[spec.key] = agency
    return agencies


def _officers(agencies: dict[str, Agency], password: str) -> set[str]:
    """Create or update the demo officers; the usernames created now."""
    created = set()
    for spec in OFFICERS:
        agency = agencies[spec.agency_key]
        existing = User.objects.filter(username=spec.username).first()
        if existing is None:
            created.add(spec.username)
            officer_create(
                actor=None,
                username=spec.username,
                password=password,
                first_name=spec.first_name,
                last_name=spec.last_name,
                role=spec.role,
                agency=agency,
                email=f"{spec.username}@demo.motcua.invalid",
            )
        elif (existing.role, existing.agency_id) != (spec.role, agency.pk):
            officer_set_role(actor=None, officer=existing, role=spec.role, agency=agency)
    return created


def _citizen(password: str) -> set[str]:
    if User.objects.filter(username=CITIZEN_USERNAME).exists():
        return set()
    citizen = User(
        username=CITIZEN_USERNAME,
        kind=UserKind.CITIZEN,
        last_name="Đỗ Văn",
        first_name="Bình",
        # A syntactically valid, made-up number (Hà Nội, male, born 1990).
        personal_id="001090012345",
    )
    citizen.set_password(password)
    citizen.save()
    return {CITIZEN_USERNAME}


def accounts_table(password: str = DEMO_PASSWORD, created: set[str] | None = None) -> str:
    """The demo accounts as a plain-text table: username, password, role, agency. With a
    password of its own (not the published one), it is shown for the accounts `created`
    now only: the others keep theirs."""
    usernames = [spec.username for spec in OFFICERS] + [CITIZEN_USERNAME]
    users = {u.username: u for u in User.objects.filter(username__in=usernames)}
    rows = [("Tên đăng nhập", "Mật khẩu ban đầu", "Vai trò", "Cơ quan")]
    for username in usernames:
        user = users[username]
        role = user.role_label if user.is_officer else str(user.get_kind_display())
        agency = user.agency.name if user.agency else "—"
        shown = (
            password if password == DEMO_PASSWORD or username in (created or ()) else "(giữ nguyên)"
        )
        rows.append((username, shown, str(role), agency))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True))
        + "  "
        + row[3]
        for row in rows
    ]
    lines.insert(1, "-" * len(lines[0]))
    return "Tài khoản demo:\n" + "\n".join(lines)


@transaction.atomic
def load(password: str = DEMO_PASSWORD) -> str:
    """`password`: the published demo one, or (a test server without DEBUG) one of its own."""
    created = _officers(_agencies(), password) | _citizen(password)
    role_groups_sync()
    return accounts_table(password, created)
