"""The demo hall of the Phường Từ Liêm service centre: `motcua demo load` (after the
accounts loader, which creates the centre and its manager). Idempotent: found by agency,
letter, number; its kiosk, board and rating device by name, each given a new enrolment
link at every load (the printed one; the previous link stops working)."""

from django.conf import settings
from django.db import transaction

from motcua.accounts.demo import TU_LIEM
from motcua.accounts.models import Role, User
from motcua.hall.device_access import enrolment_path
from motcua.hall.models import Counter, Device, DeviceKind, Hall, ServiceGroup
from motcua.hall.services.devices import Enrolment, device_enrol, device_relink
from motcua.units.models import Agency, AgencyKind

HALL_NAME = "Sảnh Trung tâm phục vụ hành chính công phường Từ Liêm"
GROUPS = [
    ("A", "Hộ tịch"),
    ("B", "Chứng thực"),
    ("C", "Đất đai - Xây dựng"),
    ("D", "Kinh doanh"),
]
# Counter number → letters of the groups it serves: three for the busiest group, and every
# group at two counters so one pause does not stop it.
COUNTERS = {1: "A", 2: "AB", 3: "B", 4: "C", 5: "CD", 6: "DA"}
# The hall's enrolled devices: name, kind, and the counter of a rating device.
DEVICES = [
    ("Kiosk cửa chính", DeviceKind.KIOSK, None),
    ("Bảng hiển thị sảnh chính", DeviceKind.BOARD, None),
    ("Đánh giá Quầy 1", DeviceKind.RATING, 1),
]


def _devices(hall: Hall, centre: Agency) -> list[Enrolment]:
    """Each demo device, enrolled by the centre's manager, with a new link."""
    manager = User.objects.filter(agency=centre, role=Role.CENTRE_MANAGER).order_by("pk").first()
    if manager is None:
        return []
    enrolments = []
    for name, kind, number in DEVICES:
        device = Device.objects.filter(hall=hall, name=name, revoked_at__isnull=True).first()
        if device is not None:
            enrolments.append(device_relink(actor=manager, device=device))
            continue
        counter = hall.counters.get(number=number) if number else None
        enrolments.append(
            device_enrol(actor=manager, hall=hall, kind=kind, name=name, counter=counter)
        )
    return enrolments


def load() -> str:
    centre = Agency.objects.get(kind=AgencyKind.SERVICE_CENTRE, unit__code=TU_LIEM.code)
    with transaction.atomic():
        hall, _ = Hall.objects.get_or_create(agency=centre, defaults={"name": HALL_NAME})
        groups = {
            code: ServiceGroup.objects.update_or_create(
                hall=hall, code=code, defaults={"name": name, "position": position}
            )[0]
            for position, (code, name) in enumerate(GROUPS, 1)
        }
        for number, letters in COUNTERS.items():
            counter, _ = Counter.objects.update_or_create(
                hall=hall, number=number, defaults={"name": f"Quầy {number}"}
            )
            counter.groups.set([groups[letter] for letter in letters])
        enrolments = _devices(hall, centre)
    lines = [f"Sảnh phục vụ: {hall.name} ({len(GROUPS)} nhóm dịch vụ, {len(COUNTERS)} quầy)"]
    if enrolments:
        lines.append(
            "Thiết bị của sảnh: mở mỗi liên kết trên thiết bị đó (liên kết mới sau mỗi lần "
            "demo load):"
        )
    base = settings.SITE_URL.rstrip("/")
    for enrolment in enrolments:
        device = enrolment.device
        path = enrolment_path(device, enrolment.secret)
        lines.append(f"  {device.get_kind_display()} – {device.name}: {base}{path}")
    return "\n".join(lines) + "\n"
