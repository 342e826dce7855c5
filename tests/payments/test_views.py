"""The payment pages over HTTP: the owner pays, the return page only reads, officers act
on their agency's dossiers, everyone else gets 404, bad input changes nothing."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from motcua.payments.models import AssessmentState, FeeAssessment, Payment, PaymentState
from motcua.payments.services.cashier import payment_record_cash, payment_refund
from motcua.payments.services.online import payment_ipn_handle
from tests.dossiers.test_pdf import A5, page_size, text_of
from tests.factories import CitizenFactory
from tests.payments.conftest import FILING, PER_COPY
from tests.payments.test_ipn import callback, start

pytestmark = pytest.mark.django_db
TOTAL = FILING + PER_COPY  # 23.000 đồng


def query_of(url: str) -> str:
    return url.split("?", 1)[1]


@pytest.fixture
def other_citizen():
    return CitizenFactory.create(username="hangxom")


# --- the citizen's pay page ------------------------------------------------------------------


def test_the_owner_sees_the_fees_in_vietnamese_numbers(client, owned) -> None:
    client.force_login(owned.owner)
    response = client.get(reverse("payments:pay", args=[owned.pk]))
    assert response.status_code == 200
    assert "23.000" in response.content.decode()


@pytest.mark.parametrize("who", ["other_citizen", "officer_b"])
def test_another_citizen_or_officer_gets_404_on_the_pay_page(client, owned, request, who) -> None:
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("payments:pay", args=[owned.pk])).status_code == 404
    response = client.post(reverse("payments:pay", args=[owned.pk]), {"gateway": "vnpay"})
    assert response.status_code == 404
    assert not Payment.objects.exists()


def test_no_gateway_chosen_is_a_message_and_nothing_written(client, owned) -> None:
    client.force_login(owned.owner)
    response = client.post(reverse("payments:pay", args=[owned.pk]), {"gateway": ""})
    assert response.status_code == 400
    assert "Hãy chọn một hình thức thanh toán" in response.content.decode()
    assert not Payment.objects.exists()


def test_choosing_vnpay_redirects_to_the_signed_sandbox(client, owned) -> None:
    client.force_login(owned.owner)
    response = client.post(reverse("payments:pay", args=[owned.pk]), {"gateway": "vnpay"})
    assert response.status_code == 302
    assert "/payments/sandbox/pay/?" in response["Location"]
    page = client.get("/payments/sandbox/pay/?" + query_of(response["Location"]))
    assert page.status_code == 200
    assert "23.000 VND" in page.content.decode()


def test_the_sandbox_refuses_a_tampered_request(client, owned) -> None:
    url = start(owned).start.redirect_url
    tampered = query_of(url).replace(f"vnp_Amount={TOTAL * 100}", "vnp_Amount=100")
    assert client.get("/payments/sandbox/pay/?" + tampered).status_code == 400


def test_the_sandbox_asks_again_for_a_wrong_card_and_nothing_changes(client, owned) -> None:
    started = start(owned)
    url = "/payments/sandbox/pay/?" + query_of(started.start.redirect_url)
    response = client.post(url, {"action": "pay", "card_number": "4111"})
    assert response.status_code == 400
    assert "Số thẻ không đúng" in response.content.decode()
    started.payment.refresh_from_db()
    assert started.payment.state == PaymentState.PENDING


def test_the_sandbox_is_off_when_a_real_gateway_is_configured(client, owned, settings) -> None:
    url = "/payments/sandbox/pay/?" + query_of(start(owned).start.redirect_url)
    settings.VNPAY_SANDBOX = False
    assert client.get(url).status_code == 404


# --- IPN and return over HTTP -------------------------------------------------------------------


def test_the_ipn_answers_json_and_is_idempotent(client, owned) -> None:
    payment = start(owned).payment
    url = reverse("payments:vnpay_ipn")
    params = callback(payment)
    assert client.get(url, params).json() == {"RspCode": "00", "Message": "Confirm Success"}
    assert client.get(url, params).json()["RspCode"] == "02"
    assert client.get(url, {**params, "vnp_SecureHash": "x"}).json()["RspCode"] == "97"


def test_the_return_page_before_the_ipn_shows_pending_and_marks_nothing(client, owned) -> None:
    payment = start(owned).payment
    client.force_login(owned.owner)
    response = client.get(reverse("payments:vnpay_return"), callback(payment))
    assert response.status_code == 200
    assert "chờ xác nhận" in response.content.decode()
    payment.refresh_from_db()
    assert payment.state == PaymentState.PENDING
    # The IPN arrives; the same return link now shows the payment settled.
    client.get(reverse("payments:vnpay_ipn"), callback(payment))
    again = client.get(reverse("payments:vnpay_return"), callback(payment))
    assert "Đã thanh toán 23.000 đồng" in again.content.decode()


def test_the_return_page_of_another_citizen_is_404_and_bad_signature_400(
    client, owned, other_citizen
) -> None:
    payment = start(owned).payment
    client.force_login(other_citizen)
    assert client.get(reverse("payments:vnpay_return"), callback(payment)).status_code == 404
    client.force_login(owned.owner)
    bad = {**callback(payment), "vnp_SecureHash": "00"}
    assert client.get(reverse("payments:vnpay_return"), bad).status_code == 400


def test_the_transfer_page_shows_the_qr_to_its_owner_only(client, owned, other_citizen) -> None:
    payment = start(owned, "vietqr").payment
    url = reverse("payments:transfer", args=[payment.pk])
    client.force_login(owned.owner)
    page = client.get(url).content.decode()
    assert "<svg" in page and payment.order_ref in page
    client.force_login(other_citizen)
    assert client.get(url).status_code == 404


# --- officers -----------------------------------------------------------------------------------


def test_the_officer_assesses_copies_and_takes_cash(client, owned, team_a) -> None:
    client.force_login(team_a.counter)
    url = reverse("payments:dossier_fees", args=[owned.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "assess", "copies": "2"}).status_code == 302
    assert FeeAssessment.objects.get().total == FILING + 2 * PER_COPY
    assert client.post(url, {"action": "cash"}).status_code == 302
    assert FeeAssessment.objects.get().state == AssessmentState.PAID


def test_the_officer_allows_paying_at_the_counter(client, owned, team_a) -> None:
    client.force_login(team_a.counter)
    url = reverse("payments:dossier_fees", args=[owned.pk])
    client.post(url, {"action": "counter"})
    assert FeeAssessment.objects.get().state == AssessmentState.PAYABLE_AT_COUNTER


@pytest.mark.parametrize(
    "data",
    [
        {"action": "assess", "copies": "abc"},
        {"action": "assess", "copies": "-1"},
        {"action": "assess", "copies": "1", "exemption": "Không tồn tại"},
        {"action": "explode"},
    ],
)
def test_bad_officer_input_is_a_message_and_nothing_written(client, owned, team_a, data) -> None:
    client.force_login(team_a.counter)
    response = client.post(reverse("payments:dossier_fees", args=[owned.pk]), data)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not FeeAssessment.objects.exists()


@pytest.mark.parametrize("who", ["officer_b", "citizen"])
def test_another_agency_or_a_citizen_gets_404_on_the_officer_page(
    client, owned, request, who
) -> None:
    client.force_login(request.getfixturevalue(who))
    url = reverse("payments:dossier_fees", args=[owned.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "cash"}).status_code == 404
    assert not Payment.objects.exists()


def test_confirming_another_dossiers_payment_is_404(client, owned, make_owned, team_a) -> None:
    other = make_owned()
    payment = start(other, "vietqr").payment
    client.force_login(team_a.counter)
    url = reverse("payments:dossier_fees", args=[owned.pk])
    assert client.post(url, {"action": "confirm", "payment": payment.pk}).status_code == 404
    payment.refresh_from_db()
    assert payment.state == PaymentState.PENDING


# --- receipt ------------------------------------------------------------------------------------


def test_the_receipt_is_an_a5_pdf_in_vietnamese_with_the_amount_in_words(
    client, owned, team_a
) -> None:
    payment = payment_record_cash(actor=team_a.counter, dossier=owned)
    client.force_login(owned.owner)
    response = client.get(reverse("payments:receipt_pdf", args=[payment.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = text_of(response.content)
    assert "BIÊN LAI THU PHÍ, LỆ PHÍ" in text
    assert "23.000" in text
    assert "Hai mươi ba nghìn đồng" in text
    assert payment.order_ref in text
    assert owned.code in text
    assert page_size(response.content).startswith(A5)


def test_no_receipt_for_an_unpaid_payment_or_another_citizen(client, owned, other_citizen) -> None:
    payment = start(owned).payment
    client.force_login(owned.owner)
    assert client.get(reverse("payments:receipt_pdf", args=[payment.pk])).status_code == 404
    client.get(reverse("payments:vnpay_ipn"), callback(payment))
    client.force_login(other_citizen)
    assert client.get(reverse("payments:receipt_pdf", args=[payment.pk])).status_code == 404


# --- reconciliation -------------------------------------------------------------------------------


@pytest.fixture
def ledger(make_owned, team_a) -> dict[str, Payment]:
    """One dossier per outcome: VNPay paid, VNPay failed, VietQR pending, cash refunded."""
    paid, failed = start(make_owned()).payment, start(make_owned()).payment
    payment_ipn_handle(gateway="vnpay", params=callback(paid))
    payment_ipn_handle(gateway="vnpay", params=callback(failed, code="24"))
    pending = start(make_owned(), "vietqr").payment
    refunded = payment_record_cash(actor=team_a.counter, dossier=make_owned())
    payment_refund(actor=team_a.counter, payment=refunded, reason="Nộp nhầm")
    return {"paid": paid, "failed": failed, "pending": pending, "refunded": refunded}


def test_reconciliation_counts_and_sums_by_gateway_and_state(client, ledger, team_a) -> None:
    client.force_login(team_a.manager)
    response = client.get(reverse("payments:reconciliation"))
    assert response.status_code == 200
    report = response.context["report"]
    assert report.cells[("vnpay", "paid")].count == 1
    assert report.cells[("vnpay", "paid")].amount == TOTAL
    assert report.cells[("vnpay", "failed")].count == 1
    assert report.cells[("vietqr", "pending")].amount == TOTAL
    assert report.cells[("cash", "refunded")].count == 1
    assert report.totals["paid"].count == 1
    assert len(response.context["rows"]) == 4
    filtered = client.get(reverse("payments:reconciliation"), {"state": "pending"})
    assert [p.order_ref for p in filtered.context["rows"]] == [ledger["pending"].order_ref]


def test_reconciliation_exports_the_same_numbers_to_xlsx(client, ledger, team_a) -> None:
    client.force_login(team_a.counter)
    response = client.get(reverse("payments:reconciliation"), {"export": "xlsx"})
    workbook = load_workbook(BytesIO(response.content))
    summary, rows = workbook.worksheets
    vnpay_row = next(r for r in summary.iter_rows(values_only=True) if r[0] == "VNPay")
    assert vnpay_row[1:5] == (0, 0, 1, TOTAL)  # pending 0, paid 1
    assert rows.max_row == 5  # a header and four payments


def test_another_agency_sees_no_payment_of_ours(client, ledger, officer_b) -> None:
    client.force_login(officer_b)
    response = client.get(reverse("payments:reconciliation"))
    assert response.context["report"].totals["paid"].count == 0
    assert list(response.context["rows"]) == []


def test_a_bad_period_is_a_message_next_to_the_field(client, ledger, team_a) -> None:
    client.force_login(team_a.counter)
    response = client.get(reverse("payments:reconciliation"), {"from": "2026-13-01"})
    assert response.status_code == 400
    assert 'id="from-error"' in response.content.decode()
    response = client.get(
        reverse("payments:reconciliation"), {"from": "2026-02-01", "to": "2026-01-01"}
    )
    assert "Ngày cuối phải sau ngày đầu" in response.content.decode()


def test_citizens_have_no_reconciliation(client, citizen) -> None:
    client.force_login(citizen)
    assert client.get(reverse("payments:reconciliation")).status_code == 404


def test_the_system_administrator_looks_payments_up_read_only(client, ledger) -> None:
    from motcua.accounts.models import Role
    from tests.factories import OfficerFactory

    admin = OfficerFactory.create(
        username="quantri", role=Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True
    )
    client.force_login(admin)
    page = client.get("/admin/payments/payment/")
    assert page.status_code == 200
    assert ledger["paid"].order_ref in page.content.decode()
    assert client.get("/admin/payments/payment/add/").status_code == 403
