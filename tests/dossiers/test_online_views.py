"""The officer's pages for online dossiers and results, the owner's downloads, and the
public verification page: another agency or citizen gets 404, bad input gets a message
and writes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.dossiers import actions
from motcua.dossiers.actions import result_document_attach
from motcua.dossiers.models import Dossier, Refusal, ResultDocument
from motcua.dossiers.states import State
from tests.dossiers.factories import MONDAY_9
from tests.dossiers.test_online import PDF, media, registered  # noqa: F401 (fixtures)
from tests.dossiers.test_results import RESULT, result_upload
from tests.factories import CitizenFactory


def test_online_queue_lists_new_dossiers_with_their_files(client, officer_a, registered):  # noqa: F811
    client.force_login(officer_a)
    response = client.get(reverse("dossiers:online_queue"))
    assert response.status_code == 200
    assert registered.code in response.text
    assert "to-khai.pdf" in response.text


def test_another_agency_does_not_see_the_online_dossier(client, officer_b, registered):  # noqa: F811
    client.force_login(officer_b)
    assert registered.code not in client.get(reverse("dossiers:online_queue")).text
    assert client.get(reverse("dossiers:detail", args=[registered.code])).status_code == 404
    act = reverse("dossiers:act", args=[registered.code, "receive"])
    assert client.post(act, {"receive-version": registered.version}).status_code == 404
    assert Dossier.objects.get(pk=registered.pk).state == State.REGISTERED


def test_citizens_do_not_reach_the_online_queue(client, citizen):
    client.force_login(citizen)
    assert client.get(reverse("dossiers:online_queue")).status_code == 404


def test_officer_receives_from_the_dossier_page(client, officer_a, registered):  # noqa: F811
    client.force_login(officer_a)
    page = client.get(reverse("dossiers:detail", args=[registered.code]))
    assert 'data-action="receive"' in page.text
    assert 'data-testid="fee-status"' in page.text
    assert reverse("payments:dossier_fees", args=[registered.pk]) in page.text
    act = reverse("dossiers:act", args=[registered.code, "receive"])
    response = client.post(act, {"receive-version": registered.version})
    assert response.status_code == 302
    assert Dossier.objects.get(pk=registered.pk).state == State.RECEIVED


def test_refusing_without_reasons_shows_the_message_and_writes_nothing(
    client,
    officer_a,
    registered,  # noqa: F811
):
    client.force_login(officer_a)
    act = reverse("dossiers:act", args=[registered.code, "refuse_at_reception"])
    response = client.post(act, {"refuse_at_reception-version": registered.version})
    assert response.status_code == 400
    assert not Refusal.objects.exists()
    response = client.post(
        act,
        {
            "refuse_at_reception-version": registered.version,
            "refuse_at_reception-reasons": "Tờ khai không có chữ ký",
        },
    )
    assert response.status_code == 302
    assert Dossier.objects.get(pk=registered.pk).state == State.NOT_RECEIVED


def test_the_owner_downloads_their_own_scan_another_citizen_gets_404(
    client,
    citizen,
    registered,  # noqa: F811
):
    attachment = registered.attachments.get()
    url = reverse("dossiers:attachment", args=[registered.code, attachment.pk])
    client.force_login(citizen)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    client.force_login(CitizenFactory.create())
    assert client.get(url).status_code == 404


@pytest.fixture
def processed_online(registered, team_a):  # noqa: F811

    dossier = actions.dossier_accept_online(actor=team_a.counter, dossier=registered, at=MONDAY_9)
    actions.dossier_transfer(actor=team_a.counter, dossier=dossier.pk, at=MONDAY_9)
    actions.dossier_transfer(actor=team_a.specialist, dossier=dossier.pk, at=MONDAY_9)
    actions.dossier_approve(actor=team_a.leader, dossier=dossier.pk, at=MONDAY_9)
    actions.dossier_mark_processed(actor=team_a.counter, dossier=dossier.pk, at=MONDAY_9)
    return Dossier.objects.get(pk=registered.pk)


def test_officer_attaches_a_result_and_the_owner_downloads_it(
    client, officer_a, citizen, processed_online
):
    client.force_login(officer_a)
    attach = reverse("dossiers:result_attach", args=[processed_online.code])
    response = client.post(attach, {"file": result_upload()})
    assert response.status_code == 302
    document = ResultDocument.objects.get()
    assert (
        document.code in client.get(reverse("dossiers:detail", args=[document.dossier.code])).text
    )
    url = reverse("dossiers:result", args=[processed_online.code, document.pk])
    client.force_login(citizen)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == RESULT
    client.force_login(CitizenFactory.create())
    assert client.get(url).status_code == 404


def test_a_result_that_is_not_a_pdf_shows_a_message(client, officer_a, processed_online):
    client.force_login(officer_a)
    attach = reverse("dossiers:result_attach", args=[processed_online.code])
    png = SimpleUploadedFile("ket-qua.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    response = client.post(attach, {"file": png}, follow=True)
    assert "phải là tệp PDF" in response.text
    assert client.post(attach, {}, follow=True).status_code == 200
    assert not ResultDocument.objects.exists()


def test_another_agency_cannot_attach_or_revoke(client, officer_a, officer_b, processed_online):
    document = result_document_attach(
        actor=officer_a, dossier=processed_online, upload=result_upload()
    )
    client.force_login(officer_b)
    attach = reverse("dossiers:result_attach", args=[processed_online.code])
    assert client.post(attach, {"file": result_upload(RESULT + b"x")}).status_code == 404
    revoke = reverse("dossiers:result_revoke", args=[processed_online.code, document.pk])
    assert client.post(revoke, {"reason": "x"}).status_code == 404
    assert ResultDocument.objects.get().revoked_at is None


def test_revoking_from_the_page_needs_a_reason(client, officer_a, processed_online):
    document = result_document_attach(
        actor=officer_a, dossier=processed_online, upload=result_upload()
    )
    client.force_login(officer_a)
    revoke = reverse("dossiers:result_revoke", args=[processed_online.code, document.pk])
    assert "Cần nêu lý do" in client.post(revoke, {"reason": ""}, follow=True).text
    assert ResultDocument.objects.get().revoked_at is None
    client.post(revoke, {"reason": "Cấp nhầm"})
    assert ResultDocument.objects.get().revoked_at is not None


# --- the public verification page ---------------------------------------------------------


@pytest.fixture
def issued(officer_a, processed_online):
    return result_document_attach(actor=officer_a, dossier=processed_online, upload=result_upload())


def test_anyone_checks_a_result_by_its_code(client, issued, processed_online):
    response = client.get(reverse("verify:check", args=[issued.code]))
    assert response.status_code == 200
    assert "Văn bản hợp lệ" in response.text
    assert processed_online.agency.name in response.text
    assert processed_online.applicant_name not in response.text
    assert processed_online.applicant_personal_id not in response.text


def test_anyone_checks_a_result_by_its_file_or_hash(client, issued):
    by_file = client.post(reverse("verify:search"), {"file": result_upload(name="x.pdf")})
    assert by_file.status_code == 200 and issued.code in by_file.text
    by_hash = client.post(reverse("verify:search"), {"sha256": issued.sha256})
    assert by_hash.status_code == 200 and issued.code in by_hash.text
    by_code = client.post(reverse("verify:search"), {"code": issued.code.lower()})
    assert by_code.status_code == 302


def test_an_unknown_document_is_not_issued(client, issued):
    altered = client.post(reverse("verify:search"), {"file": result_upload(RESULT + b" ")})
    assert altered.status_code == 404
    assert "Không tìm thấy kết quả" in altered.text
    assert client.get(reverse("verify:check", args=["ZZZZZZZZZZ"])).status_code == 404
    empty = client.post(reverse("verify:search"), {})
    assert empty.status_code == 400 and "Hãy nhập mã xác thực" in empty.text


def test_a_revoked_result_is_shown_revoked(client, issued, officer_a):
    from motcua.dossiers.actions import result_document_revoke

    result_document_revoke(actor=officer_a, document=issued, reason="Cấp nhầm")
    response = client.get(reverse("verify:check", args=[issued.code]))
    assert "ĐÃ BỊ THU HỒI" in response.text


def test_the_verification_page_is_rate_limited(client, issued, settings):
    settings.TRACKING_RATE_LIMIT = 2
    url = reverse("verify:check", args=[issued.code])
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]


def test_the_officer_sees_a_supplement_answered_and_a_stop_request(
    client,
    officer_a,
    citizen,
    team_a,
    registered,  # noqa: F811
):
    from motcua.dossiers import actions
    from motcua.dossiers.actions import SupplementItemIn
    from tests.dossiers.test_online import pdf_file

    actions.dossier_accept_online(actor=team_a.counter, dossier=registered, at=MONDAY_9)
    actions.dossier_supplement_request(
        actor=team_a.counter,
        dossier=registered.pk,
        items=[SupplementItemIn(name="Tờ khai", reason="Thiếu chữ ký")],
        at=MONDAY_9,
    )
    dossier = Dossier.objects.get(pk=registered.pk)
    actions.dossier_supplement_submit_online(
        actor=citizen, dossier=dossier, files=[pdf_file(None, name="bo-sung.pdf")]
    )
    actions.dossier_stop_request(actor=citizen, dossier=dossier, reason="Không còn nhu cầu")
    client.force_login(officer_a)
    queue = client.get(reverse("dossiers:online_queue")).text
    assert 'data-testid="answered-count">1<' in queue
    assert "Không còn nhu cầu" in queue
    page = client.get(reverse("dossiers:detail", args=[dossier.code])).text
    assert "công dân đã bổ sung" in page
    assert "bo-sung.pdf" in page
    assert 'data-testid="stop-requested"' in page
    # The manager's stop form is filled in from the citizen's request.
    client.force_login(team_a.manager)
    response = client.get(reverse("dossiers:detail", args=[dossier.code]))
    [stop] = [f for f in response.context["action_forms"] if f.action == "stop"]
    assert stop.initial["at_citizen_request"] is True
    assert stop.initial["reason"] == "Không còn nhu cầu"


def test_the_refusal_of_an_online_dossier_prints_as_form_03(client, officer_a, team_a, registered):  # noqa: F811
    actions.dossier_refuse_online(
        actor=team_a.counter, dossier=registered, reasons=["Tờ khai không có chữ ký"]
    )
    client.force_login(officer_a)
    response = client.get(reverse("dossiers:form_pdf", args=[registered.code, "refusal"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_officer_receives_and_asks_for_a_supplement_from_the_page(
    client,
    officer_a,
    registered,  # noqa: F811
):
    requirement = registered.procedure_version.documents.first()
    client.force_login(officer_a)
    act = reverse("dossiers:act", args=[registered.code, "supplement_request"])
    data = {"supplement_request-version": registered.version}
    assert client.post(act, data).status_code == 302  # no item: the service refuses
    assert Dossier.objects.get(pk=registered.pk).state == State.REGISTERED
    data[f"supplement_request-reason_{requirement.pk}"] = "Ảnh chụp bị mờ"
    client.post(act, data)
    assert Dossier.objects.get(pk=registered.pk).state == State.SUPPLEMENT_REQUESTED


def test_the_work_queue_marks_a_supplement_answered_online(
    client,
    officer_a,
    citizen,
    team_a,
    registered,  # noqa: F811
):
    from motcua.dossiers.actions import SupplementItemIn
    from tests.dossiers.test_online import pdf_file

    actions.dossier_accept_online_with_supplement(
        actor=team_a.counter,
        dossier=registered,
        items=[SupplementItemIn(name="Tờ khai", reason="Thiếu chữ ký")],
    )
    client.force_login(officer_a)
    assert 'data-testid="answered"' not in client.get(reverse("dossiers:queue")).text
    actions.dossier_supplement_submit_online(
        actor=citizen, dossier=Dossier.objects.get(pk=registered.pk), files=[pdf_file(None)]
    )
    queue = client.get(reverse("dossiers:queue")).text
    assert 'data-testid="answered"' in queue and registered.code in queue
