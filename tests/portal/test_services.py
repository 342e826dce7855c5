"""Drafts, their files and the submission, through the services."""

import pytest
from django.http import Http404

from motcua.dossiers.models import Attachment, Channel, Dossier
from motcua.dossiers.states import State
from motcua.payments.models import FeeAssessment
from motcua.portal import services
from motcua.portal.models import Draft, DraftFile
from tests.portal.conftest import BIRTH_VALUES, pdf


def _requirements(procedure):
    version = procedure.versions.get(valid_to__isnull=True)
    return {d.name.split(" (")[0]: d for d in version.documents.all()}, version


def _ready_draft(citizen, procedure, agency):
    """A draft with every mandatory document uploaded."""
    draft = services.draft_open(actor=citizen, procedure=procedure)
    _documents, version = _requirements(procedure)
    for n, document in enumerate(d for d in version.documents.all() if d.is_mandatory):
        services.draft_file_add(
            actor=citizen, draft=draft, requirement_id=document.pk, upload=pdf(body=str(n).encode())
        )
    return draft


def _values(citizen):
    return {
        **BIRTH_VALUES,
        "applicant_name": citizen.get_full_name(),
        "applicant_personal_id": citizen.personal_id,
        "applicant_phone": citizen.phone,
        "applicant_address": citizen.address,
    }


def test_one_draft_per_citizen_and_procedure(citizen_p, birth):
    first = services.draft_open(actor=citizen_p, procedure=birth)
    assert services.draft_open(actor=citizen_p, procedure=birth) == first
    assert Draft.objects.count() == 1


def test_officer_cannot_open_a_draft(officer_a, birth):
    with pytest.raises(services.PortalError):
        services.draft_open(actor=officer_a, procedure=birth)
    assert not Draft.objects.exists()


def test_procedure_not_offered_online_is_refused(citizen_p, catalogue):
    from motcua.catalog.models import Procedure

    offline = Procedure.objects.get(slug="chung-thuc-chu-ky")
    with pytest.raises(services.PortalError, match="chưa nhận hồ sơ trực tuyến"):
        services.draft_open(actor=citizen_p, procedure=offline)


def test_saving_keeps_only_the_form_keys(citizen_p, birth, agency_a):
    draft = services.draft_open(actor=citizen_p, procedure=birth)
    services.draft_save(
        actor=citizen_p,
        draft=draft,
        values={"child_name": "  An  ", "not_a_field": "x", "mother_birth_year": "abc"},
        agency=agency_a,
    )
    draft.refresh_from_db()
    assert draft.values["child_name"] == "An"
    assert draft.values["mother_birth_year"] == "abc"  # kept as typed; checked on submission
    assert "not_a_field" not in draft.values
    assert draft.agency == agency_a


def test_an_agency_that_does_not_receive_online_is_refused(citizen_p, birth, agency_a):
    from motcua.units.models import AgencyKind

    agency_a.kind = AgencyKind.DEPARTMENT
    agency_a.save()
    draft = services.draft_open(actor=citizen_p, procedure=birth)
    with pytest.raises(services.PortalError):
        services.draft_save(
            actor=citizen_p, draft=draft, values={"child_name": "An"}, agency=agency_a
        )
    draft.refresh_from_db()
    assert draft.values == {} and draft.agency is None


def test_the_same_file_again_for_the_same_item_is_not_duplicated(citizen_p, birth):
    draft = services.draft_open(actor=citizen_p, procedure=birth)
    documents, _version = _requirements(birth)
    form = documents["Tờ khai đăng ký khai sinh"]
    first = services.draft_file_add(
        actor=citizen_p, draft=draft, requirement_id=form.pk, upload=pdf()
    )
    again = services.draft_file_add(
        actor=citizen_p, draft=draft, requirement_id=form.pk, upload=pdf()
    )
    other = services.draft_file_add(
        actor=citizen_p, draft=draft, requirement_id=form.pk, upload=pdf("trang-2.pdf", b"2")
    )
    assert again == first and other != first
    assert DraftFile.objects.filter(draft=draft).count() == 2
    assert first.file.name.startswith("portal/drafts/") and "to-khai" not in first.file.name


def test_a_file_that_is_not_a_scan_is_refused(citizen_p, birth):
    from django.core.files.uploadedfile import SimpleUploadedFile

    draft = services.draft_open(actor=citizen_p, procedure=birth)
    documents, _version = _requirements(birth)
    upload = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    with pytest.raises(services.PortalError, match="PDF, JPEG hoặc PNG"):
        services.draft_file_add(
            actor=citizen_p,
            draft=draft,
            requirement_id=documents["Tờ khai đăng ký khai sinh"].pk,
            upload=upload,
        )
    assert not DraftFile.objects.exists()


def test_one_refused_file_among_several_attaches_none(citizen_p, birth):
    from django.core.files.uploadedfile import SimpleUploadedFile

    draft = services.draft_open(actor=citizen_p, procedure=birth)
    documents, _version = _requirements(birth)
    form = documents["Tờ khai đăng ký khai sinh"].pk
    bad = SimpleUploadedFile("anh.png", b"GIF89a not a png", "image/png")
    with pytest.raises(services.PortalError):
        services.draft_files_add(actor=citizen_p, draft=draft, uploads=[(form, pdf()), (form, bad)])
    assert not DraftFile.objects.exists()


def test_the_file_limit_counts_every_file_of_the_post(citizen_p, birth, settings):
    settings.PORTAL_DRAFT_MAX_FILES = 2
    draft = services.draft_open(actor=citizen_p, procedure=birth)
    documents, _version = _requirements(birth)
    form = documents["Tờ khai đăng ký khai sinh"].pk
    three = [(form, pdf(f"trang-{n}.pdf", str(n).encode())) for n in range(3)]
    with pytest.raises(services.PortalError, match="tối đa 2 tệp"):
        services.draft_files_add(actor=citizen_p, draft=draft, uploads=three)
    assert not DraftFile.objects.exists()
    added = services.draft_files_add(actor=citizen_p, draft=draft, uploads=three[:2] * 2)
    assert len(added) == 4 and len({f.pk for f in added}) == 2  # the same file twice is one
    assert DraftFile.objects.count() == 2


def test_a_document_of_another_procedure_is_refused(citizen_p, birth, catalogue):
    from motcua.catalog.models import DocumentRequirement

    draft = services.draft_open(actor=citizen_p, procedure=birth)
    foreign = DocumentRequirement.objects.exclude(version__procedure=birth).first()
    assert foreign is not None
    with pytest.raises(services.PortalError):
        services.draft_file_add(
            actor=citizen_p, draft=draft, requirement_id=foreign.pk, upload=pdf()
        )
    assert not DraftFile.objects.exists()


def test_another_citizens_draft_does_not_exist(citizen_p, other_citizen, birth):
    draft = _ready_draft(citizen_p, birth, None)
    with pytest.raises(Http404):
        services.draft_save(actor=other_citizen, draft=draft, values={}, agency=None)
    with pytest.raises(Http404):
        services.draft_file_remove(actor=other_citizen, draft_file=draft.files.first())
    with pytest.raises(Http404):
        services.draft_delete(actor=other_citizen, draft=draft)
    assert draft.files.count() == 2


def test_removing_a_file_and_deleting_the_draft(
    citizen_p, birth, django_capture_on_commit_callbacks
):
    draft = _ready_draft(citizen_p, birth, None)
    item = draft.files.first()
    name = item.file.name
    storage = item.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        services.draft_file_remove(actor=citizen_p, draft_file=item)
    assert not storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        services.draft_delete(actor=citizen_p, draft=draft)
    assert not Draft.objects.exists() and not DraftFile.objects.exists()


def test_an_incomplete_form_is_refused_and_nothing_is_created(citizen_p, birth, agency_a):
    draft = services.draft_open(actor=citizen_p, procedure=birth)
    values = {**_values(citizen_p), "child_name": "", "mother_birth_year": "1800"}
    with pytest.raises(services.FormInvalid) as caught:
        services.draft_submit(actor=citizen_p, key=draft.key, values=values, agency=agency_a)
    assert set(caught.value.errors) == {"child_name", "mother_birth_year"}
    assert len(caught.value.missing_files) == 2  # the declaration and the ID paper
    assert not Dossier.objects.exists()
    assert Draft.objects.filter(pk=draft.pk).exists()


def test_submitting_creates_one_registered_online_dossier(
    citizen_p, birth, agency_a, django_capture_on_commit_callbacks
):
    draft = _ready_draft(citizen_p, birth, agency_a)
    with django_capture_on_commit_callbacks(execute=True):
        submission = services.draft_submit(
            actor=citizen_p, key=draft.key, values=_values(citizen_p), agency=agency_a
        )
    dossier = submission.dossier
    assert submission.created
    assert dossier.state == State.REGISTERED and dossier.national_status == 1
    assert dossier.channel == Channel.ONLINE and dossier.owner == citizen_p
    assert dossier.agency == agency_a
    assert dossier.applicant_personal_id == "001203012345"
    assert dossier.form_data["child_name"] == "Trần Minh An"
    assert Attachment.objects.filter(dossier=dossier).count() == 2
    assert FeeAssessment.objects.get(dossier=dossier).copies == 2
    assert not Draft.objects.exists() and not DraftFile.objects.exists()

    again = services.draft_submit(
        actor=citizen_p, key=draft.key, values=_values(citizen_p), agency=agency_a
    )
    assert again.dossier == dossier and not again.created
    assert Dossier.objects.count() == 1


def test_another_citizens_key_submits_nothing(citizen_p, other_citizen, birth, agency_a):
    draft = _ready_draft(citizen_p, birth, agency_a)
    with pytest.raises(services.PortalError):
        services.draft_submit(
            actor=other_citizen, key=draft.key, values=_values(other_citizen), agency=agency_a
        )
    assert not Dossier.objects.exists()


def test_a_draft_takes_the_key_the_page_embedded_unless_it_is_taken(
    citizen_p, other_citizen, birth
):
    key = "0123456789abcdef0123456789abcdef"
    assert services.draft_open(actor=citizen_p, procedure=birth, key=key).key == key
    # Another citizen posting the same key gets a key of their own, not the first draft.
    theirs = services.draft_open(actor=other_citizen, procedure=birth, key=key)
    assert theirs.key != key and theirs.owner == other_citizen
    assert (
        services.draft_open(actor=other_citizen, procedure=birth, key="bad key").key == theirs.key
    )


def test_no_copy_asked_means_no_copy_fee(citizen_p, birth, agency_a):
    draft = _ready_draft(citizen_p, birth, agency_a)
    values = {**_values(citizen_p), "copies": "0"}
    dossier = services.draft_submit(
        actor=citizen_p, key=draft.key, values=values, agency=agency_a
    ).dossier
    assessment = FeeAssessment.objects.get(dossier=dossier)
    assert assessment.copies == 0 and assessment.total == 0
