"""The indicators screens on the demo's figures: scope, the import page, the downloads,
the entry form, publishing and the open data."""

import csv
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from motcua.accounts import demo as accounts_demo
from motcua.accounts.models import Role, User
from motcua.core.models import AuditEvent
from motcua.indicators import demo as indicators_demo
from motcua.indicators.models import Indicator, Publication, ValidationWarning, Value
from motcua.units.models import AdministrativeUnit
from tests.factories import (
    AgencyFactory,
    CitizenFactory,
    OfficerFactory,
    ProvinceFactory,
    WardFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_figures(db) -> None:
    """The demo ward's officers and `motcua demo load`'s figures: Quận Nam Từ Liêm 2022
    and five years of Phường Từ Liêm."""
    accounts_demo.load()
    indicators_demo.load()


def signed_in(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def district() -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(code="019", valid_to__isnull=False)


def ward() -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(code=indicators_demo.WARD_CODE, valid_to__isnull=True)


def test_leader_sees_the_district_summary_of_fourteen_targets(demo_figures) -> None:
    page = signed_in("tuliem.lanhdao").get(f"/indicators/{district().pk}/?year=2022&period=year")
    text = page.content.decode()
    assert page.status_code == 200
    assert "hoàn thành 14/14 chỉ tiêu" in text
    assert "vượt 6/14" in text
    assert "69.230" in text  # Vietnamese number format
    assert 'type="application/json"' in text  # the charts' options, as data


def test_officer_of_another_ward_gets_404(demo_figures) -> None:
    other = signed_in("taymo.motcua")
    assert other.get(f"/indicators/{ward().pk}/").status_code == 404
    assert other.get(f"/indicators/{ward().pk}/report.md?year=2022").status_code == 404
    assert other.get(f"/indicators/{ward().pk}/export.xlsx").status_code == 404


def test_officer_of_another_city_cannot_read_the_former_district(demo_figures) -> None:
    stranger = OfficerFactory.create()
    client = Client()
    client.force_login(stranger)
    assert client.get(f"/indicators/{district().pk}/").status_code == 404


def test_counter_officer_reads_but_does_not_import(demo_figures) -> None:
    counter = signed_in("tuliem.motcua")
    page = counter.get(f"/indicators/{ward().pk}/")
    assert page.status_code == 200
    assert b'data-testid="import"' not in page.content
    assert counter.get(f"/indicators/{ward().pk}/import/").status_code == 404
    assert counter.get(f"/indicators/{ward().pk}/figure/").status_code == 404


def test_the_former_district_is_read_only_for_the_ward(demo_figures) -> None:
    leader = signed_in("tuliem.lanhdao")
    assert leader.get(f"/indicators/{district().pk}/import/").status_code == 404


def test_district_links_to_the_ward_that_took_it_over_as_other_territory(demo_figures) -> None:
    page = signed_in("tuliem.lanhdao").get(f"/indicators/{district().pk}/?year=2022")
    text = page.content.decode()
    assert 'data-testid="successors"' in text
    assert "địa bàn khác" in text
    assert f'href="/indicators/{ward().pk}/"' in text


def test_drill_down_shows_components_and_the_gap(demo_figures) -> None:
    total = Indicator.objects.get(name="Tổng giá trị sản xuất các ngành kinh tế", parent=None)
    page = signed_in("tuliem.lanhdao").get(
        f"/indicators/{district().pk}/indicator/{total.pk}/?year=2022&period=year"
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "41.056" in text and "28.126" in text
    assert 'data-testid="remainder"' in text and ">48<" in text


def xlsx(rows: list[list[object]]) -> io.BytesIO:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    out.name = "bieu.xlsx"
    return out


HEADER: list[object] = [
    "STT",
    "Chỉ tiêu",
    "Đơn vị tính",
    "Thực hiện năm 2025",
    "Kế hoạch năm 2026",
    "Ước thực hiện năm 2026",
]


def test_import_page_refuses_a_malformed_file_with_line_numbers_and_writes_nothing(
    demo_figures,
) -> None:
    before = Value.objects.count()
    sheet = xlsx(
        [
            ["BIỂU"],
            HEADER,
            ["1", "Số hộ", "hộ", "12", "13", "mười"],
            ["1", "Số lớp", "lớp", 1, 2, 3],
        ]
    )
    page = signed_in("tuliem.lanhdao").post(
        f"/indicators/{ward().pk}/import/", {"year": 2026, "period": "year", "sheet": sheet}
    )
    text = page.content.decode()
    assert 'data-testid="refusals"' in text
    assert "Dòng 3:" in text and "Dòng 4:" in text
    assert Value.objects.count() == before


def test_import_page_previews_then_records_on_confirmation(demo_figures) -> None:
    leader = signed_in("tuliem.lanhdao")
    before = Value.objects.count()
    sheet = xlsx([HEADER, ["1", "Số hộ nghèo", "hộ", 12, 10, 9]])
    preview = leader.post(
        f"/indicators/{ward().pk}/import/", {"year": 2026, "period": "year", "sheet": sheet}
    )
    assert b'data-testid="preview"' in preview.content
    assert Value.objects.count() == before  # the preview writes nothing
    content = preview.context["confirm"].initial["content"]
    done = leader.post(
        f"/indicators/{ward().pk}/import/",
        {"year": 2026, "period": "year", "name": "bieu.xlsx", "content": content},
    )
    assert done.status_code == 302
    assert Value.objects.count() == before + 3
    assert AuditEvent.objects.filter(action="indicators.import", actor__username="tuliem.lanhdao")


def test_template_and_export_download_are_valid_xlsx(demo_figures) -> None:
    leader = signed_in("tuliem.lanhdao")
    for url in (
        "/indicators/template.xlsx?year=2026",
        f"/indicators/{district().pk}/export.xlsx?year=2022",
    ):
        answer = leader.get(url)
        assert answer.status_code == 200
        workbook = load_workbook(io.BytesIO(answer.content))
        titles = [c.value for c in workbook.worksheets[0][3]]
        assert titles[:3] == ["STT", "Chỉ tiêu", "Đơn vị tính"]
    exported = load_workbook(io.BytesIO(answer.content)).worksheets[0]
    names = [row[1] for row in exported.iter_rows(values_only=True)]
    assert "Tổng giá trị sản xuất các ngành kinh tế" in names


def test_report_downloads_in_each_format(demo_figures) -> None:
    leader = signed_in("tuliem.lanhdao")
    md = leader.get(f"/indicators/{district().pk}/report.md?year=2022&period=year")
    assert md.status_code == 200
    assert "69.230 tỷ đồng" in md.content.decode()
    docx = leader.get(f"/indicators/{district().pk}/report.docx?year=2022&period=year")
    assert docx.content[:2] == b"PK"
    assert "attachment" in docx["Content-Disposition"]


def test_entry_form_records_a_figure_and_refuses_text(demo_figures) -> None:
    leader = signed_in("tuliem.lanhdao")
    indicator = Indicator.objects.get(name="Số doanh nghiệp trên địa bàn")
    url = f"/indicators/{ward().pk}/figure/"
    data = {"year": 2026, "period": "year", "indicator": indicator.pk, "figure": "actual"}
    refused = leader.post(url, {**data, "number": "13.8"})
    assert b'data-testid="errors"' in refused.content
    before = Value.objects.count()
    leader.post(url, {**data, "number": "3.150"})
    latest = Value.objects.filter(indicator=indicator, unit=ward()).latest("entered_at", "pk")
    assert latest.number == Decimal(3150)
    assert latest.entered_by == User.objects.get(username="tuliem.lanhdao")
    assert Value.objects.count() == before + 1


def test_a_warning_is_accepted_with_a_reason(demo_figures) -> None:
    warning = ValidationWarning.objects.filter(unit=district(), severity="warning").first()
    assert warning is not None
    OfficerFactory.create(username="quantri2", role=Role.SYSTEM_ADMIN)
    admin = signed_in("quantri2")
    admin.post(
        f"/indicators/{district().pk}/warnings/{warning.pk}/accept/", {"reason": "Số làm tròn"}
    )
    warning.refresh_from_db()
    assert warning.accepted_reason == "Số làm tròn"


def test_publishing_is_refused_while_an_error_stands(demo_figures) -> None:
    unit = ward()
    ValidationWarning.objects.create(
        unit=unit,
        year=2026,
        period="year",
        rule="unit",
        severity="error",
        message="Đơn vị tính không khớp",
        found_at=timezone.now(),
    )
    leader = signed_in("tuliem.lanhdao")
    leader.post(f"/indicators/{unit.pk}/publish/", {"year": 2026, "period": "year"})
    assert not Publication.objects.exists()


def test_open_data_lists_published_figures_as_csv_and_json(demo_figures, client) -> None:
    leader = signed_in("tuliem.lanhdao")
    leader.post(f"/indicators/{ward().pk}/publish/", {"year": 2024, "period": "year"})
    assert AuditEvent.objects.filter(action="indicators.publish").count() == 1
    page = client.get("/open-data/")
    assert "Phường Từ Liêm" in page.content.decode()
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/open-data/indicators.csv").content.decode("utf-8-sig"))
        )
    )
    assert rows and {r["nam"] for r in rows} == {"2024"}
    assert "tuliem" not in client.get("/open-data/indicators.csv").content.decode()
    data = client.get("/open-data/indicators.json").json()
    assert data["du_lieu"][0]["ma_don_vi"] == indicators_demo.WARD_CODE


def test_nothing_published_means_an_empty_open_data_page(db, client) -> None:
    assert b'data-testid="nothing-published"' in client.get("/open-data/").content


def test_city_officer_reads_its_wards_but_not_another_citys(demo_figures) -> None:
    city_officer = OfficerFactory.create(agency=AgencyFactory.create(unit=ward().parent))
    client = Client()
    client.force_login(city_officer)
    assert client.get(f"/indicators/{ward().pk}/").status_code == 200
    other_city = ProvinceFactory.create(code="79", name="Thành phố Hồ Chí Minh")
    elsewhere = WardFactory.create(parent=other_city)
    assert client.get(f"/indicators/{elsewhere.pk}/").status_code == 404


def test_drill_down_crosses_the_reform_to_the_wards_marked_other_territory(demo_figures) -> None:
    total = Indicator.objects.get(name="Tổng giá trị sản xuất các ngành kinh tế", parent=None)
    page = signed_in("tuliem.lanhdao").get(
        f"/indicators/{district().pk}/indicator/{total.pk}/?year=2022&period=year"
    )
    text = page.content.decode()
    assert 'data-testid="successor-figures"' in text
    assert text.count('data-testid="successor-row"') == 5  # the ward's five years
    assert "Phường Từ Liêm" in text and "địa bàn khác" in text


def test_report_downloads_as_pdf(demo_figures) -> None:
    pdf = signed_in("tuliem.lanhdao").get(f"/indicators/{district().pk}/report.pdf?year=2022")
    assert pdf.status_code == 200
    assert pdf.content[:5] == b"%PDF-"


def test_visitors_are_sent_to_sign_in_and_citizens_find_nothing(demo_figures, client) -> None:
    assert client.get(f"/indicators/{ward().pk}/")["Location"].startswith("/accounts/login/")
    client.force_login(CitizenFactory.create())
    assert client.get(f"/indicators/{ward().pk}/").status_code == 404
    assert client.get("/indicators/").status_code == 404


def test_the_leader_lands_on_the_ward_with_its_latest_year(demo_figures) -> None:
    leader = signed_in("tuliem.lanhdao")
    landing = leader.get("/indicators/")
    assert landing["Location"] == f"/indicators/{ward().pk}/"
    page = leader.get(landing["Location"])
    assert page.context["board"].year == max(
        Value.objects.filter(unit=ward()).values_list("year", flat=True)
    )
