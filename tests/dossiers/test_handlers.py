"""Who handles a step, on the demo ward: the civil-status officer (tuliem.tuphap) is
named to a birth registration's appraisal; her colleague of the committee
(tuliem.vanhoa) takes it over; the centre manager (tuliem.quanly) gives it to either."""

import pytest
from django.test import Client
from django.urls import reverse

from motcua.accounts.models import User
from motcua.core.models import AuditEvent
from motcua.dossiers import actions
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from motcua.notifications.models import Notification
from tests.dossiers.factories import birth_registration
from tests.dossiers.test_api import BASE, bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def named(tuliem) -> Dossier:
    """At its appraisal step, named to the civil-status officer."""
    return birth_registration(tuliem, handler="tuphap")


def _page(client: Client, user: User, dossier: Dossier) -> str:
    client.force_login(user)
    response = client.get(reverse("dossiers:detail", args=[dossier.code]))
    assert response.status_code == 200
    return response.content.decode()


def _act(client: Client, user: User, dossier: Dossier, action: str, **fields: object) -> None:
    client.force_login(user)
    dossier.refresh_from_db()
    data = {f"{action}-version": dossier.version, **{f"{action}-{k}": v for k, v in fields.items()}}
    response = client.post(reverse("dossiers:act", args=[dossier.code, action]), data)
    assert response.status_code == 302, response.content.decode()[:500]


def _step_id(dossier: Dossier) -> int | None:
    dossier.refresh_from_db()
    return dossier.current_step_id


def _handler(dossier: Dossier) -> User | None:
    dossier.refresh_from_db()
    assert dossier.current_step is not None
    return dossier.current_step.handler


def test_the_named_officer_sees_her_step_and_hands_it_on(client, tuliem, named) -> None:
    page = _page(client, tuliem["tuphap"], named)
    assert 'data-action="transfer"' in page and 'data-action="take_over"' not in page
    assert 'data-testid="current-handler">Đỗ Thị Hoa<' in page
    assert 'data-testid="waiting-for"' not in page
    appraisal = _step_id(named)
    _act(client, tuliem["tuphap"], named, "transfer", note="Đủ điều kiện")
    assert _step_id(named) != appraisal


def test_a_colleague_of_the_same_role_takes_the_step_over_and_then_acts(
    client, tuliem, named
) -> None:
    page = _page(client, tuliem["vanhoa"], named)
    assert 'data-action="transfer"' not in page and 'data-action="take_over"' in page
    assert "Đang chờ Đỗ Thị Hoa (Chuyên viên của UBND phường Từ Liêm)" in page
    with pytest.raises(actions.DossierError, match="đã được giao cho Đỗ Thị Hoa"):
        actions.dossier_transfer(actor=tuliem["vanhoa"], dossier=named)

    _act(client, tuliem["vanhoa"], named, "take_over", reason="Chị Hoa nghỉ phép")
    assert _handler(named) == tuliem["vanhoa"]
    event = AuditEvent.objects.filter(action="dossier.take_over").get()
    assert event.actor == tuliem["vanhoa"] and event.reason == "Chị Hoa nghỉ phép"
    told = Notification.objects.get(user=tuliem["tuphap"], kind="dossier.handler")
    assert "Đinh Văn Khoa đã nhận xử lý" in told.subject and named.code in told.body

    page = _page(client, tuliem["vanhoa"], named)
    assert 'data-action="transfer"' in page and 'data-action="take_over"' not in page
    assert "Nhận xử lý" in page and "Đỗ Thị Hoa → Đinh Văn Khoa" in page  # the timeline
    # The step is his now: she may take it back, not act on it.
    page = _page(client, tuliem["tuphap"], named)
    assert 'data-action="take_over"' in page and 'data-action="transfer"' not in page
    appraisal = _step_id(named)
    _act(client, tuliem["vanhoa"], named, "transfer")
    assert _step_id(named) != appraisal


def test_an_officer_of_another_role_or_agency_cannot_take_the_step_over(
    client, tuliem, named
) -> None:
    # The chairman sees the dossier (his committee decides it) but is no specialist.
    page = _page(client, tuliem["lanhdao"], named)
    assert 'data-action="take_over"' not in page
    with pytest.raises(actions.DossierError, match="Chỉ Chuyên viên của UBND phường"):
        actions.dossier_take_over(actor=tuliem["lanhdao"], dossier=named)
    _act(client, tuliem["lanhdao"], named, "take_over")  # refused with a message
    assert _handler(named) == tuliem["tuphap"]
    # A specialist of another office does not even see it.
    client.force_login(tuliem["chuyenvien"])
    assert client.get(reverse("dossiers:detail", args=[named.code])).status_code == 404
    with pytest.raises(actions.DossierNotFound):
        actions.dossier_take_over(actor=tuliem["chuyenvien"], dossier=named)
    assert not AuditEvent.objects.filter(action="dossier.take_over").exists()


def test_the_centre_manager_gives_the_step_to_another_specialist_who_hands_it_on(
    client, tuliem, named
) -> None:
    page = _page(client, tuliem["quanly"], named)
    assert 'data-action="reassign"' in page and 'data-action="take_over"' not in page
    _act(client, tuliem["quanly"], named, "reassign", handler=tuliem["vanhoa"].pk, reason="Cân đối")
    assert _handler(named) == tuliem["vanhoa"]
    assert Notification.objects.filter(user=tuliem["vanhoa"], kind="dossier.handler").exists()
    assert Notification.objects.filter(user=tuliem["tuphap"], kind="dossier.handler").exists()
    event = AuditEvent.objects.get(action="dossier.reassign")
    assert event.actor == tuliem["quanly"] and event.payload["to_handler"] == tuliem["vanhoa"].pk
    appraisal = _step_id(named)
    actions.dossier_transfer(actor=tuliem["vanhoa"], dossier=named)
    assert _step_id(named) != appraisal


def test_the_step_cannot_be_given_to_an_officer_of_another_role_or_agency(
    client, tuliem, named
) -> None:
    client.force_login(tuliem["quanly"])
    url = reverse("dossiers:act", args=[named.code, "reassign"])
    # Not offered in the list, so the form refuses it.
    response = client.post(
        url, {"reassign-version": named.version, "reassign-handler": tuliem["lanhdao"].pk}
    )
    assert response.status_code == 400
    with pytest.raises(actions.DossierError, match="không có vai trò Chuyên viên"):
        actions.dossier_reassign(actor=tuliem["quanly"], dossier=named, handler=tuliem["lanhdao"])
    with pytest.raises(actions.DossierError, match="không phải cán bộ của UBND phường"):
        actions.dossier_reassign(
            actor=tuliem["quanly"], dossier=named, handler=tuliem["chuyenvien"]
        )
    with pytest.raises(actions.DossierError, match="Vai trò của bạn"):
        actions.dossier_reassign(actor=tuliem["vanhoa"], dossier=named, handler=tuliem["vanhoa"])
    assert _handler(named) == tuliem["tuphap"]


def test_the_centre_manager_names_the_officer_of_a_step_nobody_was_named_to(client, tuliem) -> None:
    dossier = birth_registration(tuliem, handler=None)
    page = _page(client, tuliem["vanhoa"], dossier)
    # Named to nobody: every specialist of the committee may act, nobody needs to take over.
    assert 'data-action="transfer"' in page and 'data-action="take_over"' not in page
    assert "Chưa giao cho cán bộ cụ thể" in page
    _act(client, tuliem["quanly"], dossier, "reassign", handler=tuliem["tuphap"].pk)
    assert _handler(dossier) == tuliem["tuphap"]
    assert 'data-testid="current-handler">Đỗ Thị Hoa<' in _page(client, tuliem["vanhoa"], dossier)
    assert ": giao cho Đỗ Thị Hoa" in _page(client, tuliem["quanly"], dossier)  # the timeline


def test_the_named_officer_opens_and_acts_on_her_step_from_another_agency(
    client, tuliem, named
) -> None:
    User.objects.filter(pk=tuliem["tuphap"].pk).update(agency=tuliem["chuyenvien"].agency)
    moved = User.objects.get(pk=tuliem["tuphap"].pk)
    assert 'data-action="transfer"' in _page(client, moved, named)
    appraisal = _step_id(named)
    actions.dossier_transfer(actor=moved, dossier=named)
    assert _step_id(named) != appraisal and named.state == State.IN_PROGRESS


# --- the JSON API -------------------------------------------------------------------------


def _allowed(client: Client, user: User, dossier: Dossier) -> list[str]:
    response = client.get(f"{BASE}{dossier.code}", headers=bearer(user))
    assert response.status_code == 200
    return response.json()["allowed_actions"]


def _transition(client: Client, user: User, dossier: Dossier, name: str, **body: object):
    dossier.refresh_from_db()
    return client.post(
        f"{BASE}{dossier.code}/transitions/{name}",
        {"version": dossier.version, **body},
        content_type="application/json",
        headers=bearer(user),
    )


def test_the_api_offers_each_officer_what_they_can_do_with_the_step(client, tuliem, named) -> None:
    assert {"transfer", "approve"} & set(_allowed(client, tuliem["tuphap"], named)) == {"transfer"}
    assert "take_over" not in _allowed(client, tuliem["tuphap"], named)
    colleague = _allowed(client, tuliem["vanhoa"], named)
    assert "take_over" in colleague and "transfer" not in colleague
    chairman = _allowed(client, tuliem["lanhdao"], named)
    assert not {"take_over", "transfer", "approve", "reassign"} & set(chairman)
    manager = _allowed(client, tuliem["quanly"], named)
    assert "reassign" in manager and "take_over" not in manager

    assert _transition(client, tuliem["lanhdao"], named, "take_over").status_code == 400
    response = _transition(client, tuliem["vanhoa"], named, "take_over", reason="Thay chị Hoa")
    assert response.status_code == 200
    step = next(s for s in response.json()["steps"] if s["name"] == named.current_step.name)
    assert step["handler"] == "Đinh Văn Khoa" and step["handler_id"] == tuliem["vanhoa"].pk
    assert "transfer" in response.json()["allowed_actions"]
    assert "take_over" in _allowed(client, tuliem["tuphap"], named)


def test_the_api_lets_the_centre_manager_reassign_to_an_offered_officer_only(
    client, tuliem, named
) -> None:
    options = client.get(f"{BASE}{named.code}/transfer-options", headers=bearer(tuliem["quanly"]))
    offered = {officer["id"] for officer in options.json()["reassign_handlers"]}
    assert tuliem["vanhoa"].pk in offered and tuliem["tuphap"].pk not in offered
    assert tuliem["lanhdao"].pk not in offered
    wrong = _transition(client, tuliem["quanly"], named, "reassign", handler=tuliem["lanhdao"].pk)
    assert wrong.status_code == 400
    assert _transition(client, tuliem["quanly"], named, "reassign").status_code == 400
    by_specialist = _transition(
        client, tuliem["vanhoa"], named, "reassign", handler=tuliem["vanhoa"].pk
    )
    assert by_specialist.status_code == 400
    done = _transition(client, tuliem["quanly"], named, "reassign", handler=tuliem["vanhoa"].pk)
    assert done.status_code == 200
    assert _handler(named) == tuliem["vanhoa"]
    assert _transition(client, tuliem["vanhoa"], named, "transfer").status_code == 200
