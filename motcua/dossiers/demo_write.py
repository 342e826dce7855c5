"""Writing a batch of built dossiers (`demo`) in bulk, as the services would: codes
numbered from the locked `NumberSequence` rows, ids assigned before the insert, COPY on
PostgreSQL, and the audit events appended to their hash chains."""

from collections.abc import Iterator
from operator import attrgetter
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import JSONField, Model

from motcua.core.audit import chain_for, event_hash, head_locked, head_move, json_safe
from motcua.core.models import AuditChainHead, AuditEvent, NumberSequence
from motcua.core.personal_data import LookupHashField, SealedCharField
from motcua.core.tz import VN_TZ
from motcua.dossiers import codes
from motcua.dossiers.actions.kernel import agency_sequence
from motcua.dossiers.demo_build import Built
from motcua.dossiers.models import (
    Apology,
    Dossier,
    DossierDocument,
    DossierStep,
    FinancialObligation,
    Refusal,
    StopNotice,
    SupplementItem,
    SupplementRequest,
    Withdrawal,
)


def _lock_sequences(keys: set[str], locked: dict[str, NumberSequence]) -> None:
    """Lock (creating them first when new) the sequence rows of `keys`, in two queries."""
    keys = keys - set(locked)
    if not keys:
        return
    NumberSequence.objects.bulk_create(
        [NumberSequence(key=key) for key in keys], ignore_conflicts=True
    )
    rows = NumberSequence.objects.select_for_update().filter(key__in=keys)
    locked |= {row.key: row for row in rows}


def _number(agency_id: int, scope: str, locked: dict[str, NumberSequence]) -> int:
    """The next number of a per-agency sequence, from its locked row."""
    key = agency_sequence(agency_id, scope)
    _lock_sequences({key}, locked)
    sequence = locked[key]
    sequence.last += 1
    return sequence.last


def _related(b: Built, locked: dict[str, NumberSequence]) -> Iterator[Any]:
    dossier = b.dossier
    for kind, fields in b.extras:
        if kind == "refusal":
            yield Refusal(dossier=dossier, **fields)
        elif kind == "obligation":
            yield FinancialObligation(dossier=dossier, **fields)
        elif kind == "withdrawal":
            yield Withdrawal(dossier=dossier, **fields)
        elif kind == "supplement":
            reason = fields.pop("reason")
            request = SupplementRequest(dossier=dossier, **fields)
            yield request
            yield SupplementItem(
                request=request,
                name=b.documents[0].name if b.documents else "Tờ khai",
                reason=reason,
            )
        elif kind in {"apology", "stop"}:
            issuer = fields["issued_by"].agency
            year = fields["issued_at"].astimezone(VN_TZ).year
            number = _number(issuer.pk, f"{kind}:{year}", locked)
            model = Apology if kind == "apology" else StopNotice
            yield model(dossier=dossier, number=number, issuing_agency=issuer, **fields)


def _events(built: list[Built]) -> None:
    """The audit events of the batch, appended to their chains as audit_record would."""
    content_type = ContentType.objects.get_for_model(Dossier)
    heads: dict[str, AuditChainHead] = {}
    events = []
    for b in built:
        state = ""
        for at, action, to_state, actor in b.events:
            chain = chain_for(actor.agency)
            head = heads.get(chain)
            if head is None:
                head = heads[chain] = head_locked(chain)
            event = AuditEvent(
                chain=chain,
                sequence=head.sequence + 1,
                occurred_at=at,
                actor_id=actor.pk,  # ids, not instances: the descriptors cost per event
                actor_username=actor.username,
                action=f"dossier.{action}",
                target_type_id=content_type.pk,
                target_id=str(b.dossier.pk),
                target_label=b.dossier.code,
                from_state=state,
                to_state=to_state or state,
                payload=json_safe({"code": b.dossier.code} if action == "receive" else {}),
                prev_hash=head.hash,
            )
            event.hash = event_hash(event)
            head.sequence, head.hash, state = event.sequence, event.hash, event.to_state
            events.append(event)
    _assign_ids(AuditEvent, events)
    _insert(AuditEvent, events)
    for head in heads.values():
        head_move(chain=head.chain, sequence=head.sequence, hash_=head.hash)


def _assign_ids(model: type[Model], rows: list[Any]) -> None:
    """Primary keys before the insert, so rows can point at each other without a second
    pass (a dossier at its current step, a step at its dossier)."""
    if not rows:
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, len(rows)],
            )
            ids = [row[0] for row in cursor.fetchall()]
        else:
            # SQLite: the write transaction holds the database lock, max(id) cannot move.
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            first = cursor.fetchone()[0] + 1
            ids = list(range(first, first + len(rows)))
    for row, pk in zip(rows, ids, strict=True):
        row.pk = pk


def _insert(model: type[Model], rows: list[Any]) -> None:
    """Insert rows whose ids are set: COPY on PostgreSQL (Django's bulk INSERT spends
    more time preparing values than the database spends storing them), else bulk_create."""
    if not rows:
        return
    for row in rows:
        row._prepare_related_fields_for_save(operation_name="bulk_create")
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(rows, batch_size=500)
        return
    from psycopg.types.json import Jsonb

    fields = model._meta.concrete_fields
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    json_columns = [i for i, f in enumerate(fields) if isinstance(f, JSONField)]
    # Only auto_now(_add) fields and lookup hashes compute their value on save; sealed
    # fields seal it; the rest are read as set.
    stamped = [
        f
        for f in fields
        if getattr(f, "auto_now", False)
        or getattr(f, "auto_now_add", False)
        or isinstance(f, LookupHashField)
    ]
    sealed = [i for i, f in enumerate(fields) if isinstance(f, SealedCharField)]
    values_of = attrgetter(*(f.attname for f in fields))
    with connection.cursor() as cursor:
        sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            for row in rows:
                for field in stamped:
                    field.pre_save(row, True)
                values = list(values_of(row))
                for i in json_columns:
                    values[i] = Jsonb(values[i])
                for i in sealed:
                    values[i] = fields[i].get_prep_value(values[i])
                copy.write_row(values)


@transaction.atomic
def write_batch(built: list[Built]) -> None:
    """Write the batch whole, in one transaction: its dossiers in receipt order."""
    locked: dict[str, NumberSequence] = {}
    days = [codes.receipt_day(b.dossier.received_at) for b in built]  # type: ignore[arg-type]
    keys = {
        agency_sequence(b.desk.receiving.pk, f"code:{d.isoformat()}")
        for b, d in zip(built, days, strict=True)
    }
    _lock_sequences(keys, locked)
    for b, day in zip(built, days, strict=True):  # in receipt order, like arrivals
        sequence = _number(b.desk.receiving.pk, f"code:{day.isoformat()}", locked)
        b.dossier.code = codes.format_code(b.desk.receiving.eid_code, day, sequence)
    dossiers = [b.dossier for b in built]
    steps = [s for b in built for s in b.steps]
    documents = [d for b in built for d in b.documents]
    _assign_ids(Dossier, dossiers)
    _assign_ids(DossierStep, steps)
    _assign_ids(DossierDocument, documents)
    for b in built:
        for document in b.documents:
            document.dossier_id = b.dossier.pk
        for step in b.steps:
            step.dossier_id = b.dossier.pk
        if b.current is not None:
            b.dossier.current_step_id = b.steps[b.current].pk
    # Foreign keys are checked at commit (deferred): the order of the tables is free.
    _insert(Dossier, dossiers)
    _insert(DossierStep, steps)
    _insert(DossierDocument, documents)
    related: dict[type[Model], list[Any]] = {}
    for b in built:
        for row in _related(b, locked):
            related.setdefault(type(row), []).append(row)
    for model in (
        Refusal,
        FinancialObligation,
        Withdrawal,
        SupplementRequest,
        SupplementItem,
        Apology,
        StopNotice,
    ):
        _assign_ids(model, related.get(model, []))
        _insert(model, related.get(model, []))
    # Plain UPDATEs: bulk_update's CASE expression cost more to build than to run.
    table = connection.ops.quote_name(NumberSequence._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET last = %s WHERE id = %s",  # noqa: S608 (placeholders only)
            [(row.last, row.pk) for row in locked.values()],
        )
    _events(built)
