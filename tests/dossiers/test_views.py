"""The counter screen, the work queue and the dossier page, through the Django client."""

from datetime import timedelta

import pytest
from django.forms import BooleanField
from django.urls import reverse
from django.utils import timezone

from motcua.core.access_log import ACCESS_ACTION
from motcua.core.models import AuditEvent
from motcua.dossiers import actions
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from tests.dossiers.factories import APPLICANT, Team, receive
from tests.factories import AgencyFactory, ProvinceFactory, WardFactory
from tests.portal.conftest import load_procedures

pytestmark = pytest.mark.django_db


def receive_data(procedure, *, key: str = "khoa-1", **extra) -> dict[str, object]:
    """What the counter screen posts for a complete dossier of `procedure`."""
    version = procedure.versions.get()
    data: dict[str, object] = {
        "procedure": procedure.slug,
        "idempotency_key": key,
        "applicant_personal_id": APPLICANT.personal_id,
        "applicant_name": APPLICANT.name,
        "applicant_birth_date": "1990-05-17",
        "applicant_phone": APPLICANT.phone,
        "applicant_email": "",
        "applicant_address": APPLICANT.address,
        "channel": "1",
        "sets": "1",
        "note": "",
        "other_items": "",
        "refusal_reasons": "",
        "do": "receive",
    }
    for requirement in version.documents.all():
        pk = requirement.pk
        if requirement.is_mandatory:
            data[f"doc_{pk}"] = "on"
        data.update({f"originals_{pk}": "1", f"certified_{pk}": "0", f"copies_{pk}": "0"})
        data[f"reason_{pk}"] = ""
    data.update(extra)
    return data


def first_requirement(procedure):
    return procedure.versions.get().documents.order_by("position").first()


# --- who may see what ---------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_sign_in_from_every_screen(client, received):
    for url in (
        reverse("dossiers:queue"),
        reverse("dossiers:receive"),
        reverse("dossiers:receive_procedures"),
        reverse("dossiers:receive_applicant"),
        reverse("dossiers:detail", args=[received.code]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert reverse("accounts:login") in response["Location"]
    act = reverse("dossiers:act", args=[received.code, "transfer"])
    assert client.post(act, {"transfer-version": received.version}).status_code == 302
    assert Dossier.objects.get().state == State.RECEIVED


def test_citizen_gets_404_on_every_officer_screen(client, citizen, received):
    client.force_login(citizen)
    for url in (
        reverse("dossiers:queue"),
        reverse("dossiers:receive"),
        reverse("dossiers:receive_procedures"),
        reverse("dossiers:receive_applicant"),
        reverse("dossiers:detail", args=[received.code]),
    ):
        assert client.get(url).status_code == 404, url
    act = reverse("dossiers:act", args=[received.code, "withdraw"])
    assert client.post(act, {"withdraw-version": received.version}).status_code == 404
    assert Dossier.objects.get().state == State.RECEIVED


def test_officer_of_other_ward_gets_404_on_the_dossier_and_its_actions(client, officer_b, received):
    client.force_login(officer_b)
    assert client.get(reverse("dossiers:detail", args=[received.code])).status_code == 404
    act = reverse("dossiers:act", args=[received.code, "transfer"])
    assert client.post(act, {"transfer-version": received.version}).status_code == 404
    received.refresh_from_db()
    assert received.state == State.RECEIVED


def test_officer_of_other_ward_does_not_see_the_dossier_in_the_queue(client, officer_b, received):
    client.force_login(officer_b)
    response = client.get(reverse("dossiers:queue"))
    assert response.status_code == 200
    assert received.code not in response.content.decode()


def test_applicant_of_other_ward_is_not_filled_in(client, officer_b, received, steps_procedure):
    client.force_login(officer_b)
    response = client.get(
        reverse("dossiers:receive_applicant"),
        {"applicant_personal_id": APPLICANT.personal_id},
    )
    assert response.status_code == 200
    assert APPLICANT.name not in response.content.decode()


def test_unknown_action_is_404_and_changes_nothing(client, officer_a, received):
    client.force_login(officer_a)
    act = reverse("dossiers:act", args=[received.code, "receive"])
    assert client.post(act, {"receive-version": received.version}).status_code == 404
    assert client.post(reverse("dossiers:act", args=[received.code, "nonsense"])).status_code == 404


# --- the counter --------------------------------------------------------------------------


def test_only_counter_officers_and_managers_get_the_counter_form(
    client, team_a: Team, steps_procedure
):
    client.force_login(team_a.specialist)
    url = reverse("dossiers:receive")
    response = client.get(url, {"procedure": steps_procedure.slug})
    assert response.status_code == 403
    assert "Chỉ cán bộ một cửa" in response.content.decode()
    assert client.post(url, receive_data(steps_procedure)).status_code == 403
    assert Dossier.objects.count() == 0
    client.force_login(team_a.manager)
    assert client.get(url, {"procedure": steps_procedure.slug}).status_code == 200


def test_counter_types_a_few_letters_and_gets_the_procedure(client, officer_a, steps_procedure):
    client.force_login(officer_a)
    response = client.get(reverse("dossiers:receive_procedures"), {"q": "tinh trang hon nhan"})
    assert steps_procedure.name in response.content.decode()


def test_picked_procedure_brings_its_checklist_with_a_one_time_key(
    client, officer_a, steps_procedure
):
    client.force_login(officer_a)
    response = client.get(reverse("dossiers:receive"), {"procedure": steps_procedure.slug})
    page = response.content.decode()
    assert "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân" in page
    assert "Bản án ly hôn" in page
    key = response.context["form"]["idempotency_key"].value()
    assert len(key) == 32
    again = client.get(reverse("dossiers:receive"), {"procedure": steps_procedure.slug})
    assert again.context["form"]["idempotency_key"].value() != key


def test_counter_receives_and_lands_on_the_dossier_page_with_the_receipt(
    client, officer_a, steps_procedure
):
    client.force_login(officer_a)
    response = client.post(reverse("dossiers:receive"), receive_data(steps_procedure))
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    # "Tiếp nhận và in giấy hẹn": the dossier page prints the receipt from a frame.
    detail = reverse("dossiers:detail", args=[dossier.code])
    assert response["Location"] == f"{detail}?print=receipt"
    assert dossier.state == State.RECEIVED
    assert dossier.applicant_personal_id == APPLICANT.personal_id
    assert dossier.documents.count() == 1
    page = client.get(response["Location"]).content.decode()
    receipt = reverse("dossiers:form_pdf", args=[dossier.code, "receipt"])
    assert f'data-print-frame data-src="{receipt}"' in page
    assert "Đã lập hồ sơ" in page
    assert "data-print-frame" not in client.get(detail).content.decode()  # printed once


def test_receiving_with_a_supplement_request_prints_nothing_by_itself(
    client, officer_a, steps_procedure
):
    client.force_login(officer_a)
    data = receive_data(steps_procedure, do="supplement")
    data[f"reason_{first_requirement(steps_procedure).pk}"] = "Thiếu chữ ký"
    del data[f"doc_{first_requirement(steps_procedure).pk}"]
    response = client.post(reverse("dossiers:receive"), data)
    assert response.status_code == 302 and "print=" not in response["Location"]


def test_double_submit_creates_one_dossier(client, officer_a, steps_procedure):
    client.force_login(officer_a)
    data = receive_data(steps_procedure, key="nhan-doi")
    first = client.post(reverse("dossiers:receive"), data)
    second = client.post(reverse("dossiers:receive"), data)
    assert Dossier.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_bad_personal_id_is_refused_with_a_message_and_nothing_written(
    client, officer_a, steps_procedure
):
    client.force_login(officer_a)
    events = AuditEvent.objects.count()
    data = receive_data(steps_procedure, applicant_personal_id="12345")
    response = client.post(reverse("dossiers:receive"), data)
    assert response.status_code == 400
    assert "định danh" in response.content.decode()
    assert Dossier.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_missing_mandatory_document_is_refused_with_the_service_message(
    client, officer_a, steps_procedure
):
    client.force_login(officer_a)
    data = receive_data(steps_procedure)
    del data[f"doc_{first_requirement(steps_procedure).pk}"]
    response = client.post(reverse("dossiers:receive"), data)
    assert response.status_code == 400
    assert "còn thiếu giấy tờ bắt buộc" in response.content.decode()
    assert Dossier.objects.count() == 0


def test_counter_refuses_with_reasons(client, officer_a, steps_procedure):
    client.force_login(officer_a)
    data = receive_data(
        steps_procedure, do="refuse", refusal_reasons="Không thuộc thẩm quyền\nThiếu tờ khai"
    )
    response = client.post(reverse("dossiers:receive"), data)
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert dossier.state == State.NOT_RECEIVED
    assert dossier.refusals.get().reasons == ["Không thuộc thẩm quyền", "Thiếu tờ khai"]


def test_double_click_on_refuse_makes_one_refusal(client, officer_a, steps_procedure):
    client.force_login(officer_a)
    data = receive_data(steps_procedure, key="tu-choi-doi", do="refuse", refusal_reasons="Sai")
    first = client.post(reverse("dossiers:receive"), data)
    second = client.post(reverse("dossiers:receive"), data)
    assert first["Location"] == second["Location"]
    assert Dossier.objects.get().code.endswith("-0001")
    # The number the second click took is given back: the next dossier is 0002.
    client.post(reverse("dossiers:receive"), receive_data(steps_procedure, key="tiep"))
    assert sorted(d.code[-4:] for d in Dossier.objects.all()) == ["0001", "0002"]


def test_refusal_without_reasons_writes_nothing(client, officer_a, steps_procedure):
    client.force_login(officer_a)
    response = client.post(reverse("dossiers:receive"), receive_data(steps_procedure, do="refuse"))
    assert response.status_code == 400
    assert "ít nhất một lý do" in response.content.decode()
    assert Dossier.objects.count() == 0


def test_counter_issues_one_consolidated_supplement_request(client, officer_a, steps_procedure):
    client.force_login(officer_a)
    requirement = first_requirement(steps_procedure)
    data = receive_data(
        steps_procedure,
        do="supplement",
        **{
            f"reason_{requirement.pk}": "Thiếu chữ ký của người yêu cầu",
            "other_items": "Giấy ủy quyền: chưa được chứng thực",
        },
    )
    response = client.post(reverse("dossiers:receive"), data)
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert dossier.state == State.SUPPLEMENT_REQUESTED
    items = list(dossier.supplements.get().items.values_list("name", "reason"))
    assert items == [
        (requirement.name, "Thiếu chữ ký của người yêu cầu"),
        ("Giấy ủy quyền", "chưa được chứng thực"),
    ]


def test_counter_asks_for_a_missing_mandatory_document_in_the_supplement_request(
    client, officer_a, steps_procedure
):
    # The applicant came without a mandatory paper: received, and asked for it at once.
    client.force_login(officer_a)
    requirement = first_requirement(steps_procedure)
    assert requirement.is_mandatory
    data = receive_data(steps_procedure, do="supplement")
    del data[f"doc_{requirement.pk}"]
    data[f"reason_{requirement.pk}"] = "Chưa mang theo"
    assert client.post(reverse("dossiers:receive"), data).status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.state == State.SUPPLEMENT_REQUESTED
    assert requirement.pk not in {d.requirement_id for d in dossier.documents.all()}
    assert list(dossier.supplements.get().items.values_list("name", "reason")) == [
        (requirement.name, "Chưa mang theo")
    ]


def test_missing_mandatory_document_not_asked_for_receives_nothing(
    client, officer_a, steps_procedure
):
    client.force_login(officer_a)
    missing = first_requirement(steps_procedure)
    data = receive_data(
        steps_procedure, do="supplement", other_items="Giấy ủy quyền: chưa chứng thực"
    )
    del data[f"doc_{missing.pk}"]
    events = AuditEvent.objects.count()
    response = client.post(reverse("dossiers:receive"), data)
    assert response.status_code == 400
    assert "còn thiếu giấy tờ bắt buộc" in response.content.decode()
    assert not Dossier.objects.exists()
    assert AuditEvent.objects.count() == events


def test_supplement_without_any_reason_receives_nothing(client, officer_a, steps_procedure):
    client.force_login(officer_a)
    response = client.post(
        reverse("dossiers:receive"), receive_data(steps_procedure, do="supplement")
    )
    assert response.status_code == 400
    assert Dossier.objects.count() == 0


def test_known_applicant_details_are_filled_in(client, officer_a, received):
    client.force_login(officer_a)
    response = client.get(
        reverse("dossiers:receive_applicant"),
        {"applicant_personal_id": "001 090 001 234", "applicant_phone": "0988000111"},
    )
    page = response.content.decode()
    assert APPLICANT.name in page
    assert APPLICANT.address in page
    assert "0988000111" in page  # what the officer typed wins
    assert received.code in page


def test_reusing_an_applicants_details_is_traced_on_their_dossier(
    client, officer_a, officer_b, received
):
    lookup = reverse("dossiers:receive_applicant")
    client.force_login(officer_b)  # another ward: finds nothing, reads nothing
    client.get(lookup, {"applicant_personal_id": APPLICANT.personal_id})
    assert not AuditEvent.objects.filter(action="dossier.applicant_details_read").exists()
    client.force_login(officer_a)
    client.get(lookup, {"applicant_personal_id": APPLICANT.personal_id})
    event = AuditEvent.objects.get(action="dossier.applicant_details_read")
    assert (event.actor, event.target_id) == (officer_a, str(received.pk))
    timeline = client.get(_url(received)).content.decode()
    assert "Thông tin người nộp được dùng lại khi tiếp nhận hồ sơ khác" in timeline


def test_applicant_lookup_explains_a_bad_id_number(client, officer_a, received):
    client.force_login(officer_a)
    response = client.get(reverse("dossiers:receive_applicant"), {"applicant_personal_id": "12"})
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()


# --- the work queue -----------------------------------------------------------------------


def test_queue_lists_open_dossiers_soonest_due_first_with_colours(
    client, officer_a, team_a: Team, steps_procedure
):
    now = timezone.now()
    late = receive(team_a, steps_procedure, at=now - timedelta(days=20))
    fresh = receive(team_a, steps_procedure, at=now)
    client.force_login(officer_a)
    response = client.get(reverse("dossiers:queue"))
    rows = response.context["rows"]
    assert [row["dossier"].code for row in rows] == [late.code, fresh.code]
    assert rows[0]["colour"] == "late"
    assert rows[1]["colour"] in {"on_time", "due_soon"}
    assert "Quá hạn" in response.content.decode()  # the legend and the badge


def test_queue_filters_by_state_and_code(client, officer_a, make_dossier):
    received = make_dossier(State.RECEIVED)
    in_progress = make_dossier(State.IN_PROGRESS)
    client.force_login(officer_a)
    by_state = client.get(reverse("dossiers:queue"), {"state": State.IN_PROGRESS})
    assert [r["dossier"] for r in by_state.context["rows"]] == [in_progress]
    by_code = client.get(reverse("dossiers:queue"), {"q": received.code[-6:]})
    assert [r["dossier"] for r in by_code.context["rows"]] == [received]
    partial = client.get(reverse("dossiers:queue"), {"q": "khong-co"}, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode()
    assert "Không có hồ sơ nào" in partial.content.decode()


def test_counter_sees_decided_dossiers_in_the_to_return_list(client, officer_a, make_dossier):
    processed = make_dossier(State.PROCESSED)
    make_dossier(State.IN_PROGRESS)
    client.force_login(officer_a)
    response = client.get(reverse("dossiers:queue"), {"list": "return"})
    assert [r["dossier"] for r in response.context["rows"]] == [processed]


def test_queue_pages_of_25(client, officer_a, team_a: Team, steps_procedure):
    for _ in range(26):
        receive(team_a, steps_procedure, at=timezone.now())
    client.force_login(officer_a)
    first = client.get(reverse("dossiers:queue"))
    assert len(first.context["rows"]) == 25
    second = client.get(reverse("dossiers:queue"), {"page": 2})
    assert len(second.context["rows"]) == 1


# --- the dossier page ---------------------------------------------------------------------


def test_dossier_page_shows_clock_steps_documents_and_timeline(client, officer_a, received):
    client.force_login(officer_a)
    response = client.get(reverse("dossiers:detail", args=[received.code]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "10:00 10/07/2025" in page or "09:00 10/07/2025" in page  # the appointment
    for step in ("Tiếp nhận, kiểm tra hồ sơ", "Thẩm định hồ sơ", "Lãnh đạo ký duyệt"):
        assert step in page
    assert "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân" in page
    assert "Tiếp nhận hồ sơ" in page  # the timeline's first event


def test_actions_follow_the_role_and_the_state(client, team_a: Team, make_dossier):
    dossier = make_dossier(State.IN_PROGRESS)  # at the specialist's step
    client.force_login(team_a.leader)
    leader_actions = {f.action.value for f in client.get(_url(dossier)).context["action_forms"]}
    assert "approve" not in leader_actions  # not the leader's step yet: no button to fail
    assert "supplement_receive" not in leader_actions
    actions.dossier_transfer(actor=team_a.specialist, dossier=dossier)
    leader_actions = {f.action.value for f in client.get(_url(dossier)).context["action_forms"]}
    assert "approve" in leader_actions
    client.force_login(team_a.counter)
    counter_actions = {f.action.value for f in client.get(_url(dossier)).context["action_forms"]}
    assert "approve" not in counter_actions


def test_leader_approves_at_the_leader_step(client, team_a: Team, make_dossier):
    dossier = make_dossier(State.IN_PROGRESS)
    actions.dossier_transfer(actor=team_a.specialist, dossier=dossier)
    dossier.refresh_from_db()
    client.force_login(team_a.leader)
    response = client.post(
        reverse("dossiers:act", args=[dossier.code, "approve"]),
        {"approve-version": dossier.version, "approve-note": "Đồng ý"},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == State.APPROVED


def test_refused_action_shows_the_reason_and_writes_nothing(client, team_a: Team, make_dossier):
    dossier = make_dossier(State.IN_PROGRESS)  # at the specialist's step, not the leader's
    events = AuditEvent.objects.exclude(action=ACCESS_ACTION).count()
    client.force_login(team_a.leader)
    response = client.post(
        reverse("dossiers:act", args=[dossier.code, "approve"]),
        {"approve-version": dossier.version},
        follow=True,
    )
    assert "Thẩm định hồ sơ" in response.content.decode()  # the step that is due
    assert response.context["messages"]
    dossier.refresh_from_db()
    assert dossier.state == State.IN_PROGRESS
    assert AuditEvent.objects.exclude(action=ACCESS_ACTION).count() == events  # page views aside


def test_stale_screen_is_refused(client, team_a: Team, make_dossier):
    dossier = make_dossier(State.IN_PROGRESS)
    client.force_login(team_a.specialist)
    response = client.post(
        reverse("dossiers:act", args=[dossier.code, "transfer"]),
        {"transfer-version": dossier.version - 1},
        follow=True,
    )
    assert "vừa được người khác cập nhật" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.current_step.name == "Thẩm định hồ sơ"


def _transfer_form(client, dossier):
    forms = client.get(_url(dossier)).context["action_forms"]
    return next(form for form in forms if form.action.value == "transfer")


def test_transfer_offers_the_next_steps_officers_and_the_provinces_agencies(
    client, team_a: Team, team_b: Team, make_dossier
):
    far = AgencyFactory.create(
        unit=WardFactory.create(parent=ProvinceFactory.create(code="79", name="TP Hồ Chí Minh"))
    )
    dossier = make_dossier(State.IN_PROGRESS)  # at the specialist's; the leader signs next
    client.force_login(team_a.specialist)
    form = _transfer_form(client, dossier)
    assert set(form.fields["handler"].queryset) == {team_a.leader, team_a.manager}
    assert set(form.fields["to_agency"].queryset) == {team_b.agency}  # not far, not itself
    assert far not in form.fields["to_agency"].queryset
    html = client.get(_url(dossier)).content.decode()
    assert "Leader" in html and "(Lãnh đạo" in html  # by name and role, not by username


def test_specialist_names_the_leader_who_signs(client, team_a: Team, make_dossier):
    dossier = make_dossier(State.IN_PROGRESS)
    client.force_login(team_a.specialist)
    response = client.post(
        reverse("dossiers:act", args=[dossier.code, "transfer"]),
        {"transfer-version": dossier.version, "transfer-handler": team_a.leader.pk},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.current_step.role == "leader"
    assert dossier.current_step.handler == team_a.leader


def test_joint_processing_from_the_dossier_page_reaches_the_other_ward(
    client, team_a: Team, team_b: Team, make_dossier
):
    dossier = make_dossier(State.IN_PROGRESS)
    client.force_login(team_a.specialist)
    client.post(
        reverse("dossiers:act", args=[dossier.code, "transfer"]),
        {
            "transfer-version": dossier.version,
            "transfer-to_agency": team_b.agency.pk,
            "transfer-note": "Xác minh nơi cư trú",
        },
    )
    dossier.refresh_from_db()
    assert dossier.current_agency == team_b.agency
    assert "Phối hợp xử lý" in dossier.current_step.name
    client.force_login(team_b.specialist)
    assert dossier.code in client.get(reverse("dossiers:queue")).content.decode()


def test_handler_of_another_ward_is_refused_and_changes_nothing(
    client, team_a: Team, team_b: Team, make_dossier
):
    dossier = make_dossier(State.IN_PROGRESS)
    events = AuditEvent.objects.count()
    client.force_login(team_a.specialist)
    response = client.post(
        reverse("dossiers:act", args=[dossier.code, "transfer"]),
        {"transfer-version": dossier.version, "transfer-handler": team_b.leader.pk},
    )
    assert response.status_code == 400  # not one of the choices
    shown = next(f for f in response.context["action_forms"] if f.action.value == "transfer")
    assert "handler" in shown.errors
    dossier.refresh_from_db()
    assert dossier.current_step.name == "Thẩm định hồ sơ"
    assert AuditEvent.objects.count() == events


def test_refusal_after_appraisal_needs_reasons(client, team_a: Team, make_dossier):
    dossier = make_dossier(State.IN_PROGRESS)
    client.force_login(team_a.specialist)
    url = reverse("dossiers:act", args=[dossier.code, "refuse_after_appraisal"])
    response = client.post(url, {"refuse_after_appraisal-version": dossier.version})
    assert response.status_code == 400
    dossier.refresh_from_db()
    assert dossier.state == State.IN_PROGRESS
    client.post(
        url,
        {
            "refuse_after_appraisal-version": dossier.version,
            "refuse_after_appraisal-reasons": "Không cư trú trên địa bàn\nHồ sơ giả mạo",
        },
    )
    dossier.refresh_from_db()
    assert dossier.state == State.REFUSED
    assert dossier.refusals.get().reasons == ["Không cư trú trên địa bàn", "Hồ sơ giả mạo"]


def test_leader_apologises_with_a_new_date(client, team_a: Team, make_dossier):
    dossier = make_dossier(State.IN_PROGRESS, at=timezone.now())
    client.force_login(team_a.leader)
    new_due = (dossier.due_at + timedelta(days=7)).astimezone(timezone.get_current_timezone())
    response = client.post(
        reverse("dossiers:act", args=[dossier.code, "apologise"]),
        {
            "apologise-version": dossier.version,
            "apologise-reason": "Cần xác minh thêm tại nơi cư trú trước đây",
            "apologise-new_due_at": new_due.strftime("%Y-%m-%dT%H:%M"),
        },
        follow=True,
    )
    dossier.refresh_from_db()
    assert dossier.apology_count == 1, response.context["messages"]
    assert "Phiếu xin lỗi số" in response.content.decode()


def _url(dossier: Dossier) -> str:
    return reverse("dossiers:detail", args=[dossier.code])


def test_queue_and_page_queries_do_not_grow_with_the_dossiers(
    client, officer_a, team_a: Team, steps_procedure, django_assert_max_num_queries
):
    dossiers = [receive(team_a, steps_procedure, at=timezone.now()) for _ in range(30)]
    client.force_login(officer_a)
    with django_assert_max_num_queries(10):
        client.get(reverse("dossiers:queue"))
    # 20, the transfer form's two lists, and the access event (savepoint, chain head
    # lock, insert, head move, release: one statement less on PostgreSQL).
    with django_assert_max_num_queries(27):
        client.get(_url(dossiers[-1]))


def test_the_page_offers_a_step_action_only_to_whoever_holds_the_step(
    client, team_a: Team, make_dossier
):
    dossier = make_dossier(State.IN_PROGRESS)  # at the specialist's step; the leader signs next
    url = reverse("dossiers:detail", args=[dossier.code])
    client.force_login(team_a.leader)
    page = client.get(url).content.decode()
    assert 'data-action="approve"' not in page and 'data-action="transfer"' not in page
    assert "Đang chờ Chuyên viên của" in page and team_a.agency.name in page
    client.force_login(team_a.specialist)
    page = client.get(url).content.decode()
    assert 'data-action="transfer"' in page and 'data-testid="waiting-for"' not in page


def _as_shown(form) -> dict[str, object]:
    """What the counter screen posts when the officer changes nothing."""
    data: dict[str, object] = {}
    for name, field in form.fields.items():
        shown = form.initial.get(name, field.initial)
        if isinstance(field, BooleanField):
            if shown:
                data[name] = "on"
        elif shown is not None:
            data[name] = shown
    return data


def test_the_checklist_starts_with_nothing_ticked_and_no_counts(client, officer_a):
    load_procedures("dang-ky-khai-sinh")
    client.force_login(officer_a)
    response = client.get(reverse("dossiers:receive"), {"procedure": "dang-ky-khai-sinh"})
    page = response.content.decode()
    checklist = page[page.index('data-testid="checklist"') : page.index("</table>")]
    assert " checked" not in checklist
    assert 'value="0"' not in checklist and 'value="1"' not in checklist
    # Each mandatory document says so; the conditional ones say when they are needed.
    form = response.context["form"]
    mandatory = [r for r in form.requirements if r.is_mandatory]
    assert mandatory and checklist.count('data-testid="mandatory"') == len(mandatory)


def test_receiving_the_checklist_as_first_shown_is_refused_for_the_missing_papers(
    client, officer_a
):
    load_procedures("dang-ky-khai-sinh")
    client.force_login(officer_a)
    url = reverse("dossiers:receive")
    form = client.get(url, {"procedure": "dang-ky-khai-sinh"}).context["form"]
    data = _as_shown(form) | {"procedure": "dang-ky-khai-sinh", "do": "receive"}
    data |= {"applicant_name": APPLICANT.name, "applicant_phone": APPLICANT.phone}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "còn thiếu giấy tờ bắt buộc" in response.content.decode()
    assert not Dossier.objects.exists()


def test_a_ticked_document_counts_as_its_requirement_asks(client, officer_a):
    """Ticked with no count: the declaration is one original; the identity paper is
    shown for comparison, with no copy left in the dossier."""
    load_procedures("dang-ky-khai-sinh")
    client.force_login(officer_a)
    url = reverse("dossiers:receive")
    form = client.get(url, {"procedure": "dang-ky-khai-sinh"}).context["form"]
    data = _as_shown(form) | {"procedure": "dang-ky-khai-sinh", "do": "receive"}
    for requirement in form.requirements:
        if requirement.is_mandatory:
            data[f"doc_{requirement.pk}"] = "on"
    data |= {"applicant_name": APPLICANT.name, "applicant_phone": APPLICANT.phone}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].non_field_errors()
    counts = {
        d.requirement.form: (d.originals, d.certified_copies, d.photocopies)
        for d in Dossier.objects.get().documents.select_related("requirement")
        if d.requirement is not None
    }
    assert counts == {"original": (1, 0, 0), "present": (0, 0, 0)}
