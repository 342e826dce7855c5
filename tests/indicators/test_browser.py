"""The indicators screens in real Chromium, on the figures `motcua demo load` loads: the
ward's leader finds the dashboard from the menu, opens the former district's 2022 figures
(14/14 targets, charts drawn), drills into the production value and downloads the report;
imports a sheet (a malformed one refused with its line numbers first); publishes; a
visitor reads the open-data page and downloads its CSV.

Every page runs under the Content-Security-Policy the site sends (no inline script or
style): any refusal fails the test."""

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from motcua.accounts import demo as accounts_demo
from motcua.indicators import demo as indicators_demo
from tests.conftest import fits_the_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)
# What the site's base.html says to htmx under the policy (no style element, no eval).
HTMX_CONFIG = (
    '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false, "allowEval": false}\'>'
)
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => console.error(
  `Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`));
"""
LEADER = "tuliem.lanhdao"
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def demo_figures(db) -> None:
    accounts_demo.load()
    indicators_demo.load()


@pytest.fixture
def open_browser(browser: Browser, live_server) -> Iterator[tuple[BrowserContext, list[str]]]:
    """A context whose pages carry the policy; `refused` collects every refusal."""
    context = browser.new_context(
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        base_url=live_server.url,
        accept_downloads=True,
    )
    context.set_default_timeout(20_000)
    context.add_init_script(REPORT_VIOLATIONS)
    refused: list[str] = []

    def with_policy(route: Route) -> None:
        # A form's POST goes through untouched: Chromium gives an interceptor no uploaded
        # file, and the page it answers with is the same template as the GET's.
        if route.request.resource_type != "document" or route.request.method != "GET":
            route.continue_()
            return
        response = route.fetch()
        body = response.body()
        if b"htmx-config" not in body:  # as base.html has it under the policy
            body = body.replace(b"<head>", b"<head>" + HTMX_CONFIG.encode(), 1)
        route.fulfill(
            response=response,
            body=body,
            headers={**response.headers, "content-security-policy": POLICY},
        )

    context.route("**/*", with_policy)
    context.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield context, refused
    context.close()


def sign_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", accounts_demo.DEMO_PASSWORD)
    page.click("button[type=submit]")
    expect(page.get_by_role("heading", name="Việc của tôi")).to_be_visible()


def charts_drawn(page: Page, timeout: float = 10) -> None:
    """Every chart box holds ECharts' canvas. Asked from outside the page: Playwright's
    wait_for_function compiles its expression inside it, which the policy refuses."""
    drawn = (
        "() => { const boxes = [...document.querySelectorAll('[data-chart]')];"
        " return boxes.length > 0 && boxes.every(b => b.getAttribute('data-chart-ready')"
        " && b.querySelector('canvas')); }"
    )
    deadline = time.monotonic() + timeout
    while not page.evaluate(drawn):
        assert time.monotonic() < deadline, f"charts not drawn on {page.url}"
        page.wait_for_timeout(50)


def test_leader_opens_the_district_dashboard_drills_down_and_downloads_the_report(
    open_browser, demo_figures
) -> None:
    context, refused = open_browser
    page = context.new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, LEADER)
    page.get_by_role("button", name="Khác").click()
    page.get_by_test_id("nav-indicators").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Phường Từ Liêm")
    charts_drawn(page)
    # Across the reform: the units the ward took over, another territory.
    before = page.get_by_test_id("predecessors")
    expect(before).to_contain_text("địa bàn khác")
    before.get_by_role("link", name="Quận Nam Từ Liêm").click()
    expect(page.get_by_test_id("period-label")).to_contain_text("năm 2022")
    summary = page.get_by_test_id("summary").first
    expect(summary).to_contain_text("hoàn thành 14/14 chỉ tiêu")
    expect(summary).to_contain_text("vượt 6/14")
    expect(page.get_by_test_id("successors")).to_contain_text("địa bàn khác")
    charts_drawn(page)
    total = page.locator("[data-testid=card]", has_text="Tổng giá trị sản xuất các ngành")
    expect(total.get_by_test_id("value")).to_have_text("69.230")
    expect(total.get_by_test_id("status").first).to_contain_text("Đạt")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate(
        "document.querySelector('[data-testid=summaries]').scrollIntoView({behavior: 'instant'})"
    )
    page.screenshot(path=str(SHOTS / "indicators-dashboard-1280.png"))
    total.get_by_test_id("drill").click()
    expect(page.get_by_test_id("components")).to_contain_text("41.056")
    expect(page.get_by_test_id("remainder")).to_contain_text("48")
    charts_drawn(page)
    page.get_by_test_id("back").click()
    with page.expect_download() as download:
        page.get_by_test_id("report-docx").click()
    assert download.value.suggested_filename == "bao-cao-chi-tieu-019-year-2022.docx"
    assert Path(download.value.path()).read_bytes()[:2] == b"PK"
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    charts_drawn(page)
    fits_the_phone(page)
    page.evaluate(
        "document.querySelector('[data-testid=cards]').scrollIntoView({behavior: 'instant'})"
    )
    page.screenshot(path=str(SHOTS / "indicators-dashboard-390.png"))
    assert not refused, "\n".join(refused)


def sheet_file(tmp_path: Path, rows: list[list[object]], name: str) -> Path:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


HEADER = ["STT", "Chỉ tiêu", "Đơn vị tính", "Thực hiện năm 2025", "Kế hoạch năm 2026"]


def test_import_page_refuses_a_malformed_sheet_then_records_a_good_one(
    open_browser, demo_figures, tmp_path
) -> None:
    context, refused = open_browser
    page = context.new_page()
    sign_in(page, LEADER)
    page.goto("/indicators/")
    page.get_by_test_id("import").click()
    with page.expect_download() as template:
        page.get_by_test_id("template").click()
    assert template.value.suggested_filename.endswith(".xlsx")
    bad = sheet_file(
        tmp_path,
        [["BIỂU CHỈ TIÊU"], [*HEADER, "Ước thực hiện năm 2026"], ["1", "Số hộ", "hộ", 1, 2, "ba"]],
        "sai.xlsx",
    )
    page.fill("input[name=year]", "2026")
    page.set_input_files("input[name=sheet]", str(bad))
    page.get_by_role("button", name="Kiểm tra").click()
    expect(page.get_by_test_id("refusal")).to_contain_text("Dòng 3:")
    good = sheet_file(
        tmp_path,
        [[*HEADER, "Ước thực hiện năm 2026"], ["1", "Số hộ nghèo", "hộ", 12, 10, 9]],
        "dung.xlsx",
    )
    page.fill("input[name=year]", "2026")
    page.set_input_files("input[name=sheet]", str(good))
    page.get_by_role("button", name="Kiểm tra").click()
    expect(page.get_by_test_id("preview-row")).to_contain_text("Số hộ nghèo")
    page.get_by_test_id("confirm").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã nhập dung.xlsx: 3 số liệu mới")
    expect(page.locator("[data-testid=card]", has_text="Số hộ nghèo")).to_be_visible()
    assert not refused, "\n".join(refused)


def test_a_visitor_reads_the_published_figures_and_downloads_them(
    open_browser, demo_figures
) -> None:
    context, refused = open_browser
    page = context.new_page()
    sign_in(page, LEADER)
    page.goto("/indicators/")
    page.select_option("#mc-year", "2024")
    page.get_by_role("button", name="Xem").click()
    page.get_by_test_id("publish").click()
    expect(page.get_by_test_id("published")).to_be_visible()
    visitor = context.browser.new_context(base_url=page.url.split("/indicators")[0])
    public = visitor.new_page()
    public.goto("/")
    public.get_by_test_id("entry-open-data").click()
    expect(public.get_by_test_id("publication")).to_contain_text("Phường Từ Liêm · năm 2024")
    expect(public.get_by_test_id("open-row").first).to_be_visible()
    with public.expect_download() as download:
        public.get_by_test_id("csv").click()
    text = Path(download.value.path()).read_text("utf-8-sig")
    assert text.startswith("ma_don_vi,") and "Phường Từ Liêm" in text
    for width in (1280, 390):
        public.set_viewport_size({"width": width, "height": 900})
        fits_the_phone(public)
    visitor.close()
    assert not refused, "\n".join(refused)
