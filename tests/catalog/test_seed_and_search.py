"""The shipped seed, and diacritic-insensitive search over it."""

import pytest

from motcua.catalog import refdata
from motcua.catalog.models import (
    DocumentRequirement,
    Fee,
    FeeExemption,
    Field,
    Procedure,
    ProcedureVersion,
    ProcessingStep,
)
from motcua.catalog.selectors import procedure_search, procedure_version_on, today
from motcua.catalog.services import procedure_version_update
from motcua.core.models import AuditEvent
from tests.catalog.conftest import content
from tests.factories import OfficerFactory


def row_counts() -> dict[str, int]:
    models = [Field, Procedure, ProcedureVersion, DocumentRequirement, Fee, FeeExemption]
    return {m.__name__: m._default_manager.count() for m in [*models, ProcessingStep]}


def test_seed_has_at_least_twenty_procedures_each_in_force_today(seeded):
    assert Procedure.objects.count() >= 20
    for procedure in Procedure.objects.all():
        assert procedure_version_on(procedure=procedure, on_date=today()) is not None, procedure


def test_seed_loads_twice_without_duplicates_or_new_ids(seeded):
    before = row_counts()
    document_ids = set(DocumentRequirement.objects.values_list("pk", flat=True))
    assert "0 updated" in seeded
    events_before = AuditEvent.objects.count()
    summary = refdata.load()
    assert "0 versions created, 0 updated" in summary
    assert AuditEvent.objects.count() == events_before, "an unchanged reload is not an edit"
    assert row_counts() == before
    assert set(DocumentRequirement.objects.values_list("pk", flat=True)) == document_ids


def test_birth_registration_is_free_on_time_and_same_day(seeded_once, db):
    birth = Procedure.objects.get(code="1.001193")
    version = procedure_version_on(procedure=birth, on_date=today())
    assert version is not None
    assert version.processing_time_label == "Trong ngày làm việc"
    fee = version.fees.get(position=1)
    assert fee.amount == 0
    assert "60 ngày" in fee.exemptions.get(position=1).text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("khai sinh", "Đăng ký khai sinh"),
        ("dang ky ket hon", "Đăng ký kết hôn"),
        ("ĐĂNG KÝ KẾT HÔN", "Đăng ký kết hôn"),
        ("1.001193", "Đăng ký khai sinh"),
        ("giay xac nhan doc than", "Cấp Giấy xác nhận tình trạng hôn nhân"),  # a keyword
        ("chung thuc chu ky", "Chứng thực chữ ký"),
    ],
)
def test_search_ignores_diacritics_and_case(seeded_once, db, query, expected):
    names = [p.name for p in procedure_search(query=query)]
    assert names, query
    assert names[0].startswith(expected)


def test_every_word_of_the_query_must_match(seeded_once, db):
    assert [p.slug for p in procedure_search(query="ket hon lai")] == ["dang-ky-lai-ket-hon"]
    assert not procedure_search(query="khai sinh xe may").exists()


def test_search_within_a_field(seeded_once, db):
    residence = Field.objects.get(slug="cu-tru")
    slugs = {p.slug for p in procedure_search(query="dang ky", field=residence)}
    assert slugs == {"dang-ky-thuong-tru", "dang-ky-tam-tru"}


def test_empty_query_lists_all_in_folded_alphabetical_order(seeded_once, db):
    names = [p.name for p in procedure_search(query="")]
    assert len(names) == Procedure.objects.count()
    # "Đăng ký" sorts among the D's, before "Liên thông", not after "X" by code point.
    first_l = next(i for i, name in enumerate(names) if name.startswith("Liên thông"))
    assert names.index("Đăng ký khai sinh") < first_l


def test_reload_keeps_a_version_an_administrator_corrected(seeded):
    manager = OfficerFactory.create(role="manager", is_superuser=True)
    version = ProcedureVersion.objects.get(procedure__slug="cap-giay-xac-nhan-tinh-trang-hon-nhan")
    procedure_version_update(actor=manager, version=version, content=content(3, result="Đã sửa"))
    assert "1 kept as edited locally" in refdata.load()
    version.refresh_from_db()
    assert version.result == "Đã sửa"
