"""Electronic results: attached as PDF to a decided dossier by an officer in scope, with a
short random verification code; checked publicly by code or SHA-256 without personal
data; a revoked result says so."""

import hashlib
from dataclasses import asdict

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.core.models import AuditEvent
from motcua.dossiers import actions
from motcua.dossiers.actions import (
    DossierError,
    DossierNotFound,
    result_document_attach,
    result_document_revoke,
)
from motcua.dossiers.models import ResultDocument
from motcua.dossiers.results import (
    result_documents,
    result_verify_by_code,
    result_verify_by_hash,
)
from motcua.dossiers.states import State
from tests.dossiers.factories import APPLICANT, birth_registration
from tests.dossiers.test_online import PDF, media  # noqa: F401 (the media fixture)
from tests.factories import CitizenFactory

RESULT = PDF + b"% Giay xac nhan tinh trang hon nhan\n"


def result_upload(data: bytes = RESULT, name: str = "ket-qua.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.fixture
def processed(make_dossier):
    return make_dossier(State.PROCESSED)


@pytest.fixture
def issued(processed, officer_a) -> ResultDocument:
    return result_document_attach(actor=officer_a, dossier=processed, upload=result_upload())


def test_officer_attaches_the_result_with_a_short_code_and_its_hash(issued, processed, media):  # noqa: F811
    assert issued.sha256 == hashlib.sha256(RESULT).hexdigest()
    assert len(issued.code) == 10 and issued.code.isalnum() and issued.code.isupper()
    assert (media / issued.file.name).read_bytes() == RESULT
    assert "ket-qua" not in issued.file.name
    assert issued.issuing_agency == processed.agency
    assert AuditEvent.objects.filter(action="dossier.result_attach").count() == 1


def test_the_same_file_again_returns_the_issued_result(issued, processed, officer_a):
    again = result_document_attach(actor=officer_a, dossier=processed, upload=result_upload())
    assert again.pk == issued.pk
    assert ResultDocument.objects.count() == 1


def test_codes_differ_between_results(issued, make_dossier, officer_a):
    other = result_document_attach(
        actor=officer_a, dossier=make_dossier(State.REFUSED), upload=result_upload(RESULT + b"2")
    )
    assert other.code != issued.code


def test_no_result_before_the_decision(received, officer_a):
    with pytest.raises(DossierError, match="chưa có kết quả"):
        result_document_attach(actor=officer_a, dossier=received, upload=result_upload())
    assert not ResultDocument.objects.exists()


def test_a_result_must_be_a_pdf(processed, officer_a):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    with pytest.raises(DossierError, match="PDF"):
        result_document_attach(actor=officer_a, dossier=processed, upload=result_upload(png))
    assert not ResultDocument.objects.exists()


def test_another_agency_and_the_citizen_cannot_attach(processed, officer_b):
    with pytest.raises(DossierNotFound):
        result_document_attach(actor=officer_b, dossier=processed, upload=result_upload())
    with pytest.raises(DossierNotFound):
        result_document_attach(
            actor=CitizenFactory.create(), dossier=processed, upload=result_upload()
        )
    assert not ResultDocument.objects.exists()


def test_verify_by_code_and_by_hash_without_personal_data(issued, processed):
    by_code = result_verify_by_code(code=f" {issued.code[:5].lower()}-{issued.code[5:]} ")
    by_hash = result_verify_by_hash(sha256=issued.sha256.upper())
    assert by_code == by_hash
    assert by_code is not None
    assert by_code.agency_name == processed.agency.name
    assert by_code.dossier_code == processed.code
    assert by_code.revoked_at is None
    shown = " ".join(str(value) for value in asdict(by_code).values())
    for personal in (APPLICANT.name, APPLICANT.personal_id, APPLICANT.phone, APPLICANT.address):
        assert personal not in shown


def test_unknown_code_or_hash_is_not_issued(issued):
    assert result_verify_by_code(code="AAAAAAAAAA") is None
    assert result_verify_by_hash(sha256="0" * 64) is None
    assert result_verify_by_hash(sha256="not a hash") is None


def test_a_revoked_result_says_revoked(issued, officer_a):
    result_document_revoke(actor=officer_a, document=issued, reason="Cấp nhầm bản")
    check = result_verify_by_code(code=issued.code)
    assert check is not None and check.revoked_at is not None
    assert check.revoked_reason == "Cấp nhầm bản"
    with pytest.raises(DossierError, match="đã bị thu hồi"):
        result_document_revoke(actor=officer_a, document=issued, reason="Lần nữa")


def test_revoking_needs_a_reason_and_the_scope(issued, officer_a, officer_b):
    with pytest.raises(DossierError, match="lý do"):
        result_document_revoke(actor=officer_a, document=issued, reason=" ")
    with pytest.raises(DossierNotFound):
        result_document_revoke(actor=officer_b, document=issued, reason="x")
    assert ResultDocument.objects.get().revoked_at is None


def test_the_owner_sees_their_results_another_citizen_gets_404(issued, processed):
    owner = CitizenFactory.create()
    processed.owner = owner
    processed.save(update_fields=["owner"])
    assert result_documents(user=owner, dossier=processed) == [issued]
    from django.http import Http404

    with pytest.raises(Http404):
        result_documents(user=CitizenFactory.create(), dossier=processed)


def test_a_result_attached_at_the_centre_names_the_committee_that_decided_it(tuliem, media):  # noqa: F811
    dossier = birth_registration(tuliem, handler="tuphap")
    dossier = actions.dossier_transfer(actor=tuliem["tuphap"], dossier=dossier)
    dossier = actions.dossier_approve(actor=tuliem["lanhdao"], dossier=dossier)
    dossier = actions.dossier_mark_processed(actor=tuliem["motcua"], dossier=dossier)
    issued = result_document_attach(actor=tuliem["motcua"], dossier=dossier, upload=result_upload())
    assert issued.issuing_agency.name == "UBND phường Từ Liêm"
    assert tuliem["motcua"].agency != issued.issuing_agency  # the centre only attached it
