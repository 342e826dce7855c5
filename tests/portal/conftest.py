"""Portal fixtures: the shipped catalogue (birth registration's real e-form), a citizen
with a profile, and PDF files to upload."""

import tomllib
from datetime import date, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.catalog import refdata
from motcua.catalog.models import Procedure
from motcua.catalog.services import field_upsert, procedure_upsert, procedure_version_create
from motcua.catalog.specs import parse_catalog
from motcua.core.tz import VN_TZ

# The dossier fixtures: the processing rules (autouse) and a ward's team of officers.
from tests.dossiers.conftest import processing_rules, team_a  # noqa: F401
from tests.factories import CitizenFactory

BIRTH = "1.001193"

# Every required field of the birth registration form besides the pre-filled applicant.
BIRTH_VALUES = {
    "child_name": "Trần Minh An",
    "child_sex": "Nam",
    "child_birth_date": (datetime.now(VN_TZ).date() - timedelta(days=10)).isoformat(),
    "child_birth_place": "Bệnh viện Phụ sản Hà Nội",
    "child_ethnicity": "01",
    "child_nationality": "VN",
    "child_home_town": "Thành phố Hà Nội",
    "mother_name": "Nguyễn Thị Bình",
    "mother_birth_year": "1995",
    "mother_ethnicity": "01",
    "mother_nationality": "VN",
    "mother_residence": "Phường Từ Liêm, Hà Nội",
    "relation": "Cha",
    "copies": "2",
}


def pdf(name: str = "to-khai.pdf", body: bytes = b"1") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + body + b"\n%%EOF\n", "application/pdf")


def load_procedures(*slugs: str) -> None:
    """Only these procedures of the shipped catalogue (the whole load takes a second)."""
    fields, procedures = parse_catalog(tomllib.loads(refdata.SEED_FILE.read_text("utf-8")))
    names = {f.slug: f.name for f in fields}
    for seed in procedures:
        if seed.slug not in slugs:
            continue
        procedure = procedure_upsert(
            actor=None,
            slug=seed.slug,
            name=seed.name,
            field=field_upsert(actor=None, slug=seed.field, name=names[seed.field]),
            code=seed.code,
            agency_level=seed.agency_level,
        )
        for version in seed.versions:
            procedure_version_create(
                actor=None,
                procedure=procedure,
                valid_from=version.valid_from,
                valid_to=version.valid_to,
                content=version.content,
            )


@pytest.fixture
def catalogue(db) -> None:
    """Birth registration (its own e-form, a per-copy fee), one procedure with the
    default form, and one not offered online."""
    load_procedures("dang-ky-khai-sinh", "dang-ky-lai-khai-sinh", "chung-thuc-chu-ky")


@pytest.fixture
def birth(catalogue) -> Procedure:
    return Procedure.objects.get(code=BIRTH)


def _with_profile(user, n: int = 0):
    user.personal_id = f"00120301234{n + 5}"
    user.phone = f"091234567{n}"
    user.email = f"minh{n}@example.vn"
    user.address = "Số 1 Hồ Tùng Mậu, Phường Từ Liêm, Hà Nội"
    user.birth_date = date(2003, 5, 4)
    user.save()
    return user


@pytest.fixture
def citizen_p(citizen):
    """`citizen` with a full profile: the e-form's applicant section is pre-filled."""
    return _with_profile(citizen)


@pytest.fixture
def other_citizen(db):
    return _with_profile(CitizenFactory.create(username="congdan_khac"), 1)
