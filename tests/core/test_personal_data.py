"""Personal ID numbers sealed at rest: the database holds ciphertext, the application
reads plain numbers, exact search and uniqueness go through the keyed hash, and a wrong
key fails loudly."""

import pytest
from django.core.exceptions import FieldError
from django.db import IntegrityError, connection, transaction

from motcua.accounts.models import User
from motcua.core.personal_data import SealError, personal_data_key_set, personal_id_hash
from motcua.core.sealed_text import Keys, lookup_hash, seal, unseal
from tests.factories import CitizenFactory

NUMBER = "001203012345"


def raw_column(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


# --- sealing, no database ---------------------------------------------------------------


def test_a_sealed_number_opens_with_its_key_and_differs_each_time() -> None:
    keys = Keys.from_secret(b"one key")
    first, second = seal(keys, NUMBER), seal(keys, NUMBER)
    assert first != second and NUMBER not in first
    assert unseal(keys, first) == unseal(keys, second) == NUMBER


def test_another_key_is_named_in_the_error_not_read_as_garbage() -> None:
    sealed = seal(Keys.from_secret(b"one key"), NUMBER)
    other = Keys.from_secret(b"another key")
    with pytest.raises(SealError, match="PERSONAL_DATA_KEY"):
        unseal(other, sealed)


def test_a_damaged_or_plain_value_is_refused() -> None:
    keys = Keys.from_secret(b"one key")
    sealed = seal(keys, NUMBER)
    with pytest.raises(SealError, match="damaged"):
        unseal(keys, sealed[:-4] + "AAAA")
    with pytest.raises(SealError, match="not sealed"):
        unseal(keys, NUMBER)


def test_the_lookup_hash_ignores_separators_and_depends_on_the_key() -> None:
    keys = Keys.from_secret(b"one key")
    assert lookup_hash(keys, "001 203.012-345") == lookup_hash(keys, NUMBER)
    assert lookup_hash(keys, NUMBER) != lookup_hash(Keys.from_secret(b"another key"), NUMBER)
    assert lookup_hash(keys, "") == ""


# --- in the database ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_database_holds_no_plain_number() -> None:
    citizen = CitizenFactory.create(personal_id=NUMBER)
    stored = raw_column("accounts_user", "personal_id", citizen.pk)
    assert stored.startswith("pd1$") and NUMBER not in stored
    assert raw_column("accounts_user", "personal_id_hash", citizen.pk) == personal_id_hash(NUMBER)
    assert User.objects.get(pk=citizen.pk).personal_id == NUMBER


@pytest.mark.django_db
def test_a_number_is_found_through_its_hash_and_never_by_the_column() -> None:
    citizen = CitizenFactory.create(personal_id=NUMBER)
    assert User.objects.get(personal_id_hash=personal_id_hash("001 203 012 345")) == citizen
    with pytest.raises(FieldError, match="personal_id_hash"):
        User.objects.filter(personal_id=NUMBER).exists()
    with pytest.raises(FieldError, match="sealed"):
        User.objects.filter(**{"personal_id__startswith": "001"}).exists()
    assert not User.objects.filter(pk=citizen.pk, personal_id="").exists()


@pytest.mark.django_db
def test_a_second_account_with_the_same_number_is_refused() -> None:
    CitizenFactory.create(personal_id=NUMBER)
    with pytest.raises(IntegrityError), transaction.atomic():
        CitizenFactory.create(personal_id=NUMBER)
    CitizenFactory.create(personal_id="")
    CitizenFactory.create(personal_id="")  # no number: any count


@pytest.mark.django_db
def test_saving_only_the_number_keeps_its_hash_in_step() -> None:
    citizen = CitizenFactory.create(personal_id=NUMBER)
    citizen.personal_id = "079090012345"
    citizen.save(update_fields=["personal_id"])
    assert User.objects.get(personal_id_hash=personal_id_hash("079090012345")) == citizen
    citizen.personal_id = ""
    citizen.save(update_fields=["personal_id"])
    assert raw_column("accounts_user", "personal_id_hash", citizen.pk) == ""


@pytest.mark.django_db
def test_reading_with_the_wrong_key_is_a_clear_error(settings) -> None:
    citizen = CitizenFactory.create(personal_id=NUMBER)
    settings.PERSONAL_DATA_KEY = "not the key the data was sealed with"
    with pytest.raises(SealError, match="PERSONAL_DATA_KEY"):
        User.objects.get(pk=citizen.pk)


def test_check_deploy_refuses_a_key_derived_from_the_secret_key(settings) -> None:
    settings.PERSONAL_DATA_KEY = settings.PERSONAL_DATA_KEY_FILE = ""
    assert [error.id for error in personal_data_key_set()] == ["core.E001"]
    settings.PERSONAL_DATA_KEY = "a secret of its own"
    assert personal_data_key_set() == []
