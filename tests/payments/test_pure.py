"""The pure modules: fee arithmetic, VNPay signing, VietQR payloads, amounts in words."""

import hashlib
import hmac
from datetime import UTC, datetime

import pytest

from motcua.payments import fees, vietqr, vnpay, words
from motcua.payments.fees import FeeItem, fee_compute

SECRET = "TESTSECRET"

# --- fees -------------------------------------------------------------------------------

COPY_FEE = FeeItem("Phí cấp bản sao trích lục", 8000, "copy", ("Người có công với cách mạng",))
FILING_FEE = FeeItem("Lệ phí đăng ký", 15000, "dossier", ("Hộ nghèo",))


def test_a_per_dossier_fee_is_charged_once_and_a_per_copy_fee_per_copy() -> None:
    result = fee_compute([FILING_FEE, COPY_FEE], copies=3)
    assert [line.amount for line in result.lines] == [15000, 24000]
    assert [line.quantity for line in result.lines] == [1, 3]
    assert result.total == 39000


def test_an_exemption_waives_only_the_fees_that_list_its_category() -> None:
    result = fee_compute([FILING_FEE, COPY_FEE], copies=2, exemption="  hộ   NGHÈO ")
    assert [(line.amount, line.exempt) for line in result.lines] == [(0, True), (16000, False)]
    assert result.total == 16000


def test_no_copy_asked_charges_no_per_copy_fee() -> None:
    assert fee_compute([FILING_FEE, COPY_FEE], copies=0).total == 15000


def test_an_unknown_exemption_or_a_negative_count_is_refused() -> None:
    with pytest.raises(fees.FeeInputError):
        fee_compute([FILING_FEE], exemption="Sinh viên")
    with pytest.raises(fees.FeeInputError):
        fee_compute([COPY_FEE], copies=-1)


def test_an_amount_not_yet_in_the_catalogue_charges_nothing_and_is_flagged() -> None:
    result = fee_compute([FeeItem("Lệ phí do HĐND tỉnh quy định", None, "dossier")])
    assert result.total == 0
    assert result.lines[0].unknown


def test_no_fee_at_all_totals_zero() -> None:
    assert fee_compute([]).total == 0


# --- VNPay --------------------------------------------------------------------------------


def test_the_signed_string_is_the_sorted_form_encoded_parameters() -> None:
    params = {
        "vnp_TxnRef": "MC0001",
        "vnp_Amount": "1500000",
        "vnp_OrderInfo": "Nop phi ho so A-1",
        "vnp_ReturnUrl": "http://x.vn/r?a=1",
        "vnp_SecureHash": "ignored",
        "other": "ignored too",
    }
    expected = (
        "vnp_Amount=1500000&vnp_OrderInfo=Nop+phi+ho+so+A-1"
        "&vnp_ReturnUrl=http%3A%2F%2Fx.vn%2Fr%3Fa%3D1&vnp_TxnRef=MC0001"
    )
    assert vnpay.hash_data(params) == expected
    by_hand = hmac.new(SECRET.encode(), expected.encode(), hashlib.sha512).hexdigest()
    assert vnpay.sign(params, SECRET) == by_hand
    assert len(by_hand) == 128
    assert vnpay.signed_query(params, SECRET) == f"{expected}&vnp_SecureHash={by_hand}"


def test_a_signed_callback_verifies_and_any_change_breaks_it() -> None:
    params = {"vnp_TxnRef": "MC0001", "vnp_Amount": "1500000", "vnp_ResponseCode": "00"}
    params["vnp_SecureHash"] = vnpay.sign(params, SECRET)
    assert vnpay.verify(params, SECRET)
    assert vnpay.verify({**params, "vnp_SecureHashType": "HmacSHA512"}, SECRET)
    assert not vnpay.verify({**params, "vnp_Amount": "1500100"}, SECRET)
    assert not vnpay.verify(params, "OTHER")
    assert not vnpay.verify({k: v for k, v in params.items() if k != "vnp_SecureHash"}, SECRET)


def test_pay_parameters_follow_version_2_1_0() -> None:
    created = datetime(2026, 1, 5, 2, 30, tzinfo=UTC)  # 09:30 in Hà Nội
    params = vnpay.payment_params(
        tmn_code="TMN1",
        amount=15000,
        txn_ref="MC1",
        order_info="Nop phi",
        return_url="http://x/r",
        ip_addr="127.0.0.1",
        created=created,
    )
    assert params["vnp_Version"] == "2.1.0"
    assert params["vnp_Command"] == "pay"
    assert params["vnp_Amount"] == "1500000"
    assert params["vnp_CurrCode"] == "VND"
    assert params["vnp_CreateDate"] == "20260105093000"
    assert params["vnp_ExpireDate"] == "20260105094500"


def test_amounts_come_back_in_dong_and_fractions_are_refused() -> None:
    assert vnpay.amount_from_vnp("1500000") == 15000
    assert vnpay.amount_from_vnp("1500050") is None
    assert vnpay.amount_from_vnp("-100") is None
    assert vnpay.amount_from_vnp("") is None


# --- VietQR --------------------------------------------------------------------------------


def test_crc16_ccitt_false_check_value() -> None:
    assert vietqr.crc16_ccitt_false(b"123456789") == 0x29B1


def test_the_payload_has_every_emvco_field_and_a_valid_crc() -> None:
    transfer = vietqr.Transfer(
        bank_bin="970415", account="113366668888", amount=79000, purpose="MCAB12"
    )
    payload = vietqr.build_payload(transfer)
    expected_body = (
        "000201"
        "010212"
        "3856"
        "0010A000000727"
        "0126"
        "0006970415"
        "0112113366668888"
        "0208QRIBFTTA"
        "5303704"
        "540579000"
        "5802VN"
        "6210"
        "0806MCAB12"
        "6304"
    )
    assert payload[:-4] == expected_body
    assert int(payload[-4:], 16) == vietqr.crc16_ccitt_false(expected_body.encode())
    assert vietqr.parse_payload(payload) == transfer


def test_a_tampered_payload_fails_its_crc() -> None:
    payload = vietqr.build_payload(vietqr.Transfer("970415", "1133", 79000, "MCAB12"))
    with pytest.raises(vietqr.PayloadError):
        vietqr.parse_payload(payload.replace("79000", "19000"))


# --- amounts in words -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "amount,text",
    [
        (0, "Không đồng"),
        (15000, "Mười lăm nghìn đồng"),
        (39000, "Ba mươi chín nghìn đồng"),
        (21000, "Hai mươi mốt nghìn đồng"),
        (24000, "Hai mươi tư nghìn đồng"),
        (105000, "Một trăm linh năm nghìn đồng"),
        (1005000, "Một triệu không trăm linh năm nghìn đồng"),
        (2000000000, "Hai tỷ đồng"),
        (1250500, "Một triệu hai trăm năm mươi nghìn năm trăm đồng"),
    ],
)
def test_amounts_read_in_vietnamese_words(amount: int, text: str) -> None:
    assert words.amount_in_words(amount) == text
