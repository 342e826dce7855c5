"""The admin: dossiers read-only; processing rules edited through the audited service."""

from datetime import time

import pytest
from playwright.sync_api import expect

from motcua.accounts.models import Role
from motcua.accounts.services.officers import role_apply
from motcua.core.audit import audit_events_for
from motcua.dossiers.models import ProcessingRule
from tests.factories import OfficerFactory

RULES = "/admin/dossiers/processingrule/"
DOSSIERS = "/admin/dossiers/dossier/"


@pytest.fixture
def sysadmin(agency_a):
    admin = OfficerFactory.create(username="quantri", role=Role.SYSTEM_ADMIN, agency=agency_a)
    role_apply(user=admin)
    return admin


def rule_form(rule: ProcessingRule, **changes: str) -> dict[str, str]:
    form = {
        "valid_from": rule.valid_from.isoformat(),
        "cutoff": rule.cutoff.strftime("%H:%M"),
        "supplement_policy": rule.supplement_policy,
        "supplement_request_days": str(rule.supplement_request_days),
        "apology_min_days": str(rule.apology_min_days),
        "apology_limit": str(rule.apology_limit),
        "legal_basis": rule.legal_basis,
        "unconfirmed_note": rule.unconfirmed_note,
    }
    return {**form, **changes}


def test_dossiers_can_be_read_but_not_changed_in_the_admin(client, sysadmin, received):
    client.force_login(sysadmin)
    assert received.code in client.get(DOSSIERS).content.decode()
    detail = client.get(f"{DOSSIERS}{received.pk}/change/")
    assert detail.status_code == 200
    assert "Thẩm định hồ sơ" in detail.content.decode()
    assert 'name="_save"' not in detail.content.decode()
    assert client.get(f"{DOSSIERS}add/").status_code == 403
    assert client.post(f"{DOSSIERS}{received.pk}/delete/", {"post": "yes"}).status_code == 403


def test_a_rule_edited_in_the_admin_is_audited(client, sysadmin):
    rule = ProcessingRule.objects.get(valid_from="2025-07-01")
    client.force_login(sysadmin)
    response = client.post(
        f"{RULES}{rule.pk}/change/", rule_form(rule, cutoff="16:30", apology_limit="2")
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.cutoff == time(16, 30) and rule.apology_limit == 2
    [event] = audit_events_for(target=rule)
    assert event.actor == sysadmin
    assert event.payload["before"]["cutoff"] == "15:00:00"


def test_a_rule_needs_at_least_one_day_to_request_supplements(client, sysadmin):
    rule = ProcessingRule.objects.get(valid_from="2025-07-01")
    client.force_login(sysadmin)
    response = client.post(
        f"{RULES}{rule.pk}/change/", rule_form(rule, supplement_request_days="0")
    )
    assert response.status_code == 200
    assert ProcessingRule.objects.get(pk=rule.pk).supplement_request_days == 3


def test_counter_officer_cannot_open_the_rules(client, officer_a):
    client.force_login(officer_a)
    assert client.get(RULES).status_code == 302  # to the admin sign-in: not staff


@pytest.mark.browser
def test_administrator_changes_the_cutoff_in_the_browser(page, live_server, login, sysadmin):
    rule = ProcessingRule.objects.get(valid_from="2025-07-01")
    login(sysadmin)
    page.goto(f"{live_server.url}{RULES}{rule.pk}/change/")
    expect(page.locator("#id_legal_basis")).to_contain_text("Nghị định số 118/2025/NĐ-CP")
    page.fill("#id_cutoff", "16:00")
    page.click("input[name=_save]")
    expect(page.locator("#result_list")).to_contain_text("16:00")
    rule.refresh_from_db()
    assert rule.cutoff == time(16)
