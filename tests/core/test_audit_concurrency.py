"""Parallel writers: the sequence stays gapless and the chain unbroken (PostgreSQL)."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, transaction

from motcua.core.audit import SYSTEM_CHAIN, audit_record, chain_for, verify_chain
from motcua.core.models import AuditChainHead, AuditEvent

WRITERS = 8
WRITES_EACH = 25


@pytest.mark.django_db(transaction=True)
def test_parallel_writers_produce_gapless_unbroken_chains(agency_a, agency_b):
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent connections: run with DATABASE_URL=postgres://...")
    agencies = [agency_a, agency_b, None]

    def writer(number: int) -> None:
        try:
            for n in range(WRITES_EACH):
                # Every writer starts at once on chains that do not exist yet: the first
                # writes also race to create the chain heads.
                with transaction.atomic():
                    audit_record(
                        actor=None,
                        action="test.parallel",
                        agency=agencies[(number + n) % 3],
                        payload={"writer": number, "n": n},
                    )
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        list(pool.map(writer, range(WRITERS)))

    # Per chain: events committed by other modules' fixtures may share the database.
    written = 0
    for chain in (chain_for(agency_a), chain_for(agency_b), SYSTEM_CHAIN):
        events = AuditEvent.objects.filter(chain=chain)
        mine = events.filter(action="test.parallel").count()
        sequences = list(events.values_list("sequence", flat=True))
        assert sequences == list(range(1, len(sequences) + 1))
        assert AuditChainHead.objects.get(chain=chain).sequence == len(sequences)
        result = verify_chain(chain=chain)
        assert (result.ok, result.events) == (True, len(sequences))
        written += mine
    assert written == WRITERS * WRITES_EACH
