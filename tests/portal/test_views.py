"""Every portal route: who may see it, another citizen's object (404), bad input
(a message, nothing written)."""

from datetime import date

import pytest
from django.urls import reverse

from motcua.catalog.models import OnlineLevel
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from motcua.portal import services
from motcua.portal.models import Draft, DraftFile
from tests.portal.conftest import BIRTH, BIRTH_VALUES, pdf
from tests.portal.test_services import _ready_draft, _values

FORM = reverse("portal:form", args=[BIRTH])


@pytest.fixture
def submitted(citizen_p, birth, agency_a):
    draft = _ready_draft(citizen_p, birth, agency_a)
    return services.draft_submit(
        actor=citizen_p, key=draft.key, values=_values(citizen_p), agency=agency_a
    ).dossier


def _documents(birth):
    return list(birth.versions.get().documents.all())


def test_home_lists_procedures_offered_online_with_their_level(client, catalogue) -> None:
    page = client.get(reverse("portal:home")).content.decode()
    assert "Đăng ký khai sinh" in page and "Toàn trình" in page
    assert "Chứng thực chữ ký" not in page  # not offered online
    found = client.get(reverse("portal:home"), {"q": "lai khai sinh"}).content.decode()
    assert "Đăng ký lại khai sinh" in found and "Đăng ký khai sinh</div>" not in found


def test_a_procedure_taken_offline_leaves_the_cached_list_at_once(client, birth) -> None:
    assert "Đăng ký khai sinh</div>" in client.get(reverse("portal:home")).content.decode()
    version = birth.versions.get()
    version.online_level = OnlineLevel.OFFLINE
    version.save()
    assert "Đăng ký khai sinh</div>" not in client.get(reverse("portal:home")).content.decode()


def test_anonymous_visitors_sign_in_first(client, catalogue) -> None:
    for url in (FORM, reverse("portal:my_dossiers"), reverse("portal:dossier", args=[1])):
        response = client.get(url)
        assert response.status_code == 302 and "next=" in response.url


def test_officers_do_not_use_the_portal(client, officer_a, catalogue) -> None:
    client.force_login(officer_a)
    assert client.get(FORM).status_code == 404
    assert client.get(reverse("portal:my_dossiers")).status_code == 404


def test_the_form_is_prefilled_from_the_profile(client, citizen_p, birth, agency_a) -> None:
    client.force_login(citizen_p)
    page = client.get(FORM).content.decode()
    assert 'list="unit-names"' in page and '<option value="Thành phố Hà Nội">' in page
    assert f'<option value="{agency_a.pk}" selected>' in page  # the only ward receiving online
    assert 'value="001203012345"' in page and 'value="0912345670"' in page
    assert 'aria-describedby="f-child_name-help f-child_name-error"' in page
    assert "Còn thiếu" in page and "Tờ khai đăng ký khai sinh" in page
    assert not Draft.objects.exists()  # looking writes nothing


def test_an_unknown_or_offline_procedure_is_404(client, citizen_p, catalogue) -> None:
    client.force_login(citizen_p)
    assert client.get(reverse("portal:form", args=["9.999999"])).status_code == 404
    assert client.get(reverse("portal:form", args=["chung-thuc-chu-ky"])).status_code == 404


def test_saving_and_uploading_keep_a_draft_to_resume(client, citizen_p, birth, agency_a) -> None:
    client.force_login(citizen_p)
    document = _documents(birth)[0]
    data = {"action": "upload", "child_name": "Trần An", "agency": agency_a.pk}
    response = client.post(FORM, {**data, f"file_{document.pk}": pdf()})
    assert response.status_code == 302
    draft = Draft.objects.get()
    assert draft.values["child_name"] == "Trần An" and draft.files.count() == 1
    # The same request again (a retry) still holds one file.
    client.post(FORM, {**data, f"file_{document.pk}": pdf()})
    assert DraftFile.objects.count() == 1
    listing = client.get(reverse("portal:my_dossiers")).content.decode()
    assert "Hồ sơ nháp" in listing and FORM in listing
    page = client.get(FORM).content.decode()
    assert 'value="Trần An"' in page and "to-khai.pdf" in page


def test_a_rejected_upload_says_why_and_keeps_nothing(client, citizen_p, birth) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(citizen_p)
    document = _documents(birth)[0]
    bad = SimpleUploadedFile("a.pdf", b"GIF89a not allowed", "application/pdf")
    response = client.post(FORM, {"action": "upload", f"file_{document.pk}": bad}, follow=True)
    assert "Chỉ nhận tệp PDF, JPEG hoặc PNG" in response.content.decode()
    assert not DraftFile.objects.exists()


def test_removing_a_file_and_deleting_the_draft(client, citizen_p, birth) -> None:
    client.force_login(citizen_p)
    draft = _ready_draft(citizen_p, birth, None)
    item = draft.files.first()
    client.post(FORM, {"action": f"remove:{item.pk}"})
    assert not DraftFile.objects.filter(pk=item.pk).exists()
    response = client.post(FORM, {"action": "delete"})
    assert response.url == reverse("portal:my_dossiers")
    assert not Draft.objects.exists()


def test_another_citizens_draft_file_is_404(client, citizen_p, other_citizen, birth) -> None:
    item = _ready_draft(citizen_p, birth, None).files.first()
    client.force_login(other_citizen)
    assert client.get(reverse("portal:draft_file", args=[item.pk])).status_code == 404
    # Naming it in a removal on one's own form does not reach it either.
    assert client.post(FORM, {"action": f"remove:{item.pk}"}).status_code == 404
    assert DraftFile.objects.filter(pk=item.pk).exists()
    assert not Draft.objects.filter(owner=other_citizen).exists()
    client.force_login(citizen_p)
    response = client.get(reverse("portal:draft_file", args=[item.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_an_incomplete_submission_shows_every_problem_and_creates_nothing(
    client, citizen_p, birth, agency_a
):
    client.force_login(citizen_p)
    draft = services.draft_open(actor=citizen_p, procedure=birth)
    response = client.post(
        FORM, {"action": "submit", "key": draft.key, **BIRTH_VALUES, "child_name": "", "agency": ""}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'data-testid="error-summary"' in page
    assert "Cần nhập họ, chữ đệm và tên của trẻ." in page
    assert "Cần chọn cơ quan giải quyết." in page
    assert "Chưa tải tệp: Tờ khai đăng ký khai sinh (theo mẫu)" in page
    assert 'aria-invalid="true"' in page
    assert not Dossier.objects.exists()


def test_submitting_twice_creates_one_dossier(client, citizen_p, birth, agency_a) -> None:
    client.force_login(citizen_p)
    draft = _ready_draft(citizen_p, birth, agency_a)
    data = {"action": "submit", "key": draft.key, **_values(citizen_p), "agency": agency_a.pk}
    first = client.post(FORM, data)
    second = client.post(FORM, data)
    dossier = Dossier.objects.get()
    assert first.url == second.url == reverse("portal:dossier", args=[dossier.pk])
    page = client.get(first.url).content.decode()
    assert "Mới đăng ký" in page and dossier.code in page


def test_the_dossier_page_and_its_actions_are_the_owners_only(
    client, other_citizen, submitted
) -> None:
    client.force_login(other_citizen)
    pk = submitted.pk
    assert client.get(reverse("portal:dossier", args=[pk])).status_code == 404
    assert client.get(reverse("portal:notice", args=[pk, "receipt"])).status_code == 404
    for name in ("withdraw", "stop_request", "supplement"):
        assert client.post(reverse(f"portal:{name}", args=[pk]), {"reason": "x"}).status_code == 404
    submitted.refresh_from_db()
    assert submitted.state == State.REGISTERED
    assert "dossiers" in client.get(reverse("portal:my_dossiers")).content.decode()
    assert submitted.code not in client.get(reverse("portal:my_dossiers")).content.decode()


def test_the_owner_withdraws_a_registered_dossier(client, citizen_p, submitted) -> None:
    client.force_login(citizen_p)
    page = client.get(reverse("portal:dossier", args=[submitted.pk])).content.decode()
    assert "Rút hồ sơ" in page and "Đề nghị dừng xử lý" not in page  # nothing to stop yet
    response = client.post(
        reverse("portal:withdraw", args=[submitted.pk]),
        {"reason": "Nộp nhầm", "version": submitted.version},
        follow=True,
    )
    assert "Đã rút hồ sơ" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == State.WITHDRAWN


def test_asking_to_stop_without_a_reason_is_refused(client, citizen_p, submitted, team_a) -> None:
    from motcua.dossiers.actions import dossier_accept_online
    from motcua.payments.services.assessment import fee_assessment_allow_counter

    fee_assessment_allow_counter(actor=team_a.counter, dossier=submitted)
    dossier_accept_online(actor=team_a.counter, dossier=submitted)
    client.force_login(citizen_p)
    url = reverse("portal:stop_request", args=[submitted.pk])
    response = client.post(url, {"reason": " "}, follow=True)
    assert "Cần nêu lý do đề nghị dừng xử lý hồ sơ." in response.content.decode()
    assert not hasattr(Dossier.objects.get(pk=submitted.pk), "stop_request")
    response = client.post(url, {"reason": "Không còn nhu cầu"}, follow=True)
    assert "Đã gửi đề nghị dừng xử lý" in response.content.decode()


def test_a_notice_not_issued_is_404_and_the_receipt_downloads(
    client, citizen_p, submitted, team_a
) -> None:
    from motcua.dossiers.actions import dossier_accept_online
    from motcua.payments.services.assessment import fee_assessment_allow_counter

    client.force_login(citizen_p)
    assert client.get(reverse("portal:notice", args=[submitted.pk, "receipt"])).status_code == 404
    assert client.get(reverse("portal:notice", args=[submitted.pk, "control"])).status_code == 404
    fee_assessment_allow_counter(actor=team_a.counter, dossier=submitted)
    dossier_accept_online(actor=team_a.counter, dossier=submitted)
    page = client.get(reverse("portal:dossier", args=[submitted.pk])).content.decode()
    assert "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" in page
    response = client.get(reverse("portal:notice", args=[submitted.pk, "receipt"]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def _accepted(dossier, team):
    from motcua.dossiers.actions import dossier_accept_online
    from motcua.payments.services.assessment import fee_assessment_allow_counter

    fee_assessment_allow_counter(actor=team.counter, dossier=dossier)
    return dossier_accept_online(actor=team.counter, dossier=dossier)


def test_the_owner_answers_every_supplement_item_at_once(
    client, citizen_p, submitted, team_a
) -> None:
    from motcua.dossiers.actions import SupplementItemIn, dossier_supplement_request

    dossier = _accepted(submitted, team_a)
    declaration = dossier.procedure_version.documents.first()
    dossier_supplement_request(
        actor=team_a.counter,
        dossier=dossier,
        items=[
            SupplementItemIn(reason="Tờ khai thiếu chữ ký", requirement_id=declaration.pk),
            SupplementItemIn(reason="Cần bản chụp rõ nét", name="Giấy chứng sinh"),
        ],
    )
    client.force_login(citizen_p)
    url = reverse("portal:dossier", args=[dossier.pk])
    page = client.get(url).content.decode()
    assert "Tờ khai thiếu chữ ký" in page and "Cần bản chụp rõ nét" in page
    assert "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ" in page  # the notice to download

    supplement = reverse("portal:supplement", args=[dossier.pk])
    refused = client.post(supplement, {"note": "x"}, follow=True).content.decode()
    assert "Hãy gửi kèm ít nhất một tệp giấy tờ bổ sung." in refused
    assert not dossier.answers.exists()

    dossier.refresh_from_db()
    response = client.post(
        supplement,
        {
            "note": "Đã ký lại",
            "version": dossier.version,
            f"item_{declaration.pk}": pdf("to-khai-ky.pdf", b"signed"),
            "item_": pdf("chung-sinh.pdf", b"clear"),
        },
        follow=True,
    )
    assert "Đã gửi giấy tờ bổ sung" in response.content.decode()
    assert 'data-testid="supplement-sent"' in response.content.decode()
    answer = dossier.answers.get()
    assert answer.attachments.count() == 2 and answer.note == "Đã ký lại"


def test_the_state_refreshes_by_itself_and_links_appear_when_they_apply(
    client, citizen_p, submitted, team_a
) -> None:
    client.force_login(citizen_p)
    url = reverse("portal:dossier", args=[submitted.pk])
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 30s"' in page
    assert reverse("payments:pay", args=[submitted.pk]) in page  # a copy fee is owed
    assert reverse("feedback:rate", args=[submitted.pk]) not in page  # no result yet
    assert f"{reverse('feedback:new')}?dossier={submitted.pk}" in page
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert partial.startswith('<div id="dossier-state"') and "Mới đăng ký" in partial
    _accepted(submitted, team_a)
    page = client.get(url).content.decode()
    assert "Đã tiếp nhận" in page and "Tiếp nhận hồ sơ" in page  # state and timeline
    assert reverse("payments:pay", args=[submitted.pk]) not in page  # payable at the counter


def test_the_form_page_reads_a_fixed_number_of_queries(
    client, citizen_p, birth, agency_a, django_assert_max_num_queries
) -> None:
    client.force_login(citizen_p)
    draft = _ready_draft(citizen_p, birth, agency_a)
    for n in range(3):
        services.draft_file_add(
            actor=citizen_p,
            draft=draft,
            requirement_id=_documents(birth)[0].pk,
            upload=pdf(f"trang-{n}.pdf", bytes([n])),
        )
    with django_assert_max_num_queries(14):
        assert client.get(FORM).status_code == 200


def test_the_owner_downloads_the_electronic_result_from_the_dossier_page(
    client, settings, tmp_path, citizen_p, other_citizen, submitted, team_a
) -> None:
    from motcua.dossiers import actions as lifecycle
    from motcua.dossiers.actions import result_document_attach
    from tests.dossiers.test_results import RESULT, result_upload

    settings.MEDIA_ROOT = tmp_path
    client.force_login(citizen_p)
    url = reverse("portal:dossier", args=[submitted.pk])
    dossier = _accepted(submitted, team_a)
    for act in (
        lambda d: lifecycle.dossier_transfer(actor=team_a.counter, dossier=d),
        lambda d: lifecycle.dossier_transfer(actor=team_a.specialist, dossier=d),
        lambda d: lifecycle.dossier_approve(actor=team_a.leader, dossier=d),
    ):
        dossier = act(dossier)
    assert 'data-testid="results"' not in client.get(url).content.decode()  # not decided yet
    dossier = lifecycle.dossier_mark_processed(actor=team_a.counter, dossier=dossier)
    issued = result_document_attach(actor=team_a.counter, dossier=dossier, upload=result_upload())

    page = client.get(url).content.decode()
    download = reverse("dossiers:result", args=[dossier.code, issued.pk])
    assert f'href="{download}"' in page and "Tải kết quả (PDF)" in page
    assert f'href="{reverse("verify:check", args=[issued.code])}"' in page
    assert b"".join(client.get(download).streaming_content) == RESULT
    client.force_login(other_citizen)
    assert client.get(download).status_code == 404


def test_the_officer_reads_the_eform_by_its_labels_and_vietnamese_dates(
    client, submitted, officer_a
) -> None:
    client.force_login(officer_a)
    page = client.get(reverse("dossiers:detail", args=[submitted.code])).content.decode()
    born = date.fromisoformat(BIRTH_VALUES["child_birth_date"])
    assert "Ngày, tháng, năm sinh" in page and f"{born:%d/%m/%Y}" in page
    assert "child_birth_date" not in page and BIRTH_VALUES["child_birth_date"] not in page


def test_the_birth_form_offers_ethnicities_and_nationalities_kinh_and_viet_nam_chosen(
    client, citizen_p, birth, agency_a
) -> None:
    client.force_login(citizen_p)
    page = client.get(FORM).content.decode()
    for key in ("child_ethnicity", "mother_ethnicity"):
        select = page[page.index(f'name="{key}"') : page.index("</select>", page.index(key))]
        assert '<option value="01" selected>Kinh</option>' in select
        assert '<option value="54">Ơ-đu</option>' in select
    for key in ("child_nationality", "mother_nationality"):
        select = page[page.index(f'name="{key}"') : page.index("</select>", page.index(key))]
        assert '<option value="VN" selected>Việt Nam</option>' in select
        assert '<option value="JP">Nhật Bản</option>' in select
    # The father's may stay empty (no father on the record): nothing is chosen for him.
    father = page[page.index('name="father_ethnicity"') :]
    assert " selected>" not in father[: father.index("</select>")]


def test_an_ethnicity_not_in_the_list_is_refused(client, citizen_p, birth, agency_a) -> None:
    client.force_login(citizen_p)
    draft = services.draft_open(actor=citizen_p, procedure=birth)
    response = client.post(
        FORM, {"action": "submit", "key": draft.key, **BIRTH_VALUES, "child_ethnicity": "Kinh"}
    )
    assert response.status_code == 400
    assert 'data-testid="error-child_ethnicity">Lựa chọn không hợp lệ.' in response.content.decode()
    assert not Dossier.objects.exists()


def test_the_officer_reads_ethnicity_and_nationality_by_name(client, submitted, officer_a) -> None:
    client.force_login(officer_a)
    page = client.get(reverse("dossiers:detail", args=[submitted.code])).content.decode()
    online = page[page.index('data-testid="online"') :]
    assert "Kinh" in online and "Việt Nam" in online
    assert ">01<" not in online and ">VN<" not in online
