"""Agencies' electronic ID codes: the pure check, the model validation and the database check."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from motcua.units.eid import EidProblem, check
from motcua.units.models import Agency
from tests.factories import AgencyFactory, WardFactory


@pytest.mark.parametrize("code", ["000.00.19.H26", "000.00.00.H29", "123.45.67.G01"])
def test_legacy_codes_are_accepted(code):
    assert check(code) is None


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("", EidProblem.EMPTY),
        ("0" * 36, EidProblem.TOO_LONG),
        ("000.00.19.h26", EidProblem.BAD_CHARACTERS),
        ("000-00-19-H26", EidProblem.BAD_CHARACTERS),
        ("000..19.H26", EidProblem.EMPTY_GROUP),
        ("00.19.H26", EidProblem.GROUP_COUNT),
        ("000.00.19.26H", EidProblem.BAD_LEVEL_1),
        ("000.00.19.HN1", EidProblem.BAD_LEVEL_1),
        ("0.0.19.H26", EidProblem.BAD_NUMERIC_GROUP),
        ("000.0A.19.H26", EidProblem.BAD_NUMERIC_GROUP),
    ],
)
def test_bad_codes_name_their_problem(code, problem):
    assert check(code) is problem


def test_officer_typing_a_lower_case_code_gets_a_vietnamese_message(db):
    agency = AgencyFactory.build(eid_code="000.00.19.h26", unit=WardFactory.create())
    with pytest.raises(ValidationError) as error:
        agency.full_clean()
    assert "chữ in hoa" in str(error.value.message_dict["eid_code"])


def test_database_refuses_a_bad_code_written_around_the_form(db):
    agency = AgencyFactory.create()
    with pytest.raises(IntegrityError):
        Agency.objects.filter(pk=agency.pk).update(eid_code="H26")
