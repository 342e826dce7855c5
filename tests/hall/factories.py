"""Hall factories: `hall_for(agency)` is a hall with two groups and three counters;
`device_enrolled(...)` a kiosk, board or rating device its centre's manager enrolled, and
`device_client(...)` a browser that opened its enrolment link."""

from dataclasses import dataclass
from datetime import UTC, datetime

import factory
from django.test import Client

from motcua.accounts.models import Role
from motcua.hall.device_access import enrolment_path
from motcua.hall.models import Counter, DeviceKind, Hall, ServiceGroup
from motcua.hall.services.devices import Enrolment, device_enrol
from motcua.units.models import Agency
from tests.factories import AgencyFactory, OfficerFactory

# Monday 7/7/2025 08:00 in Hà Nội, a working day: tests pass moments from here.
MONDAY_8AM = datetime(2025, 7, 7, 1, 0, tzinfo=UTC)


class HallFactory(factory.django.DjangoModelFactory[Hall]):
    class Meta:
        model = Hall

    agency = factory.SubFactory(AgencyFactory)
    name = factory.LazyAttribute(lambda o: f"Sảnh {o.agency.name}")


class ServiceGroupFactory(factory.django.DjangoModelFactory[ServiceGroup]):
    class Meta:
        model = ServiceGroup

    hall = factory.SubFactory(HallFactory)
    code = factory.Sequence(lambda n: "ABCDEFGHJK"[n % 10])
    name = factory.Sequence(lambda n: f"Nhóm dịch vụ {n}")


class CounterFactory(factory.django.DjangoModelFactory[Counter]):
    class Meta:
        model = Counter
        skip_postgeneration_save = True

    hall = factory.SubFactory(HallFactory)
    number = factory.Sequence(lambda n: n + 1)

    @factory.post_generation
    def groups(self, create: bool, extracted: list[ServiceGroup] | None) -> None:
        if create and extracted:
            self.groups.set(extracted)


@dataclass(frozen=True)
class HallSetup:
    hall: Hall
    civil: ServiceGroup  # "A": counters 1 and 2
    land: ServiceGroup  # "B": counters 2 and 3
    counters: list[Counter]


def hall_for(agency: Agency) -> HallSetup:
    """A hall of `agency`: group A (Hộ tịch) at counters 1, 2; group B (Đất đai) at 2, 3.
    The counters are closed."""
    hall = HallFactory.create(agency=agency)
    civil = ServiceGroupFactory.create(hall=hall, code="A", name="Hộ tịch", position=1)
    land = ServiceGroupFactory.create(hall=hall, code="B", name="Đất đai", position=2)
    counters = [
        CounterFactory.create(hall=hall, number=1, groups=[civil]),
        CounterFactory.create(hall=hall, number=2, groups=[civil, land]),
        CounterFactory.create(hall=hall, number=3, groups=[land]),
    ]
    return HallSetup(hall=hall, civil=civil, land=land, counters=counters)


def device_enrolled(hall: Hall, kind: str, counter: Counter | None = None) -> Enrolment:
    """A device of `hall` enrolled by a manager of its agency."""
    manager = OfficerFactory.create(agency=hall.agency, role=Role.CENTRE_MANAGER)
    name = f"{DeviceKind(kind).label} {Hall.objects.get(pk=hall.pk).devices.count() + 1}"
    return device_enrol(actor=manager, hall=hall, kind=kind, name=name, counter=counter)


def device_client(hall: Hall, kind: str, counter: Counter | None = None) -> Client:
    """A browser that is a device of `hall`: it opened the enrolment link."""
    enrolment = device_enrolled(hall, kind, counter)
    client = Client()
    response = client.get(enrolment_path(enrolment.device, enrolment.secret))
    assert response.status_code == 302, response
    return client
