"""Every write of the accounts app: officers and their roles, sign-in bookkeeping, TOTP."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts import lockout
from motcua.accounts.models import Role, SignInAttempt, SignInOutcome, User, UserKind
from motcua.accounts.roles import ADMIN_PERMISSIONS, ADMIN_ROLES, SUPERUSER_ROLES
from motcua.core.audit import audit_record
from motcua.units.models import Agency

logger = logging.getLogger("motcua.accounts")


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
    logger.info("officer %s created by %s as %s of %s", username, actor, role, agency)
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
    logger.info("officer %s set to %s of %s by %s", officer.username, role, agency, actor)
    return officer


# --- sign-in bookkeeping ----------------------------------------------------------------


def sign_in_attempt_record(
    *, request: HttpRequest | None, username: str, user: User | None, outcome: str
) -> None:
    # REMOTE_ADDR only: a forwarded-for header is set by the client and proves nothing.
    ip_address = request.META.get("REMOTE_ADDR") if request is not None else None
    SignInAttempt.objects.create(
        at=timezone.now(),
        username=username[:150],
        user=user,
        outcome=outcome,
        ip_address=ip_address or None,
    )
    log = logger.info if outcome == SignInOutcome.SUCCEEDED else logger.warning
    log("sign-in %s for %r from %s", outcome, username, ip_address)


def _lock_window() -> timedelta:
    return timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


@transaction.atomic
def sign_in_failure_record(*, user: User, now: datetime) -> bool:
    """Count one failed attempt; True when it locked the account."""
    # Row lock: two wrong passwords at the same instant must both count.
    locked_user = User.objects.select_for_update().get(pk=user.pk)
    state = lockout.after_failure(
        lockout.LockState(
            failures=locked_user.failed_logins,
            failures_since=locked_user.failures_since,
            locked_until=locked_user.locked_until,
        ),
        now=now,
        max_failures=settings.LOGIN_MAX_FAILURES,
        window=_lock_window(),
    )
    User.objects.filter(pk=user.pk).update(
        failed_logins=state.failures,
        failures_since=state.failures_since,
        locked_until=state.locked_until,
    )
    return state.locked_until is not None


def sign_in_failures_clear(*, user: User) -> None:
    """After a complete sign-in (or an administrator's unlock) the count starts again."""
    User.objects.filter(pk=user.pk).update(failed_logins=0, failures_since=None, locked_until=None)


# --- two-factor (TOTP) ---------------------------------------------------------------------


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
    logger.info("TOTP enrolled for %s", device.user)
    return True
