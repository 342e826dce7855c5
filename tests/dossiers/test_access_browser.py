"""The centre's manager opens a dossier and sees who read the applicant's details."""

import pytest
from playwright.sync_api import expect

from motcua.dossiers.models import Dossier
from tests.dossiers.factories import Team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_manager_sees_the_access_history_of_a_dossier(
    page, live_server, login, team_a: Team, received: Dossier
):
    url = f"{live_server.url}/dossiers/{received.code}/"
    login(team_a.counter)
    page.goto(url)
    expect(page.get_by_role("heading", name="Người nộp hồ sơ")).to_be_visible()
    expect(page.get_by_role("heading", name="Lịch sử truy cập")).to_have_count(0)
    page.context.clear_cookies()

    login(team_a.manager)
    page.goto(url)
    history = page.get_by_test_id("accesses")
    expect(history.locator("li")).to_have_count(2)
    expect(history.locator("li").first).to_contain_text(team_a.manager.get_full_name())
    expect(history.locator("li").nth(1)).to_contain_text(team_a.counter.get_full_name())
    expect(history).to_contain_text("Xem trang hồ sơ")
