"""The audit log in the admin: a system administrator reads it, nobody edits it."""

import pytest
from django.db import transaction
from playwright.sync_api import expect

from motcua.accounts.models import Role
from motcua.accounts.services.officers import role_apply
from motcua.core.audit import audit_record
from motcua.core.models import AuditEvent
from tests.factories import OfficerFactory

CHANGELIST = "/admin/core/auditevent/"


@pytest.fixture
def sysadmin(agency_a):
    admin = OfficerFactory.create(username="quantri", role=Role.SYSTEM_ADMIN, agency=agency_a)
    role_apply(user=admin)
    return admin


@pytest.fixture
def event(sysadmin, officer_a) -> AuditEvent:
    with transaction.atomic():
        return audit_record(
            actor=sysadmin,
            action="officer.set_role",
            target=officer_a,
            agency=officer_a.agency,
            from_state="counter",
            to_state="specialist",
        )


def test_system_administrator_sees_events_but_cannot_add_change_or_delete(client, sysadmin, event):
    client.force_login(sysadmin)
    listing = client.get(CHANGELIST)
    assert listing.status_code == 200
    assert "officer.set_role" in listing.content.decode()
    detail = client.get(f"{CHANGELIST}{event.pk}/change/")
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    assert client.get(f"{CHANGELIST}add/").status_code == 403
    assert client.post(f"{CHANGELIST}{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post(f"{CHANGELIST}{event.pk}/change/", {"reason": "x"}).status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).reason == ""


def test_counter_officer_cannot_open_the_audit_log(client, officer_a, event):
    client.force_login(officer_a)
    response = client.get(CHANGELIST)
    assert response.status_code == 302  # to the admin sign-in: not staff


@pytest.mark.browser
def test_administrator_reads_an_officers_role_change_in_the_browser(
    page, live_server, login, sysadmin, event
):
    login(sysadmin)
    page.goto(live_server.url + CHANGELIST)
    row = page.locator("#result_list tbody tr").first
    expect(row).to_contain_text("officer.set_role")
    expect(row).to_contain_text("quantri")
    expect(row).to_contain_text("specialist")
    expect(page.locator(".object-tools a.addlink")).to_have_count(0)
