"""The migrations that seal the ID numbers already stored, and unseal them backwards
(SQLite and PostgreSQL: run with DATABASE_URL too)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from motcua.accounts.models import User
from motcua.core.personal_data import personal_id_hash
from motcua.dossiers.models import Dossier
from tests.factories import CitizenFactory

NUMBER = "001203012345"
ACCOUNTS = ("accounts", "0006_seal_personal_id")
DOSSIERS = ("dossiers", "0011_seal_applicant_personal_id")


def raw_column(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def migrate(target: tuple[str, str]) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([target])


def before(migration: tuple[str, str]) -> tuple[str, str]:
    """The migration of the same app that `migration` follows."""
    graph = MigrationExecutor(connection).loader.graph
    app = migration[0]
    [parent] = [node for node in graph.node_map[migration].parents if node.key[0] == app]
    return parent.key


@pytest.mark.django_db(transaction=True)
def test_the_migrations_seal_stored_numbers_and_unseal_them_backwards(received) -> None:
    citizen = CitizenFactory.create(personal_id=NUMBER)
    applicant_number = received.applicant_personal_id
    assert applicant_number
    try:
        migrate(before(DOSSIERS))
        migrate(before(ACCOUNTS))
        assert raw_column("accounts_user", "personal_id", citizen.pk) == NUMBER
        plain = raw_column("dossiers_dossier", "applicant_personal_id", received.pk)
        assert plain == applicant_number
    finally:
        migrate(ACCOUNTS)
        migrate(DOSSIERS)
    assert raw_column("accounts_user", "personal_id", citizen.pk).startswith("pd1$")
    assert User.objects.get(personal_id_hash=personal_id_hash(NUMBER)) == citizen
    sealed = raw_column("dossiers_dossier", "applicant_personal_id", received.pk)
    assert sealed.startswith("pd1$") and applicant_number not in sealed
    found = Dossier.objects.get(applicant_personal_id_hash=personal_id_hash(applicant_number))
    assert found.applicant_personal_id == applicant_number


def test_generated_dossiers_are_stored_sealed_and_found_by_number(db) -> None:
    """The demo and benchmark writer (COPY on PostgreSQL) seals like a save does."""
    from motcua.dossiers import demo
    from tests.dossiers.factories import procedure_with_steps

    procedure_with_steps()
    demo.generate(50)
    dossier = Dossier.objects.filter(idempotency_key__startswith="gen-").first()
    assert dossier is not None and dossier.applicant_personal_id
    sealed = raw_column("dossiers_dossier", "applicant_personal_id", dossier.pk)
    assert sealed.startswith("pd1$")
    number = personal_id_hash(dossier.applicant_personal_id)
    assert Dossier.objects.filter(applicant_personal_id_hash=number).exists()
