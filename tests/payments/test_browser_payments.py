"""In real Chromium on the live server: a citizen pays through the sandbox gateway, whose
IPN call reaches the live server over loopback, and the dossier is settled."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from motcua.payments.models import PaymentState
from motcua.payments.sandbox import TEST_CARD
from motcua.payments.selectors import dossier_fee_summary, dossier_fees_settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site_on_live_server(settings, live_server):
    # The gateway's pages and its IPN target are addressed through SITE_URL.
    settings.SITE_URL = live_server.url


def test_citizen_pays_in_the_sandbox_and_the_dossier_is_settled(
    page, live_server, login, owned, site_on_live_server
) -> None:
    login(owned.owner)
    page.goto(live_server.url + reverse("payments:pay", args=[owned.pk]))
    expect(page.get_by_test_id("fee-total")).to_contain_text("23.000")
    page.get_by_label("Thẻ ATM, thẻ quốc tế, ví điện tử (VNPay)").check()
    page.get_by_role("button", name="Thanh toán 23.000 đồng").click()

    expect(page.get_by_test_id("sandbox-amount")).to_have_text("23.000 VND")
    page.get_by_label("Số thẻ").fill(TEST_CARD)
    page.get_by_role("button", name="Thanh toán", exact=True).click()

    expect(page.get_by_test_id("outcome")).to_contain_text("Đã thanh toán 23.000 đồng")
    assert dossier_fees_settled(dossier=owned)
    payment = dossier_fee_summary(dossier=owned).payments[0]
    assert payment.state == PaymentState.PAID
    assert payment.bank_code == "NCB"


def test_citizen_cancels_in_the_sandbox_and_still_owes_the_fee(
    page, live_server, login, owned, site_on_live_server
) -> None:
    login(owned.owner)
    page.goto(live_server.url + reverse("payments:pay", args=[owned.pk]))
    page.get_by_role("button", name="Thanh toán 23.000 đồng").click()
    page.get_by_role("button", name="Hủy").click()
    expect(page.get_by_test_id("outcome")).to_contain_text("không thành công")
    assert not dossier_fees_settled(dossier=owned)


def test_citizen_sees_the_vietqr_code_and_the_officer_confirms_it(
    page, live_server, login, owned, team_a, site_on_live_server
) -> None:
    login(owned.owner)
    page.goto(live_server.url + reverse("payments:pay", args=[owned.pk]))
    page.get_by_label("Chuyển khoản ngân hàng bằng mã VietQR").check()
    page.get_by_role("button", name="Thanh toán 23.000 đồng").click()
    expect(page.get_by_test_id("vietqr").locator("svg")).to_be_visible()
    order_ref = page.get_by_test_id("purpose").inner_text()

    page.context.clear_cookies()
    login(team_a.counter)
    page.goto(live_server.url + reverse("payments:dossier_fees", args=[owned.pk]))
    page.get_by_label("Mã giao dịch ngân hàng").fill("FT26001")
    page.get_by_role("button", name="Xác nhận đã nhận tiền").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã xác nhận")
    expect(page.get_by_test_id("fee-status")).to_contain_text("Đã nộp")

    page.goto(live_server.url + reverse("payments:reconciliation") + f"?ref={order_ref}")
    expect(page.get_by_test_id("rows")).to_contain_text(order_ref)
