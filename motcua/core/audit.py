"""The audit log: record an event inside the writing transaction, read a target's
timeline, and verify the hash chains.

Each event's hash is the SHA-256 of a canonical JSON of all its fields, the previous
event's hash among them, so an edited row no longer matches its hash and a deleted row
leaves a gap in the sequence (or a head pointing past the last row).
"""

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
from django.db.models import QuerySet
from django.db.models.sql import InsertQuery
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.audit_seal import head_seal, seal_matches
from motcua.core.models import GENESIS_HASH, AuditChainHead, AuditEvent

if TYPE_CHECKING:
    from motcua.accounts.models import User
    from motcua.units.models import Agency

SYSTEM_CHAIN = "system"
# verify reads this many events per round trip; memory stays constant whatever the total.
VERIFY_CHUNK = 2000


def chain_for(agency: "Agency | None") -> str:
    return f"agency:{agency.pk}" if agency is not None else SYSTEM_CHAIN


# --- hashing (no database) ------------------------------------------------------------


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def link_hash(fields: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_json(fields).encode()).hexdigest()


def json_safe(payload: Mapping[str, Any]) -> dict[str, Any]:
    """The payload as it will read back from the database (dates and decimals as strings),
    so the hash computed now is the hash recomputed by verify."""
    # allow_nan=False: NaN is not JSON, and PostgreSQL's jsonb refuses it.
    return json.loads(json.dumps(payload, cls=DjangoJSONEncoder, allow_nan=False))


def _type_key(content_type_id: int | None) -> str:
    # app_label.model rather than the id: ids differ between databases after a restore.
    if content_type_id is None:
        return ""
    content_type = ContentType.objects.get_for_id(content_type_id)  # cached after the first
    return f"{content_type.app_label}.{content_type.model}"


# The columns an event's hash covers: all of them but the id and the hash itself.
HASHED_COLUMNS = (
    "chain",
    "sequence",
    "occurred_at",
    "actor_id",
    "actor_username",
    "action",
    "target_type_id",
    "target_id",
    "target_label",
    "from_state",
    "to_state",
    "reason",
    "payload",
    "prev_hash",
)


def hashed_fields(row: Mapping[str, Any]) -> dict[str, Any]:
    """The canonical form of an event's HASHED_COLUMNS (a row of `.values()`)."""
    fields = {column: row[column] for column in HASHED_COLUMNS}
    fields["occurred_at"] = row["occurred_at"].astimezone(UTC).isoformat()
    fields["target_type"] = _type_key(fields.pop("target_type_id"))
    return fields


def event_hash(event: AuditEvent) -> str:
    return link_hash(hashed_fields({column: getattr(event, column) for column in HASHED_COLUMNS}))


# --- writing ------------------------------------------------------------------------------


def head_locked(chain: str) -> AuditChainHead:
    """The head of `chain`, created if new, locked until the transaction ends."""
    head = AuditChainHead.objects.select_for_update().filter(chain=chain).first()
    if head is None:
        # First event of the chain: parallel first writers all insert-or-ignore, then
        # queue on the row lock like any later writer.
        new = AuditChainHead(chain=chain, seal=head_seal(chain, 0, GENESIS_HASH))
        AuditChainHead.objects.bulk_create([new], ignore_conflicts=True)
        head = AuditChainHead.objects.select_for_update().get(chain=chain)
    return head


def audit_record(
    *,
    actor: "User | None",
    action: str,
    target: models.Model | None = None,
    agency: "Agency | None" = None,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    payload: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain of `agency` (the system chain when None).

    Call it inside the service's transaction, after its checks have passed: the event
    commits with the change or not at all, and a refused action leaves no trace.
    `actor` None is the system itself. Payload values must be JSON-serialisable (dates,
    decimals and UUIDs become strings); floats are best avoided, jsonb may rewrite them.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record() must run inside the writing transaction.atomic()")
    if target is not None and target.pk is None:
        raise ValueError(f"audit target {target!r} has no primary key yet: save it first")
    chain = chain_for(agency)
    head = head_locked(chain)
    event = AuditEvent(
        chain=chain,
        sequence=head.sequence + 1,
        occurred_at=timezone.now(),
        actor=actor,
        actor_username=actor.get_username() if actor is not None else "",
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:200] if target is not None else "",
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        payload=json_safe(payload or {}),
        prev_hash=head.hash,
    )
    event.hash = event_hash(event)
    _append(event)
    return event


def _append(event: AuditEvent) -> None:
    """Insert the event and move its chain's head onto it. On PostgreSQL that is one
    statement (an INSERT in a WITH, one round trip less for every state change in the
    application); elsewhere an INSERT and an UPDATE."""
    if connection.vendor != "postgresql":
        event.save()
        head_move(chain=event.chain, sequence=event.sequence, hash_=event.hash)
        return
    meta = AuditEvent._meta
    insert = InsertQuery(AuditEvent)
    insert.insert_values([f for f in meta.concrete_fields if f is not meta.pk], [event])
    compiler = insert.get_compiler(connection=connection)
    compiler.returning_fields = [meta.pk]
    [(insert_sql, insert_params)] = compiler.as_sql()
    head = connection.ops.quote_name(AuditChainHead._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH e AS ({insert_sql}) UPDATE {head} SET sequence = %s, hash = %s, seal = %s "  # noqa: S608 (placeholders only)
            f"FROM e WHERE {head}.chain = %s RETURNING e.id",
            [
                *insert_params,
                event.sequence,
                event.hash,
                head_seal(event.chain, event.sequence, event.hash),
                event.chain,
            ],
        )
        event.pk = cursor.fetchone()[0]
    event._state.adding, event._state.db = False, connection.alias


def head_move(*, chain: str, sequence: int, hash_: str) -> None:
    """Point the (locked) head of `chain` at its new last event, sealed."""
    AuditChainHead.objects.filter(chain=chain).update(
        sequence=sequence, hash=hash_, seal=head_seal(chain, sequence, hash_)
    )


# --- reading ------------------------------------------------------------------------------


def audit_events_for(*, target: models.Model) -> QuerySet[AuditEvent]:
    """The timeline of one object, oldest first. The caller has already checked that the
    viewer may see `target`."""
    return (
        AuditEvent.objects.filter(
            target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
        )
        .select_related("actor")
        .order_by("occurred_at", "pk")
    )


# --- verifying ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """One stored event as verify sees it: its stored hashes and the hash recomputed."""

    chain: str
    sequence: int
    prev_hash: str
    hash: str
    computed_hash: str


@dataclass(frozen=True)
class Head:
    sequence: int
    hash: str


@dataclass(frozen=True)
class BrokenLink:
    chain: str
    sequence: int
    problem: str


@dataclass(frozen=True)
class VerifyResult:
    events: int
    chains: int
    broken: BrokenLink | None = None

    @property
    def ok(self) -> bool:
        return self.broken is None


def _end_problem(chain: str, last: Head, heads: Mapping[str, Head]) -> BrokenLink | None:
    """The chain's last event against its head: the newest events deleted, or replaced."""
    head = heads[chain]
    if last.sequence < head.sequence:
        return BrokenLink(
            chain,
            last.sequence + 1,
            _("thiếu sự kiện cuối: đầu chuỗi ghi %(head)d sự kiện, chỉ còn %(last)d")
            % {"head": head.sequence, "last": last.sequence},
        )
    if last.hash != head.hash:
        return BrokenLink(chain, head.sequence, _("sự kiện cuối không khớp mã băm ở đầu chuỗi"))
    return None


def _link_problem(link: Link, expected: Head) -> BrokenLink | None:
    if link.sequence != expected.sequence:
        return BrokenLink(
            link.chain,
            expected.sequence,
            _("thiếu sự kiện: sau số %(prev)d là số %(found)d (bị xóa?)")
            % {"prev": expected.sequence - 1, "found": link.sequence},
        )
    if link.prev_hash != expected.hash:
        return BrokenLink(
            link.chain, link.sequence, _("mã băm trước không khớp sự kiện liền trước")
        )
    if link.computed_hash != link.hash:
        return BrokenLink(link.chain, link.sequence, _("nội dung đã bị sửa: mã băm không khớp"))
    return None


def first_break(links: Iterable[Link], heads: Mapping[str, Head]) -> tuple[int, BrokenLink | None]:
    """Walk links ordered by (chain, sequence), each chain with a head; return how many
    were sound and the first broken one. Links beyond their head's sequence were appended
    after the heads were read and are skipped (verify runs while others write)."""
    count = 0
    chain: str | None = None
    expected = Head(1, GENESIS_HASH)
    seen: set[str] = set()
    for link in links:
        if link.chain != chain:
            if chain is not None and (broken := _end_problem(chain, _last(expected), heads)):
                return count, broken
            chain, expected = link.chain, Head(1, GENESIS_HASH)
            seen.add(chain)
        if link.sequence > heads[link.chain].sequence:
            continue
        if broken := _link_problem(link, expected):
            return count, broken
        count += 1
        expected = Head(link.sequence + 1, link.hash)
    if chain is not None and (broken := _end_problem(chain, _last(expected), heads)):
        return count, broken
    for name in sorted(set(heads) - seen):
        if heads[name].sequence > 0:
            return count, _end_problem(name, Head(0, GENESIS_HASH), heads)
    return count, None


def _last(expected: Head) -> Head:
    """The last verified event, from the expectation for the next one."""
    return Head(expected.sequence - 1, expected.hash)


def _links(
    events: QuerySet[AuditEvent], on_progress: Callable[[int], None] | None
) -> Iterator[Link]:
    # Plain rows, not model instances: verify reads every event ever written.
    rows = events.values(*HASHED_COLUMNS, "hash").iterator(chunk_size=VERIFY_CHUNK)
    for number, row in enumerate(rows, start=1):
        yield Link(
            row["chain"],
            row["sequence"],
            row["prev_hash"],
            row["hash"],
            link_hash(hashed_fields(row)),
        )
        if on_progress is not None and number % VERIFY_CHUNK == 0:
            on_progress(number)


def verify_chain(
    *, chain: str | None = None, on_progress: Callable[[int], None] | None = None
) -> VerifyResult:
    """Recompute every link of one chain (or all), streaming; `on_progress(n)` is called
    every VERIFY_CHUNK events."""
    heads_query = AuditChainHead.objects.all()
    events = AuditEvent.objects.order_by("chain", "sequence")
    if chain is not None:
        heads_query = heads_query.filter(chain=chain)
        events = events.filter(chain=chain)
    # Heads first, then events: an event committed in between is beyond its head, skipped.
    rows = list(heads_query)
    heads = {h.chain: Head(h.sequence, h.hash) for h in rows}
    count, broken = first_break(_links(events.filter(chain__in=list(heads)), on_progress), heads)
    broken = broken or _headless(events) or _unsealed(rows)
    return VerifyResult(events=count, chains=len(heads), broken=broken)


def _unsealed(heads: Iterable[AuditChainHead]) -> BrokenLink | None:
    """A head moved by someone without the audit key: a chain recomputed or cut short
    in the database itself."""
    for head in heads:
        if not seal_matches(head.seal, head.chain, head.sequence, head.hash):
            return BrokenLink(
                head.chain,
                head.sequence,
                _("đầu chuỗi không có dấu niêm phong hợp lệ: bị sửa ngoài ứng dụng?"),
            )
    return None


def _headless(events: QuerySet[AuditEvent]) -> BrokenLink | None:
    """Events of a chain whose head row is gone (a chain begun during verify has one)."""
    chains = events.exclude(chain__in=AuditChainHead.objects.values("chain"))
    first = chains.order_by("chain", "sequence").first()
    if first is None:
        return None
    return BrokenLink(first.chain, first.sequence, _("chuỗi mất đầu chuỗi"))


def audit_event_count(*, chain: str | None = None) -> int:
    events = AuditEvent.objects.all()
    return (events.filter(chain=chain) if chain is not None else events).count()
