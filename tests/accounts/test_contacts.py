"""Phone numbers and email addresses as sign-in addresses; one-time code hashing (pure)."""

import pytest

from motcua.accounts import otp
from motcua.accounts.contacts import (
    Contact,
    InvalidContact,
    mask_contact,
    normalise_mobile,
    parse_contact,
)


@pytest.mark.parametrize(
    "typed", ["0912345678", "+84912345678", "84912345678", "0912 345 678", "+84 912.345.678"]
)
def test_every_way_of_writing_a_mobile_number_is_the_same_address(typed):
    assert normalise_mobile(typed) == "0912345678"


@pytest.mark.parametrize(
    "typed",
    ["091234567", "09123456789", "0212345678", "0412345678", "abc", "", "+1 912 345 678"],
)
def test_landlines_short_long_and_foreign_numbers_are_refused(typed):
    with pytest.raises(InvalidContact):
        normalise_mobile(typed)


def test_an_email_is_recognised_and_lower_cased():
    assert parse_contact(" Lan.Nguyen@Example.VN ") == Contact("email", "lan.nguyen@example.vn")
    assert parse_contact("0387 654 321") == Contact("sms", "0387654321")
    with pytest.raises(InvalidContact):
        parse_contact("lan@localhost")


def test_the_code_page_shows_only_enough_to_recognise_the_address():
    assert mask_contact(Contact("sms", "0912345678")) == "09******78"
    assert mask_contact(Contact("email", "lan@example.vn")) == "l***@example.vn"


def test_codes_are_six_digits_and_kept_only_as_a_hash_bound_to_the_address():
    code = otp.new_code()
    assert len(code) == 6 and code.isdigit()
    stored = otp.code_hash(key="k", address="0912345678", code=code)
    assert code not in stored
    assert otp.code_matches(key="k", address="0912345678", code=code, stored_hash=stored)
    assert otp.code_matches(
        key="k", address="0912345678", code=f" {code[:3]} {code[3:]}", stored_hash=stored
    )
    assert not otp.code_matches(key="k", address="0987654321", code=code, stored_hash=stored)
    assert not otp.code_matches(key="other", address="0912345678", code=code, stored_hash=stored)
    assert not otp.code_matches(key="k", address="0912345678", code="12345", stored_hash=stored)
