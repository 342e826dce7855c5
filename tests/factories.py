"""factory_boy factories for the models every test needs."""

from datetime import date

import factory

from motcua.accounts.models import Role, User, UserKind
from motcua.units.models import AdministrativeUnit, Agency, AgencyKind, UnitLevel


def _save_when_created(user: User, create: bool, extracted: object, **kwargs: object) -> None:
    # Once, after set_password: skip_postgeneration_save leaves the saving to us.
    if create:
        user.save()


class ProvinceFactory(factory.django.DjangoModelFactory[AdministrativeUnit]):
    class Meta:
        model = AdministrativeUnit
        django_get_or_create = ("code", "level", "valid_from")

    code = "01"
    level = UnitLevel.PROVINCE
    name = "Thành phố Hà Nội"
    unit_type = "Thành phố Trung ương"
    valid_from = date(2025, 7, 1)
    search_name = "thanh pho ha noi"


class WardFactory(factory.django.DjangoModelFactory[AdministrativeUnit]):
    class Meta:
        model = AdministrativeUnit

    code = factory.Sequence(lambda n: f"{90000 + n:05d}")
    level = UnitLevel.COMMUNE
    name = factory.Sequence(lambda n: f"Phường Thử Nghiệm {n}")
    unit_type = "Phường"
    parent = factory.SubFactory(ProvinceFactory)
    valid_from = date(2025, 7, 1)
    search_name = factory.LazyAttribute(lambda o: o.name.lower())


class AgencyFactory(factory.django.DjangoModelFactory[Agency]):
    class Meta:
        model = Agency

    name = factory.LazyAttribute(lambda o: f"UBND {o.unit.name}")
    kind = AgencyKind.PEOPLES_COMMITTEE
    unit = factory.SubFactory(WardFactory)
    eid_code = factory.Sequence(lambda n: f"{n + 1:03d}.00.00.H26")


class OfficerFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"canbo{n}")
    first_name = "Lan"
    last_name = "Nguyễn Thị"
    kind = UserKind.OFFICER
    role = Role.COUNTER_OFFICER
    agency = factory.SubFactory(AgencyFactory)
    password = factory.PostGenerationMethodCall("set_password", "mat-khau-thu-nghiem")
    saved = factory.PostGeneration(_save_when_created)


class CitizenFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"congdan{n}")
    first_name = "Minh"
    last_name = "Trần Văn"
    kind = UserKind.CITIZEN
    role = ""
    agency = None
    password = factory.PostGenerationMethodCall("set_password", "mat-khau-thu-nghiem")
    saved = factory.PostGeneration(_save_when_created)
