"""Hall statistics on a hand-made day: exact means, medians and p90s per group, counter,
officer and hour; scoping (another agency's hall does not exist); the CSV export."""

import csv
import io
import os
from datetime import date, datetime, time, timedelta

import pytest

from motcua.accounts.models import Role
from motcua.core.tz import VN_TZ
from motcua.hall.charts import VALUE_ROOM, WIDTH, Value, bar_chart
from motcua.hall.models import Counter, CounterState, Hall, ServiceGroup, Ticket, TicketState
from motcua.hall.statistics import (
    Summary,
    TicketTimes,
    hall_statistics,
    summarise,
    tabulate,
)
from motcua.units.models import AgencyKind
from tests.conftest import fits_the_phone
from tests.factories import AgencyFactory, OfficerFactory

DAY = date(2026, 11, 20)


def at(hh: int, mm: int, day: date = DAY) -> datetime:
    return datetime.combine(day, time(hh, mm), tzinfo=VN_TZ)


def ticket(
    hall,
    group,
    number,
    issued,
    *,
    counter=None,
    called=None,
    started=None,
    finished=None,
    state=TicketState.WAITING,
    day=DAY,
):
    return Ticket.objects.create(
        hall=hall,
        group=group,
        day=day,
        number=number,
        code=f"{group.code}{number:03d}",
        issued_at=issued,
        called_at=called,
        started_at=started,
        finished_at=finished,
        state=state,
        counter=counter,
        officer=counter.officer if counter else None,
    )


@pytest.fixture
def manager_a(agency_a):
    return OfficerFactory.create(username="quanly_a", role=Role.CENTRE_MANAGER, agency=agency_a)


@pytest.fixture
def manager_b(agency_b):
    return OfficerFactory.create(username="quanly_b", role=Role.CENTRE_MANAGER, agency=agency_b)


@pytest.fixture
def hall(agency_a, officer_a):
    """A day of hall A: group A (civil status) at counter 1, group B at counter 2.

    A001 08:00 → called 08:10, served 08:11–08:21   wait 10 min, service 10 min
    A002 08:05 → called 08:25, served 08:25–08:30   wait 20 min, service 5 min
    A003 09:00 → called 09:30, absent               wait 30 min, no-show
    A004 09:10 → still waiting
    B001 08:30 → called 08:32, served 08:32–08:52   wait 2 min, service 20 min
    A005 the day before (outside the period)
    """
    hall = Hall.objects.create(agency=agency_a, name="Sảnh Một cửa Phường A")
    civil = ServiceGroup.objects.create(hall=hall, code="A", name="Hộ tịch", position=1)
    notary = ServiceGroup.objects.create(hall=hall, code="B", name="Chứng thực", position=2)
    colleague = OfficerFactory.create(
        username="canbo_a2", last_name="Lê Văn", first_name="Bình", agency=agency_a
    )
    one = Counter.objects.create(hall=hall, number=1, officer=officer_a, state=CounterState.OPEN)
    two = Counter.objects.create(hall=hall, number=2, officer=colleague, state=CounterState.OPEN)
    one.groups.add(civil)
    two.groups.add(notary)
    done = TicketState.DONE
    ticket(
        hall,
        civil,
        1,
        at(8, 0),
        counter=one,
        called=at(8, 10),
        started=at(8, 11),
        finished=at(8, 21),
        state=done,
    )
    ticket(
        hall,
        civil,
        2,
        at(8, 5),
        counter=one,
        called=at(8, 25),
        started=at(8, 25),
        finished=at(8, 30),
        state=done,
    )
    ticket(hall, civil, 3, at(9, 0), counter=one, called=at(9, 30), state=TicketState.NO_SHOW)
    ticket(hall, civil, 4, at(9, 10))
    ticket(
        hall,
        notary,
        5,
        at(8, 30),
        counter=two,
        called=at(8, 32),
        started=at(8, 32),
        finished=at(8, 52),
        state=done,
    )
    before = DAY - timedelta(days=1)
    ticket(
        hall,
        civil,
        1,
        at(8, 0, before),
        counter=one,
        called=at(11, 0, before),
        state=TicketState.NO_SHOW,
        day=before,
    )
    return hall


def rows(table):
    return {row.key: row for row in table.rows}


def test_summary_of_a_few_durations_is_exact() -> None:
    assert summarise([600, 1200, 1800]) == Summary(3, 1200, 1200, 1680)
    assert summarise([300, 600]) == Summary(2, 450, 450, 570)
    assert summarise([42]) == Summary(1, 42, 42, 42)
    assert summarise([]) == Summary(0, None, None, None)


def test_rows_follow_counter_numbers_not_alphabetical_labels() -> None:
    def served_at(number: int) -> TicketTimes:
        key = (number, f"Quầy {number}")
        return TicketTimes(key, key, key, key, key, wait=60, service=None, no_show=False)

    rows = tabulate([served_at(10), served_at(2), served_at(10)], lambda t: t.counter)
    assert [(row.key, row.tickets) for row in rows] == [("Quầy 2", 1), ("Quầy 10", 2)]


def test_waiting_and_service_times_per_group_of_a_hand_made_day(hall) -> None:
    by_group = rows(hall_statistics(hall=hall, first=DAY, last=DAY)[0])
    assert list(by_group) == ["A – Hộ tịch", "B – Chứng thực"]
    civil = by_group["A – Hộ tịch"]
    assert civil.tickets == 4  # the day before is not counted
    assert civil.wait == Summary(3, 1200, 1200, 1680)
    assert civil.service == Summary(2, 450, 450, 570)
    assert civil.no_shows == 1 and civil.no_show_rate == 0.25
    notary = by_group["B – Chứng thực"]
    assert (notary.tickets, notary.wait.mean, notary.service.median) == (1, 120, 1200)


def test_counters_officers_and_hours_of_a_hand_made_day(hall) -> None:
    _, by_counter, by_officer, by_hour = hall_statistics(hall=hall, first=DAY, last=DAY)
    counters = rows(by_counter)
    assert counters["Quầy 1"].wait == Summary(3, 1200, 1200, 1680)
    assert counters["Quầy 2"].service.mean == 1200
    assert counters["(chưa gọi)"].tickets == 1
    officers = rows(by_officer)
    assert officers["Lê Văn Bình (canbo_a2)"].tickets == 1
    assert officers["Nguyễn Thị Lan (canbo_a)"].no_shows == 1
    hours = rows(by_hour)
    assert list(hours) == ["08:00", "09:00"]
    # 08h: A001 10 min, A002 20 min, B001 2 min; 09h: A003 30 min, A004 not yet called.
    assert hours["08:00"].wait == Summary(3, 640, 600, 1080)
    assert (hours["09:00"].tickets, hours["09:00"].wait.count) == (2, 1)


def test_a_two_day_period_counts_both_days(hall) -> None:
    tables = hall_statistics(hall=hall, first=DAY - timedelta(days=1), last=DAY)
    by_group = rows(tables[0])
    assert by_group["A – Hộ tịch"].tickets == 5
    assert by_group["A – Hộ tịch"].no_shows == 2
    assert tables[-1].name == "Theo ngày"
    assert [(row.key, row.tickets) for row in tables[-1].rows] == [
        ("19/11/2026", 1),
        ("20/11/2026", 5),
    ]
    one_day = hall_statistics(hall=hall, first=DAY, last=DAY)
    assert "Theo ngày" not in [table.name for table in one_day]


def test_bars_share_one_scale_from_zero_and_leave_room_for_their_values() -> None:
    chart = bar_chart(
        "Thời gian",
        ["Chờ", "Phục vụ"],
        [
            ("A – Hộ tịch", [Value(20, "20,0"), Value(7.5, "7,5")]),
            ("B – Chứng thực", [Value(2, "2,0"), Value(None, "–")]),
        ],
    )
    (civil_wait, civil_service), (notary_wait, notary_service) = (r.bars for r in chart.rows)
    scale = chart.width - VALUE_ROOM  # the largest value takes the whole scale
    assert civil_wait.width == scale
    assert (civil_service.width, notary_wait.width) == (round(scale * 7.5 / 20), round(scale / 10))
    assert notary_service.width == 0
    assert civil_wait.text_x == civil_wait.width + 4 and civil_wait.text == "20,0"
    assert [b.y for r in chart.rows for b in r.bars] == sorted(
        {b.y for r in chart.rows for b in r.bars}
    )
    assert chart.height > notary_service.y
    assert bar_chart("Trống", ["Số phiếu"], []).empty
    with pytest.raises(ValueError, match="2 values for 1 series"):
        bar_chart("Sai", ["Số phiếu"], [("x", [Value(1, "1"), Value(2, "2")])])


def test_page_draws_the_charts_beside_the_tables(client, manager_a, hall) -> None:
    client.force_login(manager_a)
    one_day = client.get(f"/hall/stats/{hall.pk}/", {"first": "2026-11-20", "last": "2026-11-20"})
    html = one_day.content.decode()
    titles = [chart.title for chart in one_day.context["charts"]]
    assert titles == [
        "Số phiếu theo giờ lấy số",
        "Thời gian chờ và phục vụ trung bình theo nhóm dịch vụ (phút)",
    ]
    assert html.count("<svg") == 2 and 'role="img"' in html
    assert 'data-testid="stats-table"' in html  # the tables stay
    # SVG coordinates are never localised ("12,5" is not a number to SVG).
    assert f'width="{WIDTH - VALUE_ROOM}"' in html and ">20,0</text>" in html
    two_days = client.get(f"/hall/stats/{hall.pk}/", {"first": "2026-11-19", "last": "2026-11-20"})
    assert two_days.context["charts"][0].title == "Số phiếu theo ngày"
    empty = client.get(f"/hall/stats/{hall.pk}/", {"first": "2026-10-01", "last": "2026-10-01"})
    assert "<svg" not in empty.content.decode()


# --- the page and the export ------------------------------------------------------------------


def test_manager_sees_the_tables_in_vietnamese_formats(client, manager_a, hall) -> None:
    client.force_login(manager_a)
    response = client.get(f"/hall/stats/{hall.pk}/", {"first": "2026-11-20", "last": "20/11/2026"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sảnh Một cửa Phường A" in html
    assert '<td class="text-end">28,0</td>' in html  # group A waits: p90 of 1.680 s is 28,0 minutes
    assert "25,0%" in html  # group A's no-show rate


def test_page_shows_the_queue_now_with_the_estimated_wait(client, manager_a, hall) -> None:
    client.force_login(manager_a)
    live = client.get(f"/hall/stats/{hall.pk}/").context["live"]
    (civil, civil_minutes), (notary, notary_minutes) = live
    assert (civil.group.code, civil.waiting, civil.open_counters) == ("A", 1, 1)
    assert civil_minutes > 0
    assert (notary.waiting, notary_minutes) == (0, 0)


def test_index_goes_to_the_managers_hall(client, manager_a, hall) -> None:
    client.force_login(manager_a)
    response = client.get("/hall/stats/")
    assert response.status_code == 302 and response.url == f"/hall/stats/{hall.pk}/"


def test_manager_of_another_agency_gets_404(client, manager_b, hall) -> None:
    client.force_login(manager_b)
    assert client.get(f"/hall/stats/{hall.pk}/").status_code == 404
    assert client.get(f"/hall/stats/{hall.pk}/csv/").status_code == 404
    assert client.get("/hall/stats/").status_code == 200  # "your agency has no hall"


@pytest.fixture
def centre_hall(agency_a) -> Hall:
    """The hall of ward A's service centre: an agency beside the people's committee."""
    centre = AgencyFactory.create(
        name="Trung tâm phục vụ hành chính công Phường A",
        kind=AgencyKind.SERVICE_CENTRE,
        unit=agency_a.unit,
    )
    hall = Hall.objects.create(agency=centre, name="Sảnh Trung tâm Phường A")
    civil = ServiceGroup.objects.create(hall=hall, code="A", name="Hộ tịch", position=1)
    ticket(hall, civil, 1, at(8, 0))
    return hall


def test_ward_leader_reads_the_hall_of_the_wards_centre(client, agency_a, centre_hall) -> None:
    leader = OfficerFactory.create(username="lanhdao_a", role=Role.LEADER, agency=agency_a)
    client.force_login(leader)
    index = client.get("/hall/stats/")
    assert index.status_code == 302 and index.url == f"/hall/stats/{centre_hall.pk}/"
    page = client.get(index.url, {"first": "2026-11-20", "last": "2026-11-20"})
    assert page.status_code == 200 and "Sảnh Trung tâm Phường A" in page.content.decode()
    assert client.get(f"/hall/stats/{centre_hall.pk}/csv/").status_code == 200


def test_leader_of_another_ward_does_not_find_the_hall(client, agency_b, centre_hall) -> None:
    leader = OfficerFactory.create(username="lanhdao_b", role=Role.LEADER, agency=agency_b)
    client.force_login(leader)
    assert client.get(f"/hall/stats/{centre_hall.pk}/").status_code == 404
    assert client.get(f"/hall/stats/{centre_hall.pk}/csv/").status_code == 404
    assert client.get("/hall/stats/").status_code == 200  # "your agency has no hall"


def test_counter_officer_is_refused_with_403(client, officer_a, hall) -> None:
    client.force_login(officer_a)
    assert client.get(f"/hall/stats/{hall.pk}/").status_code == 403


def test_citizen_gets_404(client, citizen, hall) -> None:
    client.force_login(citizen)
    assert client.get(f"/hall/stats/{hall.pk}/").status_code == 404


def test_a_reversed_period_shows_the_error_and_today(client, manager_a, hall) -> None:
    client.force_login(manager_a)
    response = client.get(f"/hall/stats/{hall.pk}/", {"first": "2026-11-21", "last": "2026-11-20"})
    assert "Ngày bắt đầu phải trước ngày kết thúc." in response.content.decode()


def test_a_period_longer_than_a_quarter_is_refused(client, manager_a, hall) -> None:
    client.force_login(manager_a)
    response = client.get(f"/hall/stats/{hall.pk}/", {"first": "2026-01-01", "last": "2026-12-31"})
    assert "Chọn khoảng thời gian không quá 92 ngày." in response.content.decode()
    assert response.context["first"] == response.context["last"]  # today's figures instead


def test_csv_is_utf8_with_bom_and_holds_the_same_tables(client, manager_a, hall) -> None:
    client.force_login(manager_a)
    response = client.get(
        f"/hall/stats/{hall.pk}/csv/", {"first": "2026-11-20", "last": "2026-11-20"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[0][:3] == ["Bảng", "Nhóm", "Số phiếu"]
    assert [
        "Theo nhóm dịch vụ",
        "A – Hộ tịch",
        "4",
        "3",
        "1200",
        "1200",
        "1680",
        "2",
        "450",
        "450",
        "570",
        "1",
    ] in table
    assert [
        "Theo giờ lấy số",
        "09:00",
        "2",
        "1",
        "1800",
        "1800",
        "1800",
        "0",
        "",
        "",
        "",
        "1",
    ] in table
    assert len(table) == 1 + 2 + 3 + 3 + 2  # header, groups, counters, officers, hours


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_manager_reads_the_hand_made_day_and_finds_the_csv_link(
    page,
    live_server,
    login,
    manager_a,
    hall,
) -> None:
    login(manager_a)
    page.goto(live_server.url + "/hall/stats/")
    page.fill("#mc-first", "2026-11-20")
    page.fill("#mc-last", "2026-11-20")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_url("**first=2026-11-20**")
    assert "Ngày 20/11/2026." in page.get_by_test_id("period").inner_text()
    first_table = page.get_by_test_id("stats-table").first
    civil = first_table.get_by_role("row", name="A – Hộ tịch")
    assert civil.get_by_role("cell").all_inner_texts() == [
        "4",
        "3",
        "20,0",
        "20,0",
        "28,0",
        "2",
        "7,5",
        "7,5",
        "9,5",
        "1",
        "25,0%",
    ]
    assert "first=2026-11-20" in (page.get_by_test_id("csv").get_attribute("href") or "")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 390])
def test_charts_render_and_the_page_fits(page, live_server, login, manager_a, hall, width) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    login(manager_a)
    page.goto(live_server.url + f"/hall/stats/{hall.pk}/?first=2026-11-19&last=2026-11-20")
    charts = page.get_by_test_id("chart")
    assert charts.count() == 2
    for index in range(2):
        svg = charts.nth(index).locator("svg")
        box = svg.bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 40
        assert svg.locator("rect").count() > 0
    assert charts.first.locator("text").all_text_contents()[:2] == ["19/11/2026", "1"]
    fits_the_phone(page)
    shots = os.environ.get("HALLUI_SHOTS")
    if shots:
        page.screenshot(path=f"{shots}/stats-{width}.png", full_page=True)


def test_page_reads_a_fixed_number_of_queries_whatever_the_tickets(client, manager_a, hall):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(manager_a)
    url = f"/hall/stats/{hall.pk}/?first=2026-11-19&last=2026-11-20"

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = queries()
    group, counter = hall.groups.first(), hall.counters.first()
    for number in range(10, 40):
        ticket(
            hall,
            group,
            number,
            at(10, 0),
            counter=counter,
            called=at(10, 5),
            state=TicketState.NO_SHOW,
        )
    assert queries() == before
