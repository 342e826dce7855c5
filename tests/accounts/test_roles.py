"""Roles → admin permissions, resolved by app label at run time and applied by services."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from motcua.accounts.models import Role, User
from motcua.accounts.roles import ADMIN_PERMISSIONS
from motcua.accounts.services.officers import (
    officer_create,
    officer_set_role,
    role_group_name,
    role_groups_sync,
)
from tests.conftest import PASSWORD


def _managed_admin_models():
    """The models registered in the admin today that the centre manager's rules cover."""
    rules = ADMIN_PERMISSIONS[Role.CENTRE_MANAGER]
    return sorted(
        (
            (model._meta.app_label, model._meta.model_name)
            for model in admin.site._registry
            if any(
                model._meta.app_label == app and name in (None, model._meta.model_name)
                for app, name in rules
            )
        ),
    )


MANAGED = _managed_admin_models()


@pytest.mark.parametrize(("app_label", "model_name"), MANAGED)
def test_centre_manager_can_open_the_admin_of_catalogue_calendar_and_agencies(
    client, manager_a, app_label, model_name
):
    client.force_login(manager_a)
    url = reverse(f"admin:{app_label}_{model_name}_changelist")
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(("app_label", "model_name"), MANAGED)
def test_counter_officer_cannot_open_the_catalogue_admin(
    client, counter_at_centre_a, app_label, model_name
):
    client.force_login(counter_at_centre_a)
    response = client.get(reverse(f"admin:{app_label}_{model_name}_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_catalogue_admin_is_among_what_the_manager_opens():
    assert any(app == "catalog" for app, _model in MANAGED)
    assert ("units", "agency") in MANAGED


def test_centre_manager_cannot_manage_users(client, manager_a):
    client.force_login(manager_a)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403
    assert not manager_a.has_perm("accounts.change_user")
    assert not manager_a.has_perm("units.change_administrativeunit")


def test_system_administrator_manages_users_and_everything(client, sysadmin):
    client.force_login(sysadmin)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200
    assert client.get(reverse("admin:units_administrativeunit_changelist")).status_code == 200


@pytest.mark.parametrize("role", [Role.COUNTER_OFFICER, Role.SPECIALIST, Role.LEADER])
def test_other_roles_have_no_admin_access(client, agency_a, role):
    officer = officer_create(
        actor=None,
        username=f"vai_tro_{role}",
        password=PASSWORD,
        first_name="An",
        last_name="Nguyễn Văn",
        role=role,
        agency=agency_a,
    )
    assert not officer.is_staff
    assert not officer.get_all_permissions()
    client.force_login(officer)
    assert client.get("/admin/").status_code == 302


def test_permissions_of_models_added_later_follow_on_the_next_sync(manager_a):
    # A model the catalogue app might add tomorrow: only its content type exists.
    content_type = ContentType.objects.create(app_label="catalog", model="tomorrowsmodel")
    Permission.objects.create(
        content_type=content_type, codename="change_tomorrowsmodel", name="Can change"
    )
    role_groups_sync()
    manager = User.objects.get(pk=manager_a.pk)  # a fresh object: permissions are cached
    assert manager.has_perm("catalog.change_tomorrowsmodel")


def test_role_sync_is_idempotent(manager_a, counter_at_centre_a):
    role_groups_sync()
    before = {g: set(p) for g, p in _group_permissions().items()}
    role_groups_sync()
    assert {g: set(p) for g, p in _group_permissions().items()} == before
    assert list(manager_a.groups.values_list("name", flat=True)) == ["Quản lý trung tâm"]


def _group_permissions():
    return {
        role: Permission.objects.filter(group__name=role_group_name(role)).values_list(
            "codename", flat=True
        )
        for role in Role
    }


def test_changing_a_role_moves_admin_access(manager_a, sysadmin):
    officer_set_role(actor=sysadmin, officer=manager_a, role=Role.COUNTER_OFFICER)
    manager = User.objects.get(pk=manager_a.pk)
    assert not manager.is_staff
    assert list(manager.groups.values_list("name", flat=True)) == ["Cán bộ một cửa"]
    officer_set_role(actor=sysadmin, officer=manager, role=Role.SYSTEM_ADMIN)
    assert User.objects.get(pk=manager_a.pk).is_superuser


def test_only_a_system_administrator_creates_officers(manager_a, agency_a):
    with pytest.raises(PermissionDenied):
        officer_create(
            actor=manager_a,
            username="moi",
            password=PASSWORD,
            first_name="Mới",
            last_name="Cán Bộ",
            role=Role.COUNTER_OFFICER,
            agency=agency_a,
        )
    assert not User.objects.filter(username="moi").exists()


def test_officer_needs_an_agency_and_a_known_role(sysadmin, agency_a):
    common = {"actor": sysadmin, "password": PASSWORD, "first_name": "A", "last_name": "B"}
    with pytest.raises(ValidationError):
        # No agency: what the types refuse, and the service too, for an untyped caller.
        officer_create(username="x1", role=Role.SPECIALIST, agency=None, **common)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        officer_create(username="x2", role="janitor", agency=agency_a, **common)
    assert not User.objects.filter(username__in=["x1", "x2"]).exists()


def test_citizen_gets_no_officer_role(sysadmin, citizen):
    with pytest.raises(ValidationError):
        officer_set_role(actor=sysadmin, officer=citizen, role=Role.LEADER)


def test_role_edited_in_the_admin_is_applied(client, sysadmin, officer_a):
    client.force_login(sysadmin)
    url = reverse("admin:accounts_user_change", args=[officer_a.pk])
    form = {
        "username": officer_a.username,
        "last_name": officer_a.last_name,
        "first_name": officer_a.first_name,
        "email": "",
        "phone": "",
        "kind": "officer",
        "role": Role.CENTRE_MANAGER,
        "agency": officer_a.agency_id,
        "personal_id": "",
        "is_active": "on",
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get(pk=officer_a.pk).is_staff


def test_the_log_says_in_vietnamese_who_created_the_officer(agency_a, caplog) -> None:
    with caplog.at_level("INFO", logger="motcua.accounts"):
        officer = officer_create(
            actor=None,
            username="nhat_ky",
            password=PASSWORD,
            first_name="An",
            last_name="Nguyễn Văn",
            role=Role.LEADER,
            agency=agency_a,
        )
        officer_set_role(actor=None, officer=officer, role=Role.COUNTER_OFFICER)
    created, changed = caplog.messages
    assert created == (
        f"Đã tạo cán bộ nhat_ky: {Role.LEADER.label}, {agency_a}; người tạo: hệ thống."
    )
    assert "None" not in created
    assert changed.startswith("Cán bộ nhat_ky nay là ") and changed.endswith("thực hiện: hệ thống.")
