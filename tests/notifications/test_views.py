"""The inbox and the delivery log over HTTP: scope, bad input, nothing written."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.urls import reverse

from motcua.core.models import AuditEvent
from motcua.dossiers.models import Dossier
from motcua.notifications.models import Channel, DeliveryState, Notification
from motcua.notifications.services import notification_enqueue
from tests.dossiers.factories import Team, receive
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


def _in_app(user, subject: str = "Hồ sơ đã tiếp nhận") -> Notification:
    (row,) = notification_enqueue(
        kind="test", subject=subject, body="Nội dung", user=user, channels=(Channel.IN_APP,)
    )
    return row


def _dead(dossier: Dossier, *, sensitive: bool = False) -> Notification:
    (row,) = notification_enqueue(
        kind="test",
        subject="Mã xác thực",
        body="Mã: 918273",
        phone="0912345678",
        channels=(Channel.SMS,),
        dossier=dossier,
        sensitive=sensitive,
    )
    Notification.objects.filter(pk=row.pk).update(
        state=DeliveryState.DEAD, attempts=5, next_attempt_at=None
    )
    return row


def test_inbox_shows_only_my_messages_and_the_unread_count(client, citizen) -> None:
    _in_app(citizen, "Của tôi")
    _in_app(CitizenFactory.create(), "Của người khác")
    client.force_login(citizen)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "Của tôi" in page and "Của người khác" not in page
    assert "1 chưa đọc" in page


def test_inbox_asks_anonymous_visitors_to_sign_in(client) -> None:
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_marking_read_one_and_all(client, citizen) -> None:
    first, second = _in_app(citizen), _in_app(citizen)
    client.force_login(citizen)
    client.post(reverse("notifications:mark_read", args=[first.pk]))
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None
    client.post(reverse("notifications:mark_all_read"))
    second.refresh_from_db()
    assert second.read_at is not None


def test_another_citizens_message_is_404_and_stays_unread(client, citizen) -> None:
    theirs = _in_app(CitizenFactory.create())
    client.force_login(citizen)
    assert client.post(reverse("notifications:mark_read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_read_is_post_only(client, citizen) -> None:
    mine = _in_app(citizen)
    client.force_login(citizen)
    assert client.get(reverse("notifications:mark_read", args=[mine.pk])).status_code == 405


def test_the_log_lists_my_agencys_dossiers_only(
    client, received, team_b: Team, steps_procedure
) -> None:
    other = receive(team_b, steps_procedure)
    client.force_login(received.received_by)
    page = client.get(reverse("notifications:log")).content.decode()
    assert received.code in page and other.code not in page


def test_the_log_filters_by_state(client, received: Dossier) -> None:
    dead = _dead(received)
    client.force_login(received.received_by)
    page = client.get(reverse("notifications:log"), {"state": "dead"})
    assert [row.pk for row in page.context["page"]] == [dead.pk]
    every = client.get(reverse("notifications:log"), {"state": "nonsense"})
    assert every.context["state"] == "" and len(every.context["page"]) == 3


def test_the_log_never_shows_a_sensitive_body(client, received: Dossier) -> None:
    _dead(received, sensitive=True)
    client.force_login(received.received_by)
    page = client.get(reverse("notifications:log")).content.decode()
    assert "918273" not in page and "nội dung bảo mật" in page


def test_citizens_have_no_log(client, citizen) -> None:
    client.force_login(citizen)
    assert client.get(reverse("notifications:log")).status_code == 404


def test_retry_puts_a_dead_notification_back_in_the_queue(client, received: Dossier) -> None:
    dead = _dead(received)
    client.force_login(received.received_by)
    response = client.post(reverse("notifications:retry", args=[dead.pk]), {"state": "dead"})
    assert response.status_code == 302 and response["Location"].endswith("?state=dead")
    dead.refresh_from_db()
    assert dead.state == DeliveryState.PENDING and dead.attempts == 0
    assert dead.next_attempt_at is not None
    assert AuditEvent.objects.filter(action="notification.retry", to_state="pending").exists()


def test_retry_of_a_notification_not_dead_is_refused_and_changes_nothing(
    client, received: Dossier
) -> None:
    sent = Notification.objects.filter(dossier=received, channel=Channel.SMS).get()
    client.force_login(received.received_by)
    response = client.post(reverse("notifications:retry", args=[sent.pk]), follow=True)
    assert "Chỉ gửi lại được thông báo đã gửi không thành công." in response.content.decode()
    before = sent.next_attempt_at
    sent.refresh_from_db()
    assert sent.state == DeliveryState.PENDING and sent.next_attempt_at == before


def test_retry_of_another_agencys_notification_is_404(client, received: Dossier, officer_b) -> None:
    dead = _dead(received)
    client.force_login(officer_b)
    assert client.post(reverse("notifications:retry", args=[dead.pk])).status_code == 404
    dead.refresh_from_db()
    assert dead.state == DeliveryState.DEAD


def test_the_navigation_tag_counts_my_unread_messages(rf, citizen) -> None:
    _in_app(citizen), _in_app(citizen)
    template = Template("{% load notifications %}{% unread_notifications as n %}[{{ n }}]")
    request = rf.get("/")
    request.user = citizen
    assert template.render(Context({"request": request})) == "[2]"
    request.user = AnonymousUser()
    assert template.render(Context({"request": request})) == "[0]"


def test_a_multi_line_subject_becomes_one_line(citizen) -> None:
    assert _in_app(citizen, "Dòng một\nBcc: x@example.vn").subject == "Dòng một Bcc: x@example.vn"
