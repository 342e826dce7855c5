"""The catalogue as the law stands (issue 15): each corrected fact, pinned to the version
in force on a given date, and where it comes from."""

from datetime import date
from decimal import Decimal

import pytest

from motcua.catalog.models import Procedure
from motcua.catalog.selectors import procedure_version_on

TODAY = date(2026, 12, 6)


def version_on(slug: str, on_date: date = TODAY):
    version = procedure_version_on(procedure=Procedure.objects.get(slug=slug), on_date=on_date)
    assert version is not None
    return version


def document_names(slug: str, on_date: date = TODAY) -> list[str]:
    return [d.name for d in version_on(slug, on_date).documents.all()]


def test_lien_thong_deadline_is_three_working_days_under_decree_63(seeded) -> None:
    version = version_on("lien-thong-khai-sinh-thuong-tru-bhyt-tre-duoi-6-tuoi")
    assert (version.time_amount, version.time_unit) == (Decimal(3), "working_days")
    assert "05 ngày làm việc khi cần xác minh" in version.time_note
    assert any("63/2024/NĐ-CP" in s.document for s in version.time_source_specs)
    assert not version.time_unconfirmed


def test_marriage_checklist_has_no_marital_status_certificate(seeded) -> None:
    names = document_names("dang-ky-ket-hon")
    assert not any("tình trạng hôn nhân" in name for name in names)
    version = version_on("dang-ky-ket-hon")
    cited = " ".join(s.citation for d in version.documents.all() for s in d.source_specs)
    assert "481/BTP-HTQTCT" in cited and "07/2025/NĐ-CP" in cited


@pytest.mark.parametrize(
    ("slug", "in_person", "online"),
    [("dang-ky-thuong-tru", 20_000, "10.000"), ("dang-ky-tam-tru", 15_000, "7.000")],
)
def test_residence_cites_decree_154_and_the_confirmed_fees(seeded, slug, in_person, online):
    version = version_on(slug)
    assert "154/2024/NĐ-CP" in version.legal_basis and "62/2021" not in version.legal_basis
    assert "53/2025/TT-BCA" in version.documents.first().name
    fee = version.fees.get()
    assert fee.amount == in_person and f"{online} đồng" in fee.note
    assert not fee.amount_unconfirmed and "75/2022/TT-BTC" in fee.source_specs[0].document


@pytest.mark.parametrize(
    "slug",
    [
        "chung-thuc-hop-dong-giao-dich",
        "chung-thuc-di-chuc",
        "chung-thuc-sua-doi-bo-sung-huy-bo-hop-dong",
    ],
)
def test_certification_shows_the_identity_card_and_files_no_photocopy(seeded, slug) -> None:
    documents = list(version_on(slug).documents.all())
    identity = [d for d in documents if "tùy thân" in d.name]
    assert [d.form for d in identity] == ["present"]
    assert all(d.source_specs for d in identity)


def test_contract_amendment_is_done_the_same_day(seeded) -> None:
    version = version_on("chung-thuc-sua-doi-bo-sung-huy-bo-hop-dong")
    assert version.time_unit == "same_day" and "15 giờ" in version.time_note


def test_civil_status_legal_bases_add_the_2024_2025_texts(seeded) -> None:
    for procedure in Procedure.objects.filter(field__slug="ho-tich"):
        basis = version_on(procedure.slug).legal_basis
        for text in ("07/2025/NĐ-CP", "120/2025/NĐ-CP", "04/2024/TT-BTP"):
            assert text in basis, (procedure.slug, text)


def test_re_registration_of_birth_changes_with_decree_18_2026(seeded) -> None:
    before = version_on("dang-ky-lai-khai-sinh", date(2026, 1, 13))
    after = version_on("dang-ky-lai-khai-sinh", date(2026, 1, 14))
    assert before.pk != after.pk
    assert "18/2026/NĐ-CP" not in before.legal_basis
    assert "18/2026/NĐ-CP" in after.legal_basis


def test_procedure_page_shows_the_sources_and_badges_only_the_unsourced(client, seeded) -> None:
    body = client.get("/procedures/dang-ky-thuong-tru/").content.decode()
    assert 'data-testid="sources"' in body
    assert "Thông tư số 75/2022/TT-BTC" in body
    assert "https://pbgdpl.quangninh.gov.vn/" in body
    assert "06/12/2026" in body
    assert "mc-badge-unconfirmed" not in body  # every time, fee and document has its source
    body = client.get("/procedures/cap-ban-sao-trich-luc-ho-tich/").content.decode()
    assert "mc-badge-unconfirmed" in body  # the time of extract copies is still unconfirmed


def test_a_fee_edited_with_a_source_in_the_admin_loses_its_badge(seeded) -> None:
    fee = version_on("cap-ban-sao-trich-luc-ho-tich").fees.get()
    fee.sources = []
    fee.full_clean()
    assert fee.amount_unconfirmed is True
    fee.sources = [{"document": "Thông tư", "checked_at": "https://x.gov.vn", "checked_on": ""}]
    fee.full_clean()
    assert fee.amount_unconfirmed is False
