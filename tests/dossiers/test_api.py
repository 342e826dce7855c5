"""The dossier JSON API: scoping, authentication, idempotent receipt, transitions, PDFs."""

import unicodedata
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from motcua.accounts.services.access import api_token_issue
from motcua.core.models import AuditEvent
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from tests.dossiers.factories import APPLICANT, Team, mandatory_documents

pytestmark = pytest.mark.django_db

BASE = "/api/v1/dossiers/"


def bearer(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_token_issue(user=user).token}"}


def receive_body(procedure) -> dict[str, object]:
    return {
        "procedure": procedure.code,
        "applicant": {
            "name": APPLICANT.name,
            "personal_id": APPLICANT.personal_id,
            "phone": APPLICANT.phone,
            "address": APPLICANT.address,
        },
        "documents": [
            {"requirement_id": d.requirement_id, "originals": d.originals}
            for d in mandatory_documents(procedure)
        ],
    }


def routes(code: str) -> list[tuple[str, str, dict[str, object] | None]]:
    return [
        ("get", BASE, None),
        ("get", f"{BASE}{code}", None),
        ("post", f"{BASE}{code}/transitions/transfer", {"version": 1}),
        ("get", f"{BASE}{code}/transfer-options", None),
        ("get", f"{BASE}{code}/forms/receipt", None),
    ]


def call(client: Client, method: str, url: str, body: object = None, **headers: str):
    if method == "get":
        return client.get(url, headers=headers)
    return client.post(url, body, content_type="application/json", headers=headers)


# --- who may call what --------------------------------------------------------------------


def test_anonymous_gets_401_in_vietnamese_everywhere(client, received, steps_procedure):
    for method, url, body in [
        *routes(received.code),
        ("post", BASE, receive_body(steps_procedure)),
        ("post", f"{BASE}token", {}),
    ]:
        response = call(client, method, url, body)
        assert response.status_code == 401, url
        assert "đăng nhập" in response.json()["detail"]
    assert Dossier.objects.count() == 1


def test_citizen_gets_404_everywhere(client, citizen, received, steps_procedure):
    client.force_login(citizen)
    for method, url, body in [
        *routes(received.code),
        ("post", BASE, receive_body(steps_procedure)),
    ]:
        assert call(client, method, url, body).status_code == 404, url
    assert Dossier.objects.count() == 1


def test_officer_of_other_ward_gets_404_on_every_dossier_route(client, officer_b, received):
    for method, url, body in routes(received.code)[1:]:
        response = call(client, method, url, body, **bearer(officer_b))
        assert response.status_code == 404, url
        assert response.json()["detail"]
    received.refresh_from_db()
    assert received.state == State.RECEIVED


def test_officer_of_other_ward_does_not_find_the_dossier_in_search(client, officer_b, received):
    response = client.get(BASE, {"code": received.code}, headers=bearer(officer_b))
    assert response.json()["count"] == 0


def test_session_write_without_csrf_token_is_refused(officer_a, steps_procedure):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer_a)
    response = client.post(BASE, receive_body(steps_procedure), content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert Dossier.objects.count() == 0


def test_signed_in_officer_gets_a_token_that_works(client, officer_a, received):
    client.force_login(officer_a)
    token = client.post(f"{BASE}token").json()["token"]
    fresh = Client()
    response = fresh.get(f"{BASE}{received.code}", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json()["code"] == received.code


def test_token_is_void_after_a_password_change_or_when_forged(client, officer_a, received):
    headers = bearer(officer_a)
    officer_a.set_password("mat-khau-moi-2025")
    officer_a.save()
    response = client.get(f"{BASE}{received.code}", headers=headers)
    assert response.status_code == 401
    assert "hết hạn" in response.json()["detail"]
    forged = client.get(BASE, headers={"Authorization": "Bearer mc_abcdef"})
    assert forged.status_code == 401


def test_token_expires_after_api_token_hours(client, officer_a, received, settings):
    settings.API_TOKEN_HOURS = 12
    now = timezone.now()
    almost = api_token_issue(user=officer_a, now=now - timedelta(hours=12) + timedelta(minutes=1))
    expired = api_token_issue(user=officer_a, now=now - timedelta(hours=12))
    ok = client.get(BASE, headers={"Authorization": f"Bearer {almost.token}"})
    assert ok.status_code == 200
    refused = client.get(BASE, headers={"Authorization": f"Bearer {expired.token}"})
    assert refused.status_code == 401
    assert refused.json()["detail"] == "Mã truy cập API không hợp lệ hoặc đã hết hạn."


# --- receive ------------------------------------------------------------------------------


def test_receive_twice_with_one_idempotency_key_creates_one_dossier(
    client, officer_a, steps_procedure
):
    headers = {**bearer(officer_a), "Idempotency-Key": "0f1e2d3c"}
    first = call(client, "post", BASE, receive_body(steps_procedure), **headers)
    second = call(client, "post", BASE, receive_body(steps_procedure), **headers)
    assert first.status_code == 201
    assert first.json()["code"] == second.json()["code"]
    assert Dossier.objects.count() == 1
    body = first.json()
    assert body["state"] == State.RECEIVED
    assert body["national_status"] == 2
    assert body["due_at"]
    assert body["receipt_pdf"].endswith("/forms/receipt")


def test_receive_refuses_bad_input_in_vietnamese_and_writes_nothing(
    client, officer_a, steps_procedure
):
    headers = bearer(officer_a)  # issuing a token is an audited event of its own
    events = AuditEvent.objects.count()
    bad_id = receive_body(steps_procedure)
    bad_id["applicant"]["personal_id"] = "12345"  # type: ignore[index]
    unknown = {**receive_body(steps_procedure), "procedure": "9.999999"}
    missing = {**receive_body(steps_procedure), "documents": []}
    for body, words in ((bad_id, "định danh"), (unknown, "Không có thủ tục"), (missing, "thiếu")):
        response = call(client, "post", BASE, body, **headers)
        assert response.status_code == 400
        assert words in response.json()["detail"]
    malformed = call(client, "post", BASE, {"procedure": 3}, **headers)
    assert malformed.status_code == 422
    assert Dossier.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_input_that_does_not_fit_the_schema_is_explained_in_vietnamese(
    client, officer_a, steps_procedure
):
    body = receive_body(steps_procedure)
    body["applicant"] = {"phone": "0912345678"}  # no name
    body["sets"] = "hai"
    response = call(client, "post", BASE, body, **bearer(officer_a))
    assert response.status_code == 422
    data = response.json()
    assert data["detail"].startswith("Dữ liệu gửi lên không hợp lệ")
    problems = {e["field"]: e["message"] for e in data["errors"]}
    assert problems["applicant.name"] == "bắt buộc, chưa có"
    assert problems["sets"] == "cần là số nguyên"
    broken = client.post(
        BASE, "{not json", content_type="application/json", headers=bearer(officer_a)
    )
    assert broken.json() == {"detail": "Nội dung gửi lên không phải JSON hợp lệ."}
    assert broken.status_code == 400
    assert Dossier.objects.count() == 0


# --- search and read ----------------------------------------------------------------------


def test_search_filters_by_state_and_pages(client, officer_a, make_dossier):
    make_dossier(State.RECEIVED)
    make_dossier(State.IN_PROGRESS)
    in_progress = make_dossier(State.IN_PROGRESS)
    headers = bearer(officer_a)
    response = client.get(BASE, {"state": "in_progress", "page_size": 1}, headers=headers)
    body = response.json()
    assert (body["count"], body["pages"], len(body["items"])) == (2, 2, 1)
    assert body["items"][0]["code"] == in_progress.code  # newest first
    assert client.get(BASE, {"procedure": "khong-co"}, headers=headers).status_code == 400


def test_one_dossier_lists_its_steps_and_the_viewers_actions(client, team_a: Team, received):
    response = client.get(f"{BASE}{received.code}", headers=bearer(team_a.counter))
    body = response.json()
    assert [s["name"] for s in body["steps"]][:2] == [
        "Tiếp nhận, kiểm tra hồ sơ",
        "Thẩm định hồ sơ",
    ]
    assert "transfer" in body["allowed_actions"]
    assert body["applicant"]["personal_id"] == APPLICANT.personal_id


# --- transitions --------------------------------------------------------------------------


def test_transitions_take_a_dossier_to_approval(client, team_a: Team, received):
    url = f"{BASE}{received.code}/transitions/"
    version = received.version
    for actor in (team_a.counter, team_a.specialist):
        response = call(client, "post", url + "transfer", {"version": version}, **bearer(actor))
        assert response.status_code == 200, response.json()
        version = response.json()["version"]
    response = call(
        client,
        "post",
        url + "approve",
        {"version": version, "note": "Đồng ý"},
        **bearer(team_a.leader),
    )
    assert response.status_code == 200
    assert response.json()["state"] == State.APPROVED


def test_transition_refusals_are_4xx_and_write_nothing(client, team_a: Team, make_dossier):
    dossier = make_dossier(State.IN_PROGRESS)
    url = f"{BASE}{dossier.code}/transitions/"
    # Issuing a token is an audited event of its own: the tokens first.
    headers = {officer.pk: bearer(officer) for officer in (team_a.leader, team_a.specialist)}
    events = AuditEvent.objects.count()
    cases = [
        (team_a.leader, "approve", {"version": dossier.version}, 400),  # not the leader's step
        (team_a.specialist, "transfer", {"version": dossier.version - 1}, 409),  # stale
        (team_a.specialist, "refuse_after_appraisal", {"version": dossier.version}, 400),
        (team_a.specialist, "fly_away", {"version": dossier.version}, 404),
        (
            team_a.specialist,
            "supplement_request",
            {"version": dossier.version, "items": [{"requirement_id": 0, "reason": "x"}]},
            400,
        ),
    ]
    for actor, name, body, status in cases:
        response = call(client, "post", url + name, body, **headers[actor.pk])
        assert response.status_code == status, (name, response.json())
        assert isinstance(response.json()["detail"], str)
    dossier.refresh_from_db()
    assert dossier.state == State.IN_PROGRESS
    assert AuditEvent.objects.count() == events


def test_transfer_names_the_handler_or_the_joint_agency(
    client, team_a: Team, team_b: Team, make_dossier
):
    dossier = make_dossier(State.IN_PROGRESS)
    url = f"{BASE}{dossier.code}/transitions/transfer"
    wrong = {"version": dossier.version, "handler": team_b.leader.pk}
    response = call(client, "post", url, wrong, **bearer(team_a.specialist))
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Người xử lý bước tiếp theo:")
    body = {"version": dossier.version, "to_agency": team_b.agency.pk, "note": "Xác minh"}
    response = call(client, "post", url, body, **bearer(team_a.specialist))
    assert response.status_code == 200, response.json()
    assert team_b.agency.name in [step["agency"] for step in response.json()["steps"]]
    dossier.refresh_from_db()
    assert dossier.current_agency == team_b.agency


def test_transfer_options_give_the_ids_the_transfer_takes(
    client, team_a: Team, team_b: Team, make_dossier
):
    dossier = make_dossier(State.IN_PROGRESS)  # at the specialist's; the leader signs next
    url = f"{BASE}{dossier.code}/transfer-options"
    body = call(client, "get", url, **bearer(team_a.specialist)).json()
    assert body["next_step"] == dossier.steps.get(role="leader").name
    assert {(h["id"], h["role"]) for h in body["handlers"]} == {
        (team_a.leader.pk, "leader"),
        (team_a.manager.pk, "manager"),
    }
    assert body["agencies"] == [{"id": team_b.agency.pk, "name": team_b.agency.name}]
    returned = make_dossier(State.RETURNED)
    response = call(
        client, "get", f"{BASE}{returned.code}/transfer-options", **bearer(team_a.specialist)
    )
    assert response.status_code == 400 and "bước xử lý" in response.json()["detail"]


def test_supplement_request_through_the_api(client, team_a: Team, make_dossier):
    received = make_dossier(State.RECEIVED, at=timezone.now())
    requirement = received.procedure_version.documents.order_by("position").first()
    body = {
        "version": received.version,
        "items": [
            {"requirement_id": requirement.pk, "reason": "Thiếu chữ ký"},
            {"name": "Giấy ủy quyền", "reason": "Chưa chứng thực"},
        ],
    }
    response = call(
        client,
        "post",
        f"{BASE}{received.code}/transitions/supplement_request",
        body,
        **bearer(team_a.counter),
    )
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == State.SUPPLEMENT_REQUESTED
    items = list(received.supplements.get().items.values_list("name", "reason"))
    assert items == [(requirement.name, "Thiếu chữ ký"), ("Giấy ủy quyền", "Chưa chứng thực")]


def test_apology_with_an_iso_moment(client, team_a: Team, make_dossier):
    dossier = make_dossier(State.IN_PROGRESS, at=timezone.now())
    body = {
        "version": dossier.version,
        "reason": "Cần xác minh thêm",
        "new_due_at": (dossier.due_at + timedelta(days=7)).isoformat(),
    }
    response = call(
        client, "post", f"{BASE}{dossier.code}/transitions/apologise", body, **bearer(team_a.leader)
    )
    assert response.status_code == 200, response.json()
    assert response.json()["apology_count"] == 1


# --- forms --------------------------------------------------------------------------------


def test_receipt_pdf_downloads(client, officer_a, received):
    response = client.get(f"{BASE}{received.code}/forms/receipt", headers=bearer(officer_a))
    if response.status_code == 503:
        pytest.skip(response.json()["detail"])  # no Pango on this machine
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_form_the_dossier_does_not_have_is_404(client, officer_a, received):
    response = client.get(f"{BASE}{received.code}/forms/apology", headers=bearer(officer_a))
    assert response.status_code == 404
    assert "phiếu" in response.json()["detail"]


def test_openapi_documents_the_dossier_routes(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/dossiers/{code}/transitions/{name}" in paths
    assert "/api/v1/dossiers/" in paths


def test_step_actions_are_listed_for_whoever_holds_the_step(client, team_a: Team, make_dossier):
    dossier = make_dossier(State.IN_PROGRESS)  # at the specialist's step
    url = f"{BASE}{dossier.code}"
    leader = call(client, "get", url, **bearer(team_a.leader)).json()["allowed_actions"]
    specialist = call(client, "get", url, **bearer(team_a.specialist)).json()["allowed_actions"]
    assert "approve" not in leader and "transfer" in specialist


def test_text_with_a_control_character_is_refused_naming_the_field(client, team_a: Team, received):
    body = receive_body(received.procedure)
    body["applicant"] = {"name": "Nguyễn\x00 Văn An", "phone": APPLICANT.phone}
    response = call(client, "post", BASE, body, **bearer(team_a.counter))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "applicant.name"
    url = f"{BASE}{received.code}/transitions/transfer"
    note = {"version": received.version, "note": "Đồng ý\x00"}
    assert call(client, "post", url, note, **bearer(team_a.counter)).status_code == 422
    search = client.get(BASE, {"applicant": "An\x00"}, headers=bearer(team_a.counter))
    assert search.status_code == 422
    assert Dossier.objects.count() == 1


def test_text_typed_decomposed_is_stored_composed(client, team_a: Team, steps_procedure):
    body = receive_body(steps_procedure)
    body["applicant"] = {"name": unicodedata.normalize("NFD", "Lê Thị Ễ")}
    response = call(client, "post", BASE, body, **bearer(team_a.counter))
    assert response.status_code == 201, response.json()
    assert Dossier.objects.get().applicant_name == "Lê Thị Ễ"


def test_a_receipt_with_too_many_documents_is_refused(client, team_a: Team, steps_procedure):
    body = {**receive_body(steps_procedure), "documents": [{"name": "Giấy", "originals": 1}] * 101}
    assert call(client, "post", BASE, body, **bearer(team_a.counter)).status_code == 422
    assert not Dossier.objects.exists()
