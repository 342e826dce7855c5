"""The whole citizen journey of issue 4 in real Chromium on the live server: a citizen
signs up on a phone with a one-time code, applies online for a birth registration with
extract copies, pays in the sandbox gateway; the ward's counter officer, specialist and
leader take the dossier to its result through their own pages; the citizen reads the
notification, downloads the electronic result, verifies it publicly and rates the service.

Each actor has their own browser context, as they would have their own device."""

import hashlib
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from motcua.catalog.models import Procedure
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from motcua.hall.models import Rating, RatingChannel
from motcua.notifications.services import notifications_deliver_due
from motcua.payments.models import PaymentState
from motcua.payments.sandbox import TEST_CARD
from motcua.payments.selectors import dossier_fee_summary
from tests.accounts.citizens import last_code
from tests.conftest import PASSWORD, fits_the_phone
from tests.dossiers.conftest import processing_rules  # noqa: F401 (autouse fixture)
from tests.dossiers.factories import team_for
from tests.portal.conftest import BIRTH, BIRTH_VALUES, load_procedures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
CITIZEN_PHONE = "0987654321"
# Two extract copies at 8.000 đồng each; the registration itself is free.
COPIES = 2
TOTAL = "16.000"
UPLOAD = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
RESULT = b"%PDF-1.4\n% Giay khai sinh ban chinh\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.fixture
def open_context(browser, live_server) -> Iterator[Callable[..., BrowserContext]]:
    """`open_context(phone=True)`: one more browser, in Vietnamese, closed at the end."""
    contexts: list[BrowserContext] = []

    def open_(*, phone: bool = False) -> BrowserContext:
        context = browser.new_context(
            locale="vi-VN",
            timezone_id="Asia/Ho_Chi_Minh",
            base_url=live_server.url,
            viewport=PHONE if phone else None,
            is_mobile=phone,
            has_touch=phone,
            accept_downloads=True,
        )
        context.set_default_timeout(20_000)
        contexts.append(context)
        return context

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def patient_expect() -> Iterator[None]:
    # Nine pages in four browsers on a shared machine: room beyond Playwright's 5 s.
    expect.set_options(timeout=20_000)
    yield
    expect.set_options(timeout=5_000)


@pytest.fixture
def journey_site(settings, live_server, tmp_path) -> None:
    # The sandbox gateway's pages and its IPN target are addressed through SITE_URL.
    settings.SITE_URL = live_server.url
    settings.MEDIA_ROOT = tmp_path / "media"


def officer_page(open_context: Callable[..., BrowserContext], user) -> Page:
    """An officer signed in through the sign-in form on their own desktop browser."""
    page = open_context().new_page()
    page.goto("/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return page


def act(page: Page, action: str, done: str, state: str) -> None:
    """Press an action's button on the officer's dossier page; the page says it was done
    (the state alone may not change: a hand-over between steps) and shows the state."""
    page.locator(f"form[data-action={action}] button[type=submit]").click()
    expect(page.get_by_role("alert").first).to_contain_text(f"Đã thực hiện: {done}.")
    expect(page.get_by_test_id("dossier-state")).to_have_text(state)


def test_citizen_journey_from_sign_up_to_rating(
    live_server, open_context, journey_site, patient_expect, agency_a, officer_a
) -> None:
    load_procedures("dang-ky-khai-sinh")
    team = team_for(agency_a, counter=officer_a)

    # 1. Sign up on a phone with a one-time code, then the profile the e-form reuses.
    citizen = open_context(phone=True).new_page()
    citizen.goto("/portal/?q=khai+sinh")
    row = citizen.get_by_test_id("online-procedures").locator("li", has_text="Đăng ký khai sinh")
    row.first.get_by_role("link", name="Nộp hồ sơ").click()
    # Not signed in yet: the citizen sign-in page, which comes back to the e-form after.
    citizen.get_by_label("Số điện thoại di động hoặc thư điện tử").fill("0987 654 321")
    citizen.get_by_role("button", name="Nhận mã đăng nhập").click()
    expect(citizen.get_by_test_id("code-address")).to_have_text("09******21")
    # Read before the worker delivers it: a delivered code's text is erased.
    citizen.get_by_label("Mã xác thực (6 chữ số)").fill(last_code(CITIZEN_PHONE))
    citizen.get_by_role("button", name="Đăng nhập").click()
    citizen.wait_for_url(re.compile(rf"/portal/apply/{re.escape(BIRTH)}/$"))
    notifications_deliver_due()

    citizen.goto("/accounts/citizen/profile/")
    expect(citizen.get_by_test_id("profile-phone")).to_have_text(CITIZEN_PHONE)
    citizen.get_by_label("Họ và tên").fill("Trần Văn Minh")
    citizen.get_by_label("Số định danh cá nhân").fill("001 203 012 345")
    citizen.get_by_label("Ngày sinh").fill("1993-02-01")
    citizen.get_by_label("Địa chỉ thường trú").fill("Số 1 Phú Đô, phường Từ Liêm, Hà Nội")
    citizen.get_by_role("button", name="Lưu thông tin").click()
    expect(citizen.get_by_role("alert").first).to_contain_text("Đã lưu thông tin cá nhân")

    # 2. The birth registration e-form: pre-filled applicant, the child, copies, uploads.
    citizen.goto(f"/portal/apply/{BIRTH}/")
    expect(citizen.get_by_label("Số định danh cá nhân", exact=False).first).to_have_value(
        "001203012345"
    )
    for key, value in {**BIRTH_VALUES, "copies": str(COPIES)}.items():
        field = citizen.locator(f"#f-{key}")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    missing = citizen.get_by_test_id("missing")
    birth = Procedure.objects.get(code=BIRTH)
    mandatory = [d for d in birth.versions.get().documents.all() if d.is_mandatory]
    assert mandatory
    for n, document in enumerate(mandatory):
        expect(missing).to_contain_text(document.name)
        item = citizen.get_by_test_id(f"doc-{document.pk}")
        item.locator("input[type=file]").set_input_files(
            {"name": f"giay-to-{n}.pdf", "mimeType": "application/pdf", "buffer": UPLOAD}
        )
        item.get_by_role("button", name="Tải lên").click()
        expect(citizen.get_by_test_id(f"doc-{document.pk}").get_by_test_id("file")).to_have_count(1)
    expect(citizen.get_by_test_id("missing")).to_contain_text("Đã đủ thông tin")
    fits_the_phone(citizen)
    citizen.get_by_test_id("submit").click()
    citizen.wait_for_url(re.compile(r"/portal/dossiers/\d+/$"))
    expect(citizen.get_by_test_id("state")).to_have_text("Mới đăng ký")
    # In the ward's online queue, owned by the account that signed up.
    dossier = Dossier.objects.get(owner__phone=CITIZEN_PHONE, agency=agency_a)
    expect(citizen.get_by_test_id("code")).to_have_text(dossier.code)
    dossier_url = citizen.url

    # 3. Pay the copies in the sandbox gateway; its IPN reaches the live server.
    citizen.get_by_test_id("pay").click()
    expect(citizen.get_by_test_id("fee-total")).to_contain_text(TOTAL)
    citizen.get_by_label("Thẻ ATM, thẻ quốc tế, ví điện tử (VNPay)").check()
    citizen.get_by_role("button", name=f"Thanh toán {TOTAL} đồng").click()
    expect(citizen.get_by_test_id("sandbox-amount")).to_have_text(f"{TOTAL} VND")
    fits_the_phone(citizen)
    citizen.get_by_label("Số thẻ").fill(TEST_CARD)
    citizen.get_by_role("button", name="Thanh toán", exact=True).click()
    expect(citizen.get_by_test_id("outcome")).to_contain_text(f"Đã thanh toán {TOTAL} đồng")
    fits_the_phone(citizen)
    assert dossier_fee_summary(dossier=dossier).payments[0].state == PaymentState.PAID

    # 4. The ward's officers, each on their own screen, take the dossier to its result.
    counter = officer_page(open_context, team.counter)
    counter.goto("/dossiers/")
    counter.get_by_test_id("online-queue-link").click()
    queued = counter.get_by_test_id("online-registered").locator(f"tr[data-code='{dossier.code}']")
    expect(queued).to_contain_text("giay-to-0.pdf")
    queued.get_by_role("link", name=dossier.code).click()
    expect(counter.get_by_test_id("dossier-state")).to_have_text("Mới đăng ký")
    expect(counter.get_by_test_id("fee-status")).to_contain_text("Đã thanh toán")
    act(counter, "receive", "Tiếp nhận hồ sơ", "Đã tiếp nhận")
    act(counter, "transfer", "Chuyển bước tiếp theo", "Đang xử lý")
    officer_url = counter.url

    specialist = officer_page(open_context, team.specialist)
    specialist.goto(officer_url)
    act(specialist, "transfer", "Chuyển bước tiếp theo", "Đang xử lý")

    leader = officer_page(open_context, team.leader)
    leader.goto(officer_url)
    expect(leader.locator("[aria-current=step]")).to_contain_text("Lãnh đạo")
    act(leader, "approve", "Phê duyệt", "Đã phê duyệt")

    counter.reload()
    act(counter, "mark_processed", "Đã có kết quả, chờ trả", "Đã xử lý, chờ trả kết quả")
    counter.get_by_label("Tệp PDF kết quả đã ký").set_input_files(
        {"name": "giay-khai-sinh.pdf", "mimeType": "application/pdf", "buffer": RESULT}
    )
    counter.get_by_role("button", name="Đính kèm kết quả").click()
    expect(counter.get_by_role("alert").first).to_contain_text("Đã đính kèm kết quả")
    result_code = counter.get_by_test_id("result-code").inner_text()
    act(counter, "return_result", "Trả kết quả cho công dân", "Đã trả kết quả")
    dossier.refresh_from_db()
    assert dossier.state == State.RETURNED

    # 5. The worker delivers; the citizen reads the inbox, downloads, verifies and rates.
    notifications_deliver_due()
    citizen.goto("/notifications/")
    messages = citizen.get_by_test_id("message")
    expect(messages.filter(has_text="đã được tiếp nhận")).to_contain_text(dossier.code)
    expect(messages.filter(has_text="mời ông/bà nhận kết quả")).to_contain_text(dossier.code)
    returned = messages.filter(has_text=f"Hồ sơ {dossier.code} đã được trả kết quả.")
    expect(returned).to_contain_text("mời ông/bà đánh giá mức độ hài lòng")
    fits_the_phone(citizen)
    # The message's tracking link: the public page, the name masked.
    returned.get_by_role("link").click()
    expect(citizen.get_by_test_id("tracking-state")).to_have_text("Đã trả kết quả")
    expect(citizen.get_by_test_id("tracking-applicant")).to_have_text("Trần V*** M***")
    fits_the_phone(citizen)

    citizen.goto(dossier_url)
    expect(citizen.get_by_test_id("state")).to_have_text("Đã trả kết quả")
    fits_the_phone(citizen)
    receipt = citizen.get_by_test_id("notices").get_by_role(
        "link", name="Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
    )
    notice = citizen.context.request.get(live_server.url + receipt.get_attribute("href"))
    assert notice.headers["content-type"] == "application/pdf"
    assert notice.body().startswith(b"%PDF")
    result = citizen.get_by_test_id("result")
    with citizen.expect_download() as downloading:
        result.get_by_role("link", name="Tải kết quả (PDF)").click()
    download = downloading.value
    assert download.suggested_filename == f"ket-qua-{dossier.code}.pdf"
    received = Path(download.path()).read_bytes()
    assert hashlib.sha256(received).hexdigest() == hashlib.sha256(RESULT).hexdigest()

    result.get_by_test_id("result-code").click()
    expect(citizen.get_by_test_id("verify-status")).to_contain_text("Văn bản hợp lệ")
    expect(citizen.get_by_test_id("verify-agency")).to_have_text(agency_a.name)
    expect(citizen.get_by_test_id("verify-code-value")).to_have_text(result_code)
    fits_the_phone(citizen)
    for personal in ("001203012345", "Trần Văn Minh"):  # public: no personal data
        expect(citizen.locator("main")).not_to_contain_text(personal)
    # Whoever receives the file checks it too: the downloaded file itself is recognised.
    citizen.goto("/verify/")
    citizen.get_by_label("hoặc tệp PDF kết quả").set_input_files(download.path())
    citizen.get_by_role("button", name="Xác thực").click()
    expect(citizen.get_by_test_id("verify-code-value")).to_have_text(result_code)

    citizen.goto(dossier_url)
    citizen.get_by_role("link", name="Đánh giá mức độ hài lòng").click()
    citizen.get_by_text("Rất hài lòng", exact=True).click()
    citizen.get_by_label("Góp ý (không bắt buộc)").fill("Làm khai sinh cho con không phải đi")
    citizen.get_by_role("button", name="Gửi đánh giá").click()
    expect(citizen.get_by_role("alert").first).to_contain_text("Cảm ơn ông/bà đã đánh giá!")
    expect(citizen.get_by_test_id("rating-done")).to_contain_text("Rất hài lòng")
    fits_the_phone(citizen)
    rating = Rating.objects.get()
    assert (rating.channel, rating.dossier_id, rating.value, rating.comment) == (
        RatingChannel.ONLINE,
        dossier.pk,
        "very_satisfied",
        "Làm khai sinh cho con không phải đi",
    )
    citizen.goto(dossier_url)
    expect(citizen.get_by_role("link", name="Đánh giá mức độ hài lòng")).to_have_count(0)
