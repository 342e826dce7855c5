"""One-time codes under simultaneous use: used once, tries counted (row lock on the code),
and no more sent than the hourly limit (locks on the address and the IP)."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from motcua.accounts.contacts import Contact
from motcua.accounts.models import OneTimeCode, User
from motcua.accounts.services.citizen_codes import citizen_code_send, citizen_code_sign_in
from motcua.accounts.services.citizens import CitizenAccountError
from tests.accounts.citizens import last_code

PHONE = Contact("sms", "0912345678")


def _together(attempt, times: int) -> list[bool]:
    def once(_: int) -> bool:
        try:
            attempt()
            return True
        except CitizenAccountError:
            return False
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=6) as pool:
        return list(pool.map(once, range(times)))


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent connections: run with DATABASE_URL=postgres://...")


@pytest.mark.django_db(transaction=True)
def test_one_code_entered_six_times_at_once_signs_in_once_and_makes_one_account(postgres_only):
    citizen_code_send(contact=PHONE, request=None)
    code = last_code(PHONE.address)
    outcomes = _together(
        lambda: citizen_code_sign_in(contact=PHONE, code=code, request=None), times=6
    )
    assert outcomes.count(True) == 1
    assert User.objects.filter(phone=PHONE.address).count() == 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_wrong_codes_use_up_the_tries_exactly(postgres_only, settings):
    citizen_code_send(contact=PHONE, request=None)
    code = last_code(PHONE.address)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    _together(lambda: citizen_code_sign_in(contact=PHONE, code=wrong, request=None), times=20)
    assert OneTimeCode.objects.get().attempts == settings.CITIZEN_CODE_MAX_ATTEMPTS
    with pytest.raises(CitizenAccountError):
        citizen_code_sign_in(contact=PHONE, code=code, request=None)


@pytest.mark.django_db(transaction=True)
def test_codes_asked_for_at_the_same_moment_stay_within_the_hourly_limit(postgres_only, settings):
    settings.CITIZEN_CODE_PER_ADDRESS_HOURLY = 3
    outcomes = _together(lambda: citizen_code_send(contact=PHONE, request=None), times=12)
    assert outcomes.count(True) == 3
    assert OneTimeCode.objects.filter(address=PHONE.address).count() == 3
