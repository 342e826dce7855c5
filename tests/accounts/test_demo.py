"""`motcua demo load`: the demo ward, agencies and accounts."""

from datetime import date

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from motcua.accounts import demo
from motcua.accounts.models import Role, User
from motcua.units.models import AdministrativeUnit, Agency, UnitLevel


def test_demo_creates_one_officer_per_role_and_a_citizen(db):
    # The ward: its committee, the service centre, an office and the police.
    demo.load()
    officers = User.objects.filter(username__in=[o.username for o in demo.OFFICERS])
    assert {o.role for o in officers} == set(Role.values)
    assert User.objects.get(username=demo.CITIZEN_USERNAME).is_citizen
    assert Agency.objects.filter(unit__code="00592").count() == 4
    assert Agency.objects.filter(unit__code="00634").count() == 1


def test_demo_is_idempotent(db):
    first = demo.load()
    counts = (User.objects.count(), Agency.objects.count(), AdministrativeUnit.objects.count())
    second = demo.load()
    assert first == second
    assert (
        User.objects.count(),
        Agency.objects.count(),
        AdministrativeUnit.objects.count(),
    ) == counts


def test_demo_table_lists_username_password_role_and_agency(db):
    table = demo.load()
    assert "tuliem.quanly" in table
    assert demo.DEMO_PASSWORD in table
    assert "Quản lý trung tâm" in table
    assert "Trung tâm phục vụ hành chính công phường Từ Liêm" in table


def test_demo_accounts_sign_in_with_the_printed_password(db):
    demo.load()
    assert authenticate(username="tuliem.motcua", password=demo.DEMO_PASSWORD) is not None


def test_demo_load_with_debug_off_refuses_unless_told_and_creates_no_known_password(
    db, settings, capsys
):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="chỉ chạy khi DEBUG=1"):
        call_command("demo", "load")
    assert not User.objects.filter(username="tuliem.motcua").exists()
    call_command("demo", "load", "--allow-without-debug")
    table = capsys.readouterr().out
    assert demo.DEMO_PASSWORD not in table
    assert authenticate(username="tuliem.motcua", password=demo.DEMO_PASSWORD) is None
    row = next(line for line in table.splitlines() if line.startswith("tuliem.motcua "))
    printed = row.split()[1]
    assert authenticate(username="tuliem.motcua", password=printed) is not None
    call_command("demo", "load", "--allow-without-debug")  # again: the accounts keep theirs
    assert "(giữ nguyên)" in capsys.readouterr().out
    assert authenticate(username="tuliem.motcua", password=printed) is not None


def test_demo_uses_the_current_ward_from_reference_data(db):
    province = AdministrativeUnit.objects.create(
        code="01",
        level=UnitLevel.PROVINCE,
        name="Thành phố Hà Nội",
        unit_type="Thành phố",
        valid_from=date(2025, 7, 1),
        search_name="thanh pho ha noi",
    )
    # An old unit with the same code must not be picked (codes were reused in 2025).
    AdministrativeUnit.objects.create(
        code="00592",
        level=UnitLevel.COMMUNE,
        name="Xã Cũ",
        unit_type="Xã",
        valid_to=date(2025, 6, 30),
        search_name="xa cu",
    )
    current = AdministrativeUnit.objects.create(
        code="00592",
        level=UnitLevel.COMMUNE,
        name="Phường Từ Liêm",
        unit_type="Phường",
        parent=province,
        valid_from=date(2025, 7, 1),
        search_name="phuong tu liem",
    )
    demo.load()
    assert Agency.objects.get(eid_code="000.00.92.H26").unit == current


@pytest.mark.parametrize("username", ["tuliem.quanly", "quantri"])
def test_demo_admin_roles_can_open_the_admin(client, db, username):
    demo.load()
    client.force_login(User.objects.get(username=username))
    assert client.get("/admin/").status_code == 200
