"""The work queue an officer searches and filters all day, and its spreadsheet."""

import importlib
from datetime import date, timedelta
from io import BytesIO

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from openpyxl import load_workbook

from motcua.dossiers import actions, queries
from motcua.dossiers.actions import Applicant
from motcua.dossiers.models import Dossier
from motcua.dossiers.queue_export import queue_xlsx
from motcua.dossiers.states import State
from tests.dossiers.factories import MONDAY_9, Team, procedure_with_steps, receive

pytestmark = pytest.mark.django_db

DAO = Applicant(name="Trần Thị Đào", personal_id="001190005678", phone="+84987654321")


def found(client, **params) -> list[str]:
    response = client.get(reverse("dossiers:queue"), params)
    assert response.status_code == 200
    return [row["dossier"].code for row in response.context["rows"]]


@pytest.fixture
def an_and_dao(team_a: Team, steps_procedure) -> tuple[Dossier, Dossier]:
    """Nguyễn Văn An's dossier (phone 0912345678) and Trần Thị Đào's (+84987654321)."""
    return receive(team_a, steps_procedure), receive(team_a, steps_procedure, applicant=DAO)


# --- one search box ----------------------------------------------------------------------


def test_queue_finds_a_name_typed_without_diacritics(client, officer_a, an_and_dao):
    an, dao = an_and_dao
    client.force_login(officer_a)
    assert found(client, q="nguyen van an") == [an.code]
    assert found(client, q="NGUYỄN VĂN") == [an.code]
    assert found(client, q="dao") == [dao.code]  # đ is d
    assert found(client, q="Thị Đào") == [dao.code]


def test_queue_finds_a_phone_number_however_it_is_typed(client, officer_a, an_and_dao):
    an, dao = an_and_dao
    client.force_login(officer_a)
    for typed in ("0912345678", "0912 345 678", "0912.345.678", "+84 912 345 678"):
        assert found(client, q=typed) == [an.code], typed
    for typed in ("0987654321", "84987654321", "+84987654321"):
        assert found(client, q=typed) == [dao.code], typed


def test_queue_finds_a_personal_id_number_and_a_code(client, officer_a, an_and_dao):
    an, dao = an_and_dao
    client.force_login(officer_a)
    assert found(client, q="001190005678") == [dao.code]
    assert found(client, q=" 001090001234 ") == [an.code]
    assert found(client, q=an.code.lower()) == [an.code]
    assert found(client, q="khong-co-ai") == []


def test_a_returned_dossier_is_found_under_all_dossiers_and_the_empty_search_says_where(
    client, officer_a, team_a: Team, an_and_dao
):
    an, _dao = an_and_dao
    Dossier.objects.filter(pk=an.pk).update(state=State.RETURNED)  # the citizen came back
    client.force_login(officer_a)
    assert found(client, q="nguyen van an") == []
    page = client.get(reverse("dossiers:queue"), {"q": "nguyen van an"}).content.decode()
    assert 'data-testid="search-everywhere"' in page and "list=all" in page
    for typed in ("nguyen van an", "0912345678", "001090001234", an.code):
        assert found(client, list="all", q=typed) == [an.code], typed
    assert found(client, list="all", state="returned") == [an.code]


def test_officer_of_other_ward_does_not_find_the_dossiers_of_another(
    client, officer_b, team_b: Team, an_and_dao
):
    an, _dao = an_and_dao
    own = receive(team_b, procedure_with_steps())
    client.force_login(officer_b)
    for typed in ("nguyen van an", "0912345678", "001090001234", an.code):
        assert an.code not in found(client, q=typed)
    assert found(client, q="nguyen van an") == [own.code]  # the same person, at this ward


def test_api_search_by_applicant_matches_like_the_queue(client, officer_a, an_and_dao):
    an, _dao = an_and_dao
    client.force_login(officer_a)
    for typed in ("nguyen van an", "0912 345 678", "001090001234"):
        response = client.get("/api/v1/dossiers/", {"applicant": typed})
        assert [item["code"] for item in response.json()["items"]] == [an.code], typed


# --- filters -----------------------------------------------------------------------------


def test_queue_filters_by_date_received_and_due_date(client, officer_a, team_a, steps_procedure):
    first = receive(team_a, steps_procedure)  # Monday 7/7/2025, due Thursday 10/7
    later = receive(team_a, steps_procedure, at=MONDAY_9 + timedelta(days=7))  # due 17/7
    client.force_login(officer_a)
    assert found(client, received_from="2025-07-14") == [later.code]
    assert found(client, received_to="07/07/2025") == [first.code]  # typed by hand
    assert found(client, received_from="2025-07-07", received_to="2025-07-07") == [first.code]
    assert found(client, due_from="2025-07-11") == [later.code]
    assert found(client, due_from="2025-07-10", due_to="2025-07-10") == [first.code]
    assert found(client, due_to="2025-07-09") == []


def test_queue_filters_by_procedure_state_and_handler_together(
    client, officer_a, team_a: Team, steps_procedure
):
    other = procedure_with_steps()
    received = receive(team_a, steps_procedure)
    assigned = receive(team_a, steps_procedure, applicant=DAO)
    actions.dossier_transfer(
        actor=team_a.counter, dossier=assigned, handler=team_a.specialist, at=MONDAY_9
    )
    elsewhere = receive(team_a, other, applicant=DAO)
    client.force_login(officer_a)
    assert found(client, procedure=other.slug) == [elsewhere.code]
    assert found(client, state=State.IN_PROGRESS) == [assigned.code]
    assert found(client, handler=team_a.specialist.pk) == [assigned.code]
    assert set(found(client, handler=officer_a.pk)) == {received.code, elsewhere.code}
    combined = {"q": "dao", "procedure": steps_procedure.slug, "state": State.IN_PROGRESS}
    assert found(client, **combined) == [assigned.code]
    page = client.get(reverse("dossiers:queue"), combined).content.decode()
    assert 'value="dao"' in page and f'value="{steps_procedure.slug}" selected' in page


def test_a_handler_of_another_ward_is_not_offered_nor_used(
    client, officer_a, officer_b, an_and_dao
):
    client.force_login(officer_a)
    response = client.get(reverse("dossiers:queue"), {"handler": officer_b.pk})
    assert len(response.context["rows"]) == 2  # the filter is not applied, and said so
    assert "Không có người xử lý này" in response.content.decode()
    assert f'value="{officer_b.pk}"' not in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"received_from": "31/02/2025"},
        {"due_to": "2025-13-01"},
        {"received_from": "9999-12-31"},
        {"received_from": "0001-01-01"},
        {"received_from": "2025-07-10", "received_to": "2025-07-01"},
        {"q": "x" * 5000},
        {"procedure": "khong-co-thu-tuc-nay"},
        {"handler": "abc"},
        {"state": "bogus"},
        {"page": "-1"},
    ],
)
def test_bad_filters_give_a_message_not_an_error(client, officer_a, an_and_dao, params):
    client.force_login(officer_a)
    response = client.get(reverse("dossiers:queue"), params)
    assert response.status_code == 200
    if "page" not in params:
        assert 'data-testid="filter-errors"' in response.content.decode()
    export = client.get(reverse("dossiers:queue_export"), params)
    assert export.status_code in (200, 302)


def test_a_nul_in_the_search_is_refused_with_a_message_not_an_error(client, officer_a):
    client.force_login(officer_a)
    for name in ("dossiers:queue", "dossiers:queue_export"):
        response = client.get(reverse(name), {"q": "an\x00"})
        assert response.status_code == 400
        assert "ký tự điều khiển (U+0000)" in response.content.decode()


# --- the spreadsheet ---------------------------------------------------------------------


def sheet_of(content: bytes):
    return load_workbook(BytesIO(content)).active


def test_queue_exports_the_filtered_list_to_a_spreadsheet(client, officer_a, an_and_dao):
    an, _dao = an_and_dao
    client.force_login(officer_a)
    response = client.get(reverse("dossiers:queue_export"), {"q": "nguyen van an"})
    assert response.status_code == 200
    assert "danh-sach-ho-so-" in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = sheet_of(b"".join(response.streaming_content))
    rows = list(sheet.iter_rows())
    headings = [cell.value for cell in rows[3]]
    assert headings[:4] == ["STT", "Mã hồ sơ", "Thủ tục", "Người nộp"]
    assert "Ngày tiếp nhận" in headings and "Hẹn trả" in headings
    values = [cell.value for cell in rows[4]]
    assert values[1:4] == [an.code, an.procedure.name, "Nguyễn Văn An"]
    assert len(rows) == 5  # Đào is filtered out
    received = rows[4][headings.index("Ngày tiếp nhận")]
    # A real date, as read on a clock in Vietnam (Excel knows no time zones).
    assert received.value == MONDAY_9.replace(tzinfo=None)
    assert received.number_format == "dd/mm/yyyy"
    assert rows[4][headings.index("Hẹn trả")].value.date() == date(2025, 7, 10)
    assert "Tìm “nguyen van an”" in rows[1][0].value


def test_a_cut_export_says_so(officer_a, an_and_dao):
    dossiers = queries.queue_dossiers(user=officer_a, filters=queries.QueueFilters())
    data = queue_xlsx(dossiers=dossiers, title="Hồ sơ", summary=[], now=MONDAY_9, limit=1)
    rows = list(sheet_of(data.read()).iter_rows(values_only=True))
    assert "Chỉ gồm 1 hồ sơ đầu tiên trong 2 hồ sơ" in rows[2][0]
    assert len(rows) == 5


def test_officer_of_other_ward_exports_none_of_another_wards_dossiers(
    client, officer_b, an_and_dao
):
    client.force_login(officer_b)
    response = client.get(reverse("dossiers:queue_export"))
    rows = list(sheet_of(b"".join(response.streaming_content)).iter_rows(values_only=True))
    assert len(rows) == 4  # the headings alone


def test_queue_offers_export_and_print_of_the_filtered_list(client, officer_a, an_and_dao):
    client.force_login(officer_a)
    page = client.get(reverse("dossiers:queue"), {"q": "dao"}).content.decode()
    assert f'href="{reverse("dossiers:queue_export")}?q=dao"' in page
    assert 'href="?q=dao&amp;print=1"' in page and "dossiers/queue.css" in page


def test_the_printable_queue_holds_the_whole_list_on_one_page(
    client, officer_a, team_a: Team, steps_procedure
):
    for _ in range(26):
        receive(team_a, steps_procedure)
    client.force_login(officer_a)
    response = client.get(reverse("dossiers:queue"), {"print": "1"})
    assert len(response.context["rows"]) == 26
    assert "data-autoprint" in response.content.decode()
    assert "data-autoprint" not in client.get(reverse("dossiers:queue")).content.decode()


# --- the folded names --------------------------------------------------------------------


def test_existing_dossiers_get_their_folded_name(an_and_dao):
    Dossier.objects.update(applicant_search="")
    migration = importlib.import_module("motcua.dossiers.migrations.0009_applicant_search")
    migration.fold_names(django_apps, None)
    assert set(Dossier.objects.values_list("applicant_search", flat=True)) == {
        "nguyen van an",
        "tran thi dao",
    }
