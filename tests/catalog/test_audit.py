"""`motcua catalog audit` (issue 15): facts without a source or not checked for too long,
legal bases a newer text replaced, procedures without a code — on the shipped data, only
what data/catalog/README.md lists as unconfirmed, with the reason."""

import re
from collections import Counter
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command

from motcua.catalog.models import Procedure
from motcua.catalog.sources import Fact, Repeal, SourceSpec, audit
from tests.factories import OfficerFactory

CHECKED = SourceSpec(
    "Luật Hộ tịch số 60/2014/QH13", "Điều 16", "https://x.gov.vn", date(2026, 1, 5)
)
REPEAL = Repeal("62/2021/NĐ-CP", "154/2024/NĐ-CP", None, CHECKED)


def run(**overrides: Any) -> list[tuple[str, str]]:
    arguments: dict[str, Any] = {
        "facts": [],
        "legal_bases": [],
        "codes": [],
        "repeals": {"62/2021/NĐ-CP": REPEAL},
        "today": date(2026, 12, 6),
        "recheck_days": 365,
    } | overrides
    return [(f.kind, f.detail) for f in audit(**arguments)]


def test_a_fact_without_a_source_is_reported_but_an_unsourced_step_is_not() -> None:
    facts = [Fact("A", "document", "Tờ khai", ()), Fact("A", "step", "Tiếp nhận", ())]
    assert run(facts=facts) == [("unsourced", "giấy tờ: Tờ khai")]


def test_a_fact_checked_more_than_the_recheck_period_ago_is_reported() -> None:
    facts = [Fact("A", "time", "3 ngày làm việc", (CHECKED,))]
    assert run(facts=facts) == []
    assert run(facts=facts, recheck_days=300) == [
        ("stale", "thời hạn: 3 ngày làm việc (đối chiếu lần cuối 05/01/2026)")
    ]


def test_a_legal_basis_citing_a_replaced_decree_and_a_missing_code_are_reported() -> None:
    line = "Nghị định số 62/2021/NĐ-CP quy định chi tiết một số điều của Luật Cư trú"
    found = run(legal_bases=[("A", line), ("A", "Luật Cư trú")], codes=[("A", ""), ("B", "1.1")])
    assert found == [("repealed", f"62/2021/NĐ-CP → 154/2024/NĐ-CP: {line}"), ("no_code", "")]


def readme_unsourced() -> dict[str, Counter[str]]:
    text = (Path(settings.BASE_DIR) / "data" / "catalog" / "README.md").read_text()
    table = text.split("<!-- unsourced-table")[1].split("\n\n")[0]
    listed = {}
    for slug, times, documents in re.findall(r"^\| ([a-z0-9-]+) \| (\d+) \| (\d+) \|", table, re.M):
        listed[slug] = Counter({"thời hạn": int(times), "giấy tờ": int(documents)})
    return listed


def test_audit_of_the_shipped_catalogue_reports_only_what_the_readme_lists(seeded) -> None:
    out = StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("catalog", "audit", "--on", "2026-12-06", stdout=out)
    assert failed.value.returncode == 1
    lines = out.getvalue().splitlines()
    assert not [line for line in lines if line.startswith("[Căn cứ đã bị thay thế]")]
    assert not [line for line in lines if line.startswith("[Quá hạn đối chiếu lại]")]
    names = dict(Procedure.objects.values_list("name", "slug"))
    reported: dict[str, Counter[str]] = {}
    for line in lines:
        if line.startswith("[Chưa có nguồn] "):
            name, detail = line.removeprefix("[Chưa có nguồn] ").split(": ", 1)
            reported.setdefault(names[name], Counter())[detail.split(":")[0]] += 1
    listed = {slug: +counts for slug, counts in readme_unsourced().items()}
    assert reported == listed
    no_code = {
        line.removeprefix("[Chưa có mã thủ tục] ") for line in lines if "mã thủ tục]" in line
    }
    assert {names[n] for n in no_code} == {
        "dang-ky-khai-sinh-qua-han",
        "lien-thong-khai-sinh-thuong-tru-bhyt-tre-duoi-6-tuoi",
        "chung-thuc-hop-dong-giao-dich",
    }


def test_audit_reports_the_facts_once_the_recheck_period_has_passed(seeded, settings) -> None:
    settings.CATALOG_RECHECK_DAYS = 30
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("catalog", "audit", "--on", "2027-02-01", stdout=out)
    assert "[Quá hạn đối chiếu lại] Đăng ký kết hôn: thời hạn" in out.getvalue()


def test_the_centre_manager_sees_the_audit_in_the_admin(client, seeded) -> None:
    manager = OfficerFactory.create(username="quanly.nguon", role="manager", is_staff=True)
    manager.user_permissions.set(Permission.objects.filter(content_type__app_label="catalog"))
    client.force_login(manager)
    changelist = client.get("/admin/catalog/procedure/").content.decode()
    assert 'href="/admin/catalog/procedure/audit/"' in changelist
    body = client.get("/admin/catalog/procedure/audit/").content.decode()
    assert "Chưa có nguồn" in body and "Chưa có mã thủ tục" in body
    assert "Căn cứ đã bị thay thế" not in body


def test_an_officer_without_the_catalogue_permission_cannot_see_the_audit(client, seeded) -> None:
    officer = OfficerFactory.create(username="mot.cua", is_staff=True)
    client.force_login(officer)
    assert client.get("/admin/catalog/procedure/audit/").status_code == 403
