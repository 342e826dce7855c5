"""The demo hall of the Phường Từ Liêm service centre: `motcua demo load` (after the
accounts loader, which creates the centre). Idempotent: found by agency, letter, number."""

from django.db import transaction

from motcua.accounts.demo import TU_LIEM
from motcua.hall.models import Counter, Hall, ServiceGroup
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
    return f"Sảnh phục vụ: {hall.name} ({len(GROUPS)} nhóm dịch vụ, {len(COUNTERS)} quầy)\n"
