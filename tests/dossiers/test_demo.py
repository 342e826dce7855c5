"""Demo and benchmark dossiers: every state, late and apologised ones, gapless codes, a
sound audit chain; idempotent load, resumable generate."""

from collections import Counter as Tally
from collections import defaultdict

import pytest
from django.core.management import CommandError, call_command

from motcua.accounts import demo as accounts_demo
from motcua.core.audit import verify_chain
from motcua.dossiers import codes, demo
from motcua.dossiers.demo_desks import BENCH_AGENCIES
from motcua.dossiers.models import Apology, Dossier
from motcua.dossiers.states import State
from tests.dossiers.factories import procedure_with_steps


@pytest.fixture
def demo_ward(db):
    accounts_demo.load()
    procedure_with_steps()
    hours = (
        ("Tiếp nhận", "counter", "1"),
        ("Thẩm định", "specialist", "5"),
        ("Ký duyệt", "leader", "2"),
    )
    procedure_with_steps(amount="8", unit="working_hours", steps=hours)


def assert_codes_gapless(dossiers) -> None:
    sequences = defaultdict(list)
    for code in dossiers.values_list("code", flat=True):
        parsed = codes.parse_code(code)
        sequences[(parsed.agency_code, parsed.day)].append(parsed.sequence)
    for numbers in sequences.values():
        assert sorted(numbers) == list(range(1, len(numbers) + 1))


def test_demo_load_fills_every_state_with_late_and_apologised_dossiers_once(demo_ward):
    message = demo.load()
    assert "thêm 2000 hồ sơ" in message
    dossiers = Dossier.objects.filter(idempotency_key__startswith="demo-")
    states = Tally(dossiers.values_list("state", flat=True))
    assert set(states) == {s.value for s in State} - {State.REGISTERED.value}
    assert dossiers.filter(timing="late").exists()
    assert dossiers.filter(
        state__in=["in_progress", "approved"], due_at__lt=demo.timezone.now()
    ).exists()
    assert (
        Apology.objects.filter(dossier__in=dossiers).count()
        == dossiers.filter(apology_count=1).count()
        > 0
    )
    assert_codes_gapless(dossiers)
    result = verify_chain()
    assert result.ok and result.events >= 2000
    assert "thêm 0 hồ sơ (tổng 2000)" in demo.load()  # a second load adds nothing


def test_generate_resumes_where_it_stopped(db):
    procedure_with_steps()
    demo.BATCH, batch = 300, demo.BATCH
    try:
        assert demo.generate(600) == 600
        assert demo.generate(900) == 300  # a re-run after a stop continues
        assert demo.generate(900) == 0
    finally:
        demo.BATCH = batch
    dossiers = Dossier.objects.filter(idempotency_key__startswith="gen-")
    assert dossiers.count() == 900
    assert dossiers.values("receiving_agency").distinct().count() == BENCH_AGENCIES
    assert_codes_gapless(dossiers)
    assert verify_chain().ok


def test_generate_command_refuses_a_missing_count(db):
    with pytest.raises(CommandError, match="số hồ sơ dương"):
        call_command("demo", "generate")
    with pytest.raises(CommandError):
        call_command("demo", "generate", "--dossiers", "0")


@pytest.mark.django_db(transaction=True)
def test_generate_in_two_processes_resumes_and_keeps_codes_and_chains_sound():
    """On PostgreSQL the lanes run in forked processes (elsewhere one after the other):
    every dossier once, gapless codes, sound audit chains, and a re-run continues."""
    procedure_with_steps()
    demo.BATCH, batch = 100, demo.BATCH
    try:
        assert demo.generate(500, workers=2) == 500
        assert demo.generate(700, workers=2) == 200
        assert demo.generate(700, workers=2) == 0
    finally:
        demo.BATCH = batch
    dossiers = Dossier.objects.filter(idempotency_key__startswith="gen-")
    keys = set(dossiers.values_list("idempotency_key", flat=True))
    assert keys == {f"gen-{i}" for i in range(700)}
    assert_codes_gapless(dossiers)
    assert verify_chain().ok


def test_demo_loaded_on_an_earlier_day_is_stale_until_someone_works_on_it(demo_ward):
    assert demo.demo_age() is None
    demo.load()
    age = demo.demo_age()
    assert age is not None and not age.stale and not age.used
    three_days_ago = demo.timezone.now() - demo.timedelta(days=3)
    dossiers = Dossier.objects.filter(idempotency_key__startswith="demo-")
    dossiers.update(created_at=three_days_ago, updated_at=three_days_ago)
    age = demo.demo_age()
    assert age is not None and age.stale and not age.used
    dossiers.filter(pk=dossiers.earliest("pk").pk).update(updated_at=demo.timezone.now())
    age = demo.demo_age()
    assert age is not None and age.stale and age.used


def test_a_used_demo_from_an_earlier_day_is_kept_and_the_command_says_how_to_renew(
    demo_ward, capsys, settings
):
    settings.DEBUG = True  # as `make run` loads it
    demo.load()
    earlier = demo.timezone.now() - demo.timedelta(days=3)
    Dossier.objects.filter(idempotency_key__startswith="demo-").update(created_at=earlier)
    call_command("demo", "load")
    assert "motcua demo load --renew" in capsys.readouterr().out
    assert Dossier.objects.filter(created_at=earlier).count() == 2000


def test_demo_dossiers_follow_the_version_in_force_on_their_receipt_day(db):
    """A version that takes effect in the middle of the demo's four months: dossiers
    received before keep the old checklist and deadline, those after get the new one."""
    from dataclasses import replace
    from datetime import timedelta

    from django.utils import timezone

    from motcua.catalog.selectors import version_content
    from motcua.catalog.services import procedure_version_create
    from motcua.catalog.specs import DocumentSpec

    accounts_demo.load()
    procedure = procedure_with_steps()
    old = procedure.versions.get()
    change = timezone.localdate() - timedelta(days=40)
    content = version_content(version=old)
    new = procedure_version_create(
        actor=None,
        procedure=procedure,
        valid_from=change,
        content=replace(
            content, documents=(DocumentSpec(name="Tờ khai theo mẫu mới", form="original"),)
        ),
    )
    demo.load()
    dossiers = Dossier.objects.filter(procedure=procedure).prefetch_related("documents")
    assert dossiers.count() == Dossier.objects.count()  # the only procedure
    seen = set()
    for dossier in dossiers:
        assert dossier.received_at is not None
        day = codes.receipt_day(dossier.received_at)
        expected = new if day >= change else old
        assert dossier.procedure_version_id == expected.pk, (day, change)
        names = [d.name for d in dossier.documents.all()]
        if day >= change and dossier.state != State.NOT_RECEIVED:
            assert names == ["Tờ khai theo mẫu mới"]
        seen.add(expected.pk)
    assert seen == {old.pk, new.pk}
