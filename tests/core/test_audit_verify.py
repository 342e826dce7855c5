"""`motcua audit verify` finds an edited or deleted event, and names the right sequence.

Tampering is simulated with raw SQL after dropping the append-only trigger inside the
test's transaction: both databases roll the DDL back with the test.
"""

from io import StringIO

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.db import connection, transaction

from motcua.core import audit, audit_seal
from motcua.core.audit import (
    SYSTEM_CHAIN,
    Head,
    Link,
    audit_record,
    chain_for,
    event_hash,
    first_break,
    verify_chain,
)
from motcua.core.management.commands import audit as audit_command
from motcua.core.models import GENESIS_HASH, AuditChainHead, AuditEvent
from tests.core.conftest import drop_append_only_trigger

pytestmark = pytest.mark.usefixtures("empty_log")


def write(count: int, agency=None) -> None:
    for n in range(count):
        with transaction.atomic():
            audit_record(actor=None, action="test.write", agency=agency, payload={"n": n})


def tamper(sql: str, params: list[str | int]) -> None:
    drop_append_only_trigger()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def delete_event(chain: str, sequence: int) -> None:
    tamper("DELETE FROM core_auditevent WHERE chain = %s AND sequence = %s", [chain, sequence])


def verify(*args: str) -> str:
    """stdout of the command; a broken chain raises CommandError."""
    out = StringIO()
    call_command("audit", "verify", *args, stdout=out)
    return out.getvalue().strip()


@pytest.fixture
def three_chains(agency_a, agency_b) -> str:
    """120 events in agency A's chain, 40 in B's, 20 in the system chain."""
    write(120, agency_a)
    write(40, agency_b)
    write(20)
    return chain_for(agency_a)


def test_a_sound_log_verifies_after_many_writes(three_chains):
    result = verify_chain()
    assert (result.ok, result.events, result.chains) == (True, 180, 3)
    assert verify().startswith("OK: 180 sự kiện trong 3 chuỗi nhật ký, không bị sửa hay xoá;")
    assert verify("--chain", three_chains).startswith("OK: 120 sự kiện trong 1 chuỗi nhật ký")


def test_an_edited_payload_is_found_at_its_sequence(three_chains):
    tamper(
        "UPDATE core_auditevent SET payload = %s WHERE chain = %s AND sequence = 57",
        ['{"n": 1000}', three_chains],
    )
    broken = verify_chain().broken
    assert broken is not None
    assert (broken.chain, broken.sequence) == (three_chains, 57)
    assert "bị sửa" in broken.problem
    with pytest.raises(CommandError, match=f"chuỗi {three_chains}, sự kiện số 57"):
        verify()


def test_an_edited_row_with_a_recomputed_hash_breaks_the_next_link(three_chains):
    tamper(
        "UPDATE core_auditevent SET reason = 'x' WHERE chain = %s AND sequence = 10",
        [three_chains],
    )
    forged = AuditEvent.objects.get(chain=three_chains, sequence=10)
    tamper(
        "UPDATE core_auditevent SET hash = %s WHERE id = %s",
        [event_hash(forged), forged.pk],
    )
    broken = verify_chain().broken
    assert broken is not None
    assert (broken.chain, broken.sequence) == (three_chains, 11)
    assert "mã băm trước" in broken.problem


def test_a_deleted_row_in_the_middle_is_found_at_its_sequence(three_chains):
    delete_event(three_chains, 60)
    broken = verify_chain().broken
    assert broken is not None
    assert (broken.chain, broken.sequence) == (three_chains, 60)
    assert "thiếu sự kiện" in broken.problem


def test_the_first_row_deleted_is_found(three_chains):
    delete_event(SYSTEM_CHAIN, 1)
    broken = verify_chain(chain=SYSTEM_CHAIN).broken
    assert broken is not None and (broken.chain, broken.sequence) == (SYSTEM_CHAIN, 1)


def test_the_last_rows_deleted_are_found_by_the_chain_head(three_chains):
    delete_event(three_chains, 120)
    delete_event(three_chains, 119)
    broken = verify_chain().broken
    assert broken is not None
    assert (broken.chain, broken.sequence) == (three_chains, 119)
    assert "thiếu sự kiện cuối" in broken.problem


def test_a_chain_emptied_entirely_is_found(agency_a):
    write(2, agency_a)
    tamper("DELETE FROM core_auditevent WHERE chain = %s", [chain_for(agency_a)])
    broken = verify_chain().broken
    assert broken is not None and (broken.chain, broken.sequence) == (chain_for(agency_a), 1)


def test_events_whose_chain_head_was_deleted_are_found(agency_a):
    write(2, agency_a)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditchainhead")
    broken = verify_chain().broken
    assert broken is not None and (broken.chain, broken.sequence) == (chain_for(agency_a), 1)


def test_verify_exits_non_zero_with_the_broken_link_and_no_traceback(three_chains, capsys):
    delete_event(three_chains, 5)
    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(["motcua", "audit", "verify"])
    assert exit_info.value.code == 1
    error = capsys.readouterr().err
    assert f"chuỗi {three_chains}, sự kiện số 5" in error
    assert "Traceback" not in error


def test_verify_exits_zero_on_a_sound_log(three_chains, capsys):
    execute_from_command_line(["motcua", "audit", "verify"])  # returns: exit status 0
    assert capsys.readouterr().out.strip() == (
        "OK: 180 sự kiện trong 3 chuỗi nhật ký, không bị sửa hay xoá; chưa có điểm kiểm tra"
        " nào (motcua audit checkpoint)."
    )


def test_an_unknown_chain_is_a_clear_error(db):
    with pytest.raises(CommandError, match="Không có chuỗi nhật ký 'agency:999'"):
        verify("--chain", "agency:999")


def test_an_empty_log_verifies(db):
    assert verify().startswith("OK: 0 sự kiện trong 0 chuỗi nhật ký, không bị sửa hay xoá;")


def test_a_long_log_shows_progress_on_stderr_and_still_one_line_on_stdout(
    three_chains, monkeypatch, capsys
):
    monkeypatch.setattr(audit_command, "PROGRESS_FROM", 10)
    monkeypatch.setattr(audit, "VERIFY_CHUNK", 7)  # several progress updates, several chunks
    execute_from_command_line(["motcua", "audit", "verify"])
    captured = capsys.readouterr()
    assert len(captured.out.strip().splitlines()) == 1
    assert captured.out.startswith("OK: 180 sự kiện trong 3 chuỗi nhật ký")
    assert "Kiểm tra chuỗi băm" in captured.err


# --- the walk itself, without a database -------------------------------------------


def links(chain: str, count: int) -> list[Link]:
    result, prev = [], GENESIS_HASH
    for sequence in range(1, count + 1):
        digest = f"{chain}-{sequence}"
        result.append(Link(chain, sequence, prev, digest, digest))
        prev = digest
    return result


def test_walk_accepts_sound_chains_and_skips_events_newer_than_the_heads():
    heads = {"a": Head(3, "a-3"), "b": Head(2, "b-2")}
    # b-3 was appended after the heads were read: not counted, not an error.
    assert first_break([*links("a", 3), *links("b", 3)], heads) == (5, None)


def test_walk_reports_a_head_whose_events_are_all_gone():
    count, broken = first_break(links("a", 2), {"a": Head(2, "a-2"), "b": Head(4, "b-4")})
    assert count == 2 and broken is not None and (broken.chain, broken.sequence) == ("b", 1)


def test_walk_reports_a_last_event_replaced_under_its_head():
    _count, broken = first_break(links("a", 2), {"a": Head(2, "other")})
    assert broken is not None and (broken.chain, broken.sequence) == ("a", 2)


# --- what a database administrator could do, and the seal and checkpoints catch ------------


def rewrite_chain_from(chain: str, first: int) -> None:
    """Change event `first` and recompute every later hash and the head, in the database
    only — the complete rewrite the hash chain alone cannot see."""
    drop_append_only_trigger()
    events = list(AuditEvent.objects.filter(chain=chain, sequence__gte=first).order_by("sequence"))
    previous = (
        AuditEvent.objects.get(chain=chain, sequence=first - 1).hash if first > 1 else GENESIS_HASH
    )
    for event in events:
        if event.sequence == first:
            event.reason = "sửa lén"
        event.prev_hash = previous
        event.hash = event_hash(event)
        previous = event.hash
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE core_auditevent SET reason = %s, prev_hash = %s, hash = %s WHERE id = %s",
                [event.reason, event.prev_hash, event.hash, event.pk],
            )
    AuditChainHead.objects.filter(chain=chain).update(hash=previous)


def test_a_chain_rewritten_and_rehashed_in_the_database_fails_on_its_head_seal(three_chains):
    rewrite_chain_from(three_chains, 100)
    broken = verify_chain().broken
    assert broken is not None and broken.chain == three_chains
    assert "niêm phong" in broken.problem


def test_a_rewrite_before_the_last_checkpoint_fails_against_it_even_with_the_head_resealed(
    three_chains, settings
):
    call_command("audit", "checkpoint", stdout=StringIO())
    rewrite_chain_from(three_chains, 100)
    head = AuditChainHead.objects.get(chain=three_chains)
    # As if the key had leaked too: the head is sealed again.
    AuditChainHead.objects.filter(chain=three_chains).update(
        seal=audit_seal.head_seal(head.chain, head.sequence, head.hash)
    )
    with pytest.raises(CommandError, match=f"chuỗi {three_chains}: sự kiện số 120"):
        verify()


def test_a_truncated_log_fails_against_the_last_checkpoint(three_chains):
    call_command("audit", "checkpoint", stdout=StringIO())
    drop_append_only_trigger()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent")
        cursor.execute("DELETE FROM core_auditchainhead")
    with pytest.raises(CommandError, match="không còn trong cơ sở dữ liệu"):
        verify()


def test_a_tail_cut_and_its_head_moved_back_is_found(three_chains):
    delete_event(three_chains, 120)
    before = AuditEvent.objects.get(chain=three_chains, sequence=119)
    AuditChainHead.objects.filter(chain=three_chains).update(sequence=119, hash=before.hash)
    broken = verify_chain().broken
    assert broken is not None and "niêm phong" in broken.problem


def test_an_edited_checkpoint_file_is_refused(three_chains, settings):
    call_command("audit", "checkpoint", stdout=StringIO())
    path = settings.AUDIT_CHECKPOINT_FILE
    path.write_text(path.read_text().replace('"heads": {"', '"heads": {"x', 1))
    with pytest.raises(CommandError, match="dòng 1"):
        verify()


def test_a_sound_log_matches_its_checkpoint(three_chains):
    out = StringIO()
    call_command("audit", "checkpoint", stdout=out)
    assert "3 chuỗi, 180 sự kiện" in out.getvalue()
    write(1)
    assert "khớp điểm kiểm tra lúc" in verify()
