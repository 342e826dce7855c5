"""Officer accounts: the groups and admin flags that follow a role, creating officers
and changing their role, and enrolling their second factor (TOTP)."""

import logging

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.models import Role, User, UserKind
from motcua.accounts.roles import ADMIN_PERMISSIONS, ADMIN_ROLES, SUPERUSER_ROLES
from motcua.core.audit import audit_record
from motcua.units.models import Agency

logger = logging.getLogger("motcua.accounts")


def _by(actor: User | None) -> str:
    """Who did it, for the log: the account, or the system (a command, the demo loader)."""
    return actor.get_username() if actor is not None else _("hệ thống")


# --- roles ---------------------------------------------------------------------------


def role_group_name(role: str) -> str:
    """The group of a role is named by its Vietnamese label, whatever the active language."""
    with translation.override("vi"):
        return str(Role(role).label)


def _role_permissions(role: str) -> QuerySet[Permission]:
    rules = ADMIN_PERMISSIONS.get(role, [])
    if not rules:
        return Permission.objects.none()
    condition = Q()
    for app_label, model in rules:
        rule = Q(content_type__app_label=app_label)
        if model is not None:
            rule &= Q(content_type__model=model)
        condition |= rule
    return Permission.objects.filter(condition)


def _role_group_sync(role: str) -> Group:
    group, _created = Group.objects.get_or_create(name=role_group_name(role))
    group.permissions.set(_role_permissions(role))
    return group


def _flags_and_group_set(user: User, group: Group | None) -> None:
    """Admin flags and group follow the role: they are never edited by hand."""
    user.is_staff = user.role in ADMIN_ROLES
    user.is_superuser = user.role in SUPERUSER_ROLES
    user.save(update_fields=["is_staff", "is_superuser"])
    user.groups.set([group] if group else [])


@transaction.atomic
def role_groups_sync() -> str:
    """One group per role with the permissions its rules resolve to today, and every user
    in the group of their role. Idempotent; runs after migrations and in the demo loader."""
    groups = {role.value: _role_group_sync(role) for role in Role}
    users = list(User.objects.all())
    for user in users:
        _flags_and_group_set(user, groups.get(user.role))
    return f"{len(groups)} role groups, {len(users)} users synced"


def role_apply(*, user: User) -> None:
    """Bring one user's admin flags and group in line with their role (after an edit)."""
    _flags_and_group_set(user, _role_group_sync(user.role) if user.role else None)


# --- officers ------------------------------------------------------------------------


def _check_can_manage_users(actor: User | None) -> None:
    # actor None is the system itself (the demo loader, a management command).
    if actor is not None and actor.role not in SUPERUSER_ROLES:
        raise PermissionDenied(_("Chỉ quản trị hệ thống được quản lý tài khoản cán bộ."))


def _check_role_agency(role: str, agency: Agency | None) -> None:
    if role not in Role.values:
        raise ValidationError(_("Vai trò không hợp lệ: %(role)s."), params={"role": role})
    if agency is None:
        raise ValidationError(_("Cán bộ phải thuộc một cơ quan."))


@transaction.atomic
def officer_create(
    *,
    actor: User | None,
    username: str,
    password: str,
    first_name: str,
    last_name: str,
    role: str,
    agency: Agency,
    email: str = "",
    phone: str = "",
) -> User:
    _check_can_manage_users(actor)
    _check_role_agency(role, agency)
    officer = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        phone=phone,
        kind=UserKind.OFFICER,
        role=role,
        agency=agency,
    )
    officer.set_password(password)
    officer.full_clean()
    officer.save()
    role_apply(user=officer)
    audit_record(actor=actor, action="officer.create", target=officer, agency=agency, to_state=role)
    logger.info(
        _("Đã tạo cán bộ %(username)s: %(role)s, %(agency)s; người tạo: %(actor)s."),
        {"username": username, "role": Role(role).label, "agency": agency, "actor": _by(actor)},
    )
    return officer


@transaction.atomic
def officer_set_role(
    *, actor: User | None, officer: User, role: str, agency: Agency | None = None
) -> User:
    """Change an officer's role (and agency, if given)."""
    _check_can_manage_users(actor)
    if not officer.is_officer:
        raise ValidationError(_("Tài khoản công dân không có vai trò cán bộ."))
    agency = agency or officer.agency
    _check_role_agency(role, agency)
    from_role, from_agency_id = officer.role, officer.agency_id
    officer.role = role
    officer.agency = agency
    officer.save(update_fields=["role", "agency"])
    role_apply(user=officer)
    audit_record(
        actor=actor,
        action="officer.set_role",
        target=officer,
        agency=agency,
        from_state=from_role,
        to_state=role,
        payload={"from_agency_id": from_agency_id, "agency_id": officer.agency_id},
    )
    logger.info(
        _("Cán bộ %(username)s nay là %(role)s, %(agency)s; người thực hiện: %(actor)s."),
        {
            "username": officer.username,
            "role": Role(role).label,
            "agency": agency,
            "actor": _by(actor),
        },
    )
    return officer


# --- two-factor (TOTP) -----------------------------------------------------------------


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """The unconfirmed device being enrolled; the same one until it is confirmed."""
    if not user.is_officer:
        raise PermissionDenied
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="motcua", confirmed=False)


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, token: str) -> bool:
    """Confirm enrolment with a code from the app; other devices of the user are removed."""
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    logger.info(
        _("Cán bộ %(username)s đã đăng ký mã xác thực hai lớp (TOTP)."),
        {"username": device.user.get_username()},
    )
    return True
