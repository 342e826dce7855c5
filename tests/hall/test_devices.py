"""Kiosks, boards and rating devices are enrolled devices (issue 14): an anonymous
browser issues no ticket and no rating; the centre's manager enrols, re-links and
revokes the devices of their own hall only, and every such act is audited."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from motcua.accounts.models import Role
from motcua.core.models import AuditEvent
from motcua.hall.device_access import cookie_name, enrolment_path
from motcua.hall.device_keys import credential_parse, secret_hash, secret_matches, secret_new
from motcua.hall.models import Device, DeviceKind, Rating, Ticket
from motcua.hall.services.common import HallError, HallNotFound
from motcua.hall.services.devices import device_enrol, device_relink, device_revoke, device_seen
from motcua.hall.services.tickets import ticket_call_next, ticket_finish, ticket_issue, ticket_start
from tests.factories import AgencyFactory, OfficerFactory
from tests.hall.factories import HallSetup, device_client, device_enrolled, hall_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_a(agency_a):
    return OfficerFactory.create(agency=agency_a, role=Role.CENTRE_MANAGER, username="quanly.a")


@pytest.fixture
def manager_b(agency_b):
    return OfficerFactory.create(agency=agency_b, role=Role.CENTRE_MANAGER, username="quanly.b")


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _kiosk_post(client: Client, hall_a: HallSetup):
    return client.post(f"/hall/{hall_a.hall.pk}/kiosk/", {"group": hall_a.civil.pk})


# --- the finding: anonymous browsers ---------------------------------------------------


def test_anonymous_kiosk_posts_get_403_and_no_ticket(hall_a: HallSetup) -> None:
    # The finding: 40 anonymous kiosk POSTs in 0.7 s gave 40 tickets.
    answers = [_kiosk_post(Client(), hall_a) for _ in range(40)]
    assert {a.status_code for a in answers} == {403}
    assert not Ticket.objects.exists()
    page = answers[0].content.decode()
    assert "Thiết bị chưa được ghi danh" in page
    assert "Xin liên hệ quản lý UBND Phường A" in page
    check_in = Client().post(f"/hall/{hall_a.hall.pk}/kiosk/check-in/", {"booking_code": "X"})
    assert check_in.status_code == 403


def test_anonymous_rating_post_gets_403_and_no_rating(
    hall_a: HallSetup, open_counter, officer_a
) -> None:
    ticket_issue(hall=hall_a.hall, group=hall_a.civil)
    ticket_call_next(actor=officer_a, counter=open_counter)
    ticket_start(actor=officer_a, counter=open_counter)
    served = ticket_finish(actor=officer_a, counter=open_counter)
    url = f"/hall/counter/{open_counter.pk}/rating/"
    for client in (Client(), _signed_in(officer_a)):  # nor the officer who served
        response = client.post(url, {"ticket": served.pk, "value": "very_satisfied"})
        assert response.status_code == 403
    assert not Rating.objects.exists()


def test_enrolled_kiosk_issues_a_ticket(hall_a: HallSetup, kiosk) -> None:
    response = _kiosk_post(kiosk, hall_a)
    assert response.status_code == 302
    assert Ticket.objects.get().code == "A001"


def test_enrolment_link_sets_a_long_lived_httponly_cookie_and_opens_the_kiosk(
    hall_a: HallSetup, settings
) -> None:
    settings.SESSION_COOKIE_SECURE = True
    enrolment = device_enrolled(hall_a.hall, DeviceKind.KIOSK)
    client = Client()
    response = client.get(enrolment_path(enrolment.device, enrolment.secret))
    assert response.status_code == 302
    assert response["Location"] == f"/hall/{hall_a.hall.pk}/kiosk/"
    assert response["Cache-Control"] == "no-store"
    cookie = response.cookies[cookie_name(DeviceKind.KIOSK)]
    assert cookie["httponly"] and cookie["secure"]
    assert int(cookie["max-age"]) >= 365 * 24 * 3600
    assert enrolment.secret in cookie.value  # signed, not encrypted: the secret is its own
    assert client.get(response["Location"]).status_code == 200


def test_a_forged_cookie_is_refused(hall_a: HallSetup) -> None:
    enrolment = device_enrolled(hall_a.hall, DeviceKind.KIOSK)
    client = Client()
    client.cookies[cookie_name(DeviceKind.KIOSK)] = f"{enrolment.device.pk}:{enrolment.secret}"
    assert _kiosk_post(client, hall_a).status_code == 403  # unsigned
    wrong = Client().get(enrolment_path(enrolment.device, secret_new()))
    assert wrong.status_code == 403
    assert "Liên kết ghi danh không còn hiệu lực" in wrong.content.decode()


def test_revoked_kiosk_is_refused_at_its_next_request(hall_a: HallSetup, manager_a) -> None:
    enrolment = device_enrol(actor=manager_a, hall=hall_a.hall, kind="kiosk", name="Kiosk 1")
    client = Client()
    client.get(enrolment_path(enrolment.device, enrolment.secret))
    assert client.get(f"/hall/{hall_a.hall.pk}/kiosk/").status_code == 200
    device_revoke(actor=manager_a, device=enrolment.device)
    assert _kiosk_post(client, hall_a).status_code == 403
    assert not Ticket.objects.exists()
    again = Client().get(enrolment_path(enrolment.device, enrolment.secret))
    assert again.status_code == 403  # the link is dead too


def test_a_new_link_retires_the_old_link_and_cookie(hall_a: HallSetup, manager_a) -> None:
    first = device_enrol(actor=manager_a, hall=hall_a.hall, kind="board", name="TV sảnh")
    old = Client()
    old.get(enrolment_path(first.device, first.secret))
    second = device_relink(actor=manager_a, device=first.device)
    assert old.get(f"/hall/{hall_a.hall.pk}/board/").status_code == 403
    assert Client().get(enrolment_path(first.device, first.secret)).status_code == 403
    new = Client()
    new.get(enrolment_path(second.device, second.secret))
    assert new.get(f"/hall/{hall_a.hall.pk}/board/").status_code == 200


def test_kiosk_device_cannot_post_ratings(hall_a: HallSetup, open_counter, officer_a, kiosk):
    ticket_issue(hall=hall_a.hall, group=hall_a.civil)
    ticket_call_next(actor=officer_a, counter=open_counter)
    ticket_start(actor=officer_a, counter=open_counter)
    served = ticket_finish(actor=officer_a, counter=open_counter)
    response = kiosk.post(
        f"/hall/counter/{open_counter.pk}/rating/", {"ticket": served.pk, "value": "satisfied"}
    )
    assert response.status_code == 403
    assert not Rating.objects.exists()
    assert kiosk.get(f"/hall/{hall_a.hall.pk}/board/").status_code == 403  # nor be a board


def test_kiosk_of_hall_a_cannot_issue_at_hall_b(hall_a: HallSetup, kiosk, agency_b) -> None:
    other = hall_for(agency_b)
    response = kiosk.post(f"/hall/{other.hall.pk}/kiosk/", {"group": other.civil.pk})
    assert response.status_code == 403
    assert not Ticket.objects.exists()


def test_rating_device_of_one_counter_is_refused_at_another(hall_a: HallSetup) -> None:
    device = device_client(hall_a.hall, DeviceKind.RATING, hall_a.counters[0])
    assert device.get(f"/hall/counter/{hall_a.counters[0].pk}/rating/").status_code == 200
    assert device.get(f"/hall/counter/{hall_a.counters[1].pk}/rating/").status_code == 403


def test_device_is_seen_at_most_once_a_minute(hall_a: HallSetup, kiosk) -> None:
    device = Device.objects.get()
    first = device.last_seen_at
    assert first is not None  # opening the link counts
    kiosk.get(f"/hall/{hall_a.hall.pk}/kiosk/")
    device.refresh_from_db()
    assert device.last_seen_at == first
    later = first + timedelta(minutes=2)
    device_seen(device=device, at=later)
    device.refresh_from_db()
    assert device.last_seen_at == later


# --- the manager's page ----------------------------------------------------------------


def test_manager_adds_a_device_and_sees_its_link_once(hall_a: HallSetup, manager_a) -> None:
    client = _signed_in(manager_a)
    url = f"/hall/{hall_a.hall.pk}/devices/"
    assert "Thiết bị của sảnh" in client.get(url).content.decode()
    response = client.post(url, {"name": " Kiosk  cửa chính ", "kind": "kiosk"})
    page = response.content.decode()
    device = Device.objects.get()
    assert (device.name, device.kind, device.created_by) == ("Kiosk cửa chính", "kiosk", manager_a)
    assert response["Cache-Control"] == "no-store"
    link = page.split('data-testid="device-link">')[1].split("<")[0]
    assert link.startswith(f"http://testserver/hall/enrol/{device.pk}/")
    secret = link.rstrip("/").rsplit("/", 1)[1]
    assert secret_matches(secret, device.secret_hash) and secret not in device.secret_hash
    assert "<svg" in page
    listing = client.get(url).content.decode()
    assert "Kiosk cửa chính" in listing and secret not in listing


def test_rating_device_needs_a_counter_and_names_are_unique(hall_a: HallSetup, manager_a) -> None:
    client = _signed_in(manager_a)
    url = f"/hall/{hall_a.hall.pk}/devices/"
    response = client.post(url, {"name": "Đánh giá", "kind": "rating"})
    assert response.status_code == 400 and "Thiết bị đánh giá cần chọn quầy." in response.text
    client.post(url, {"name": "Đánh giá", "kind": "rating", "counter": hall_a.counters[1].pk})
    assert Device.objects.get().counter == hall_a.counters[1]
    twin = client.post(url, {"name": "Đánh giá", "kind": "board"})
    assert twin.status_code == 400 and "Sảnh đã có thiết bị tên “Đánh giá”." in twin.text
    other = hall_for(AgencyFactory.create())
    with pytest.raises(HallError):  # a counter of another hall
        device_enrol(
            actor=manager_a, hall=hall_a.hall, kind="rating", name="X", counter=other.counters[0]
        )


def test_manager_revokes_a_device_from_the_page(hall_a: HallSetup, manager_a) -> None:
    enrolment = device_enrol(actor=manager_a, hall=hall_a.hall, kind="kiosk", name="Kiosk 1")
    client = _signed_in(manager_a)
    response = client.post(f"/hall/devices/{enrolment.device.pk}/revoke/", follow=True)
    assert "Đã thu hồi thiết bị “Kiosk 1”" in response.content.decode()
    device = Device.objects.get()
    assert device.revoked_at is not None and device.revoked_by == manager_a
    twice = client.post(f"/hall/devices/{device.pk}/revoke/", follow=True)
    assert "đã bị thu hồi" in twice.content.decode()


def test_manager_of_ward_b_gets_404_on_ward_a_devices(hall_a: HallSetup, manager_b) -> None:
    device = device_enrolled(hall_a.hall, DeviceKind.KIOSK).device
    client = _signed_in(manager_b)
    assert client.get(f"/hall/{hall_a.hall.pk}/devices/").status_code == 404
    assert (
        client.post(f"/hall/{hall_a.hall.pk}/devices/", {"name": "X", "kind": "kiosk"}).status_code
        == 404
    )
    assert client.post(f"/hall/devices/{device.pk}/revoke/").status_code == 404
    assert client.post(f"/hall/devices/{device.pk}/relink/").status_code == 404
    with pytest.raises(HallNotFound):
        device_revoke(actor=manager_b, device=device)
    device.refresh_from_db()
    assert device.revoked_at is None and Device.objects.count() == 1


def test_counter_officer_gets_403_and_anonymous_is_sent_to_sign_in(
    hall_a: HallSetup, officer_a
) -> None:
    url = f"/hall/{hall_a.hall.pk}/devices/"
    assert _signed_in(officer_a).get(url).status_code == 403
    assert Client().get(url)["Location"].startswith("/accounts/login/")
    with pytest.raises(HallNotFound):
        device_enrol(actor=officer_a, hall=hall_a.hall, kind="kiosk", name="Kiosk")


def test_hall_index_links_the_manager_to_the_devices(hall_a: HallSetup, manager_a, officer_a):
    assert f"/hall/{hall_a.hall.pk}/devices/" in _signed_in(manager_a).get("/hall/").text
    assert f"/hall/{hall_a.hall.pk}/devices/" not in _signed_in(officer_a).get("/hall/").text


def test_enrol_relink_and_revoke_are_audited_without_the_secret(
    hall_a: HallSetup, manager_a
) -> None:
    first = device_enrol(
        actor=manager_a,
        hall=hall_a.hall,
        kind="rating",
        name="Đánh giá 1",
        counter=hall_a.counters[0],
    )
    second = device_relink(actor=manager_a, device=first.device)
    device_revoke(actor=manager_a, device=first.device, at=timezone.now())
    events = AuditEvent.objects.filter(action__startswith="hall.device_").order_by("sequence")
    assert [(e.action, e.actor, e.target_label) for e in events] == [
        ("hall.device_enrolled", manager_a, "Đánh giá 1"),
        ("hall.device_relinked", manager_a, "Đánh giá 1"),
        ("hall.device_revoked", manager_a, "Đánh giá 1"),
    ]
    assert events[0].payload == {"kind": "rating", "counter": 1}
    for event in events:
        assert first.secret not in str(event.payload) and second.secret not in str(event.payload)
        assert event.chain == f"agency:{hall_a.hall.agency_id}"


# --- the secret, without a database ----------------------------------------------------


@pytest.mark.django_db(False)
def test_secrets_are_long_random_and_checked_by_hash() -> None:
    secret = secret_new()
    assert len(secret) >= 43 and secret != secret_new()
    assert secret_matches(secret, secret_hash(secret))
    assert not secret_matches(secret + "x", secret_hash(secret))
    assert credential_parse(f"12:{secret}") == (12, secret)
    assert credential_parse("abc:def") is None and credential_parse("12:") is None
