"""Dossier codes: the pure format, and the codes the counter hands out."""

from datetime import UTC, date, datetime

import pytest
from django.db import transaction

from motcua.core.models import NumberSequence
from motcua.core.tz import VN_TZ
from motcua.dossiers.codes import DossierCode, InvalidCode, format_code, is_code, parse_code
from tests.dossiers.factories import receive


def test_code_has_agency_receipt_date_and_four_digit_sequence():
    assert format_code("000.00.19.H26", date(2024, 7, 24), 1) == "000.00.19.H26-240724-0001"


def test_a_busy_day_grows_a_fifth_digit_rather_than_failing():
    assert format_code("000.00.19.H26", date(2024, 7, 24), 10000).endswith("-10000")


def test_parse_reads_back_what_format_writes():
    code = parse_code(" 000.00.19.h26-240724-0042 ")
    assert code == DossierCode("000.00.19.H26", date(2024, 7, 24), 42)
    assert str(code) == "000.00.19.H26-240724-0042"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "000.00.19.H26-240724-001",  # three digits
        "000.00.19.H26-240724-00001",  # zero-padded to five
        "000.00.19.H26-240732-0001",  # 32 July
        "000.00.19.H26-240724-0000",  # sequences start at 1
        "00.00.19.H26-240724-0001",  # agency group too short
        "000.00.19.26-240724-0001",  # level 1 without its letter
        "000.00.19.H26-20240724-0001",
        "000.00.19.H26 240724 0001",
    ],
)
def test_malformed_codes_are_refused(text):
    with pytest.raises(InvalidCode):
        parse_code(text)
    assert not is_code(text)


def test_received_dossiers_are_numbered_from_one_each_day(team_a, steps_procedure):
    eid = team_a.agency.eid_code
    first = receive(team_a, steps_procedure)
    second = receive(team_a, steps_procedure)
    next_day = receive(team_a, steps_procedure, at=datetime(2025, 7, 8, 9, tzinfo=VN_TZ))
    assert first.code == f"{eid}-250707-0001"
    assert second.code == f"{eid}-250707-0002"
    assert next_day.code == f"{eid}-250708-0001"


def test_each_agency_counts_on_its_own(team_a, team_b, steps_procedure):
    receive(team_a, steps_procedure)
    assert receive(team_b, steps_procedure).code.endswith("-250707-0001")


def test_the_date_is_the_receipt_day_in_vietnam(team_a, steps_procedure):
    # 06:30 on Tuesday 8 July in Hà Nội is still Monday 7 July in UTC.
    dossier = receive(team_a, steps_procedure, at=datetime(2025, 7, 7, 23, 30, tzinfo=UTC))
    assert "-250708-" in dossier.code


class Abandoned(Exception):
    pass


def test_a_receipt_rolled_back_gives_its_number_back(team_a, steps_procedure):
    receive(team_a, steps_procedure)
    with pytest.raises(Abandoned), transaction.atomic():
        assert receive(team_a, steps_procedure).code.endswith("-0002")
        raise Abandoned  # e.g. the printer failed inside the same request
    assert receive(team_a, steps_procedure).code.endswith("-0002")
    assert NumberSequence.objects.get(key__startswith=f"agency:{team_a.agency.pk}:code:").last == 2
