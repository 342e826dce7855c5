"""Every write of the accounts app: officers and their roles, sign-in bookkeeping, TOTP."""

import contextlib
import logging
import secrets
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts import lockout, otp
from motcua.accounts.contacts import Contact, InvalidContact, normalise_email, normalise_mobile
from motcua.accounts.fields import validate_personal_id
from motcua.accounts.models import (
    CodePurpose,
    ExternalIdentity,
    OneTimeCode,
    Role,
    SignInAttempt,
    SignInOutcome,
    User,
    UserKind,
)
from motcua.accounts.roles import ADMIN_PERMISSIONS, ADMIN_ROLES, SUPERUSER_ROLES
from motcua.accounts.selectors import citizen_by_contact
from motcua.core.audit import audit_record
from motcua.core.http import client_ip
from motcua.core.locks import transaction_lock
from motcua.notifications.services import notification_enqueue
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
    ip_address = _client_ip(request)
    SignInAttempt.objects.create(
        at=timezone.now(),
        username=username[:150],
        user=user,
        outcome=outcome,
        ip_address=ip_address,
    )
    routine = outcome in (SignInOutcome.SUCCEEDED, SignInOutcome.CODE_SENT)
    log = logger.info if routine else logger.warning
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


# --- citizens: one-time codes, profile, single sign-on ---------------------------------


class CitizenAccountError(Exception):
    """A refused citizen-account action; `message` is shown to the citizen."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def code_refused_message() -> str:
    # One message for a wrong, expired, used-up or never-sent code.
    return _("Mã không đúng hoặc đã hết hạn. Vui lòng kiểm tra lại hoặc yêu cầu mã mới.")


def _client_ip(request: HttpRequest | None) -> str | None:
    return (client_ip(request) or None) if request is not None else None


# The rate limits count the codes of the last hour; older ones serve nothing.
CODE_WINDOW = timedelta(hours=1)


def _code_limit_reached(*, contact: Contact, ip_address: str | None, now: datetime) -> bool:
    recent = OneTimeCode.objects.filter(created_at__gt=now - CODE_WINDOW)
    if recent.filter(address=contact.address).count() >= settings.CITIZEN_CODE_PER_ADDRESS_HOURLY:
        return True
    return (
        ip_address is not None
        and recent.filter(ip_address=ip_address).count() >= settings.CITIZEN_CODE_PER_IP_HOURLY
    )


def _code_message(purpose: str, code: str) -> tuple[str, str]:
    minutes = max(1, settings.CITIZEN_CODE_TTL_SECONDS // 60)
    if purpose == CodePurpose.SIGN_IN:
        subject = _("Mã đăng nhập %(site)s") % {"site": settings.SITE_NAME}
        body = _(
            "Mã đăng nhập của bạn là %(code)s, có hiệu lực %(minutes)d phút. "
            "Không cung cấp mã này cho bất kỳ ai."
        )
    else:
        subject = _("Mã xác nhận %(site)s") % {"site": settings.SITE_NAME}
        body = _(
            "Mã xác nhận địa chỉ liên lạc mới là %(code)s, có hiệu lực %(minutes)d phút. "
            "Không cung cấp mã này cho bất kỳ ai."
        )
    return subject, body % {"code": code, "minutes": minutes}


def citizen_code_send(
    *,
    contact: Contact,
    request: HttpRequest | None,
    purpose: str = CodePurpose.SIGN_IN,
    actor: User | None = None,
    now: datetime | None = None,
) -> None:
    """Send a fresh code to `contact` (earlier unused codes for it stop working). The same
    whether or not an account uses the address: the account is made when the code is used.
    For a contact change, `actor` is the signed-in citizen changing their details."""
    now = now or timezone.now()
    if purpose == CodePurpose.CONTACT_CHANGE and (actor is None or not actor.is_citizen):
        raise PermissionDenied
    ip_address = _client_ip(request)
    with transaction.atomic():
        # Counted and written under the address's and the IP's locks (always in that
        # order): requests at the same moment cannot all pass the same count.
        transaction_lock(f"citizen-code:address:{contact.address}")
        if ip_address is not None:
            transaction_lock(f"citizen-code:ip:{ip_address}")
        limited = _code_limit_reached(contact=contact, ip_address=ip_address, now=now)
        if not limited:
            _code_create(
                contact=contact, purpose=purpose, actor=actor, ip_address=ip_address, now=now
            )
    if limited:
        sign_in_attempt_record(
            request=request, username=contact.address, user=None, outcome=SignInOutcome.CODE_LIMIT
        )
        raise CitizenAccountError(
            _("Bạn đã yêu cầu quá nhiều mã trong một giờ. Vui lòng thử lại sau.")
        )
    sign_in_attempt_record(
        request=request, username=contact.address, user=actor, outcome=SignInOutcome.CODE_SENT
    )


def _code_create(
    *, contact: Contact, purpose: str, actor: User | None, ip_address: str | None, now: datetime
) -> None:
    OneTimeCode.objects.filter(
        address=contact.address, purpose=purpose, used_at__isnull=True, expires_at__gt=now
    ).update(expires_at=now)
    # Rows older than the rate-limit window serve nothing: keep no list of old addresses.
    OneTimeCode.objects.filter(address=contact.address, created_at__lte=now - CODE_WINDOW).delete()
    code = otp.new_code()
    OneTimeCode.objects.create(
        purpose=purpose,
        channel=contact.channel,
        address=contact.address,
        code_hash=otp.code_hash(key=settings.SECRET_KEY, address=contact.address, code=code),
        user=actor if purpose == CodePurpose.CONTACT_CHANGE else None,
        created_at=now,
        expires_at=now + timedelta(seconds=settings.CITIZEN_CODE_TTL_SECONDS),
        ip_address=ip_address,
    )
    subject, body = _code_message(purpose, code)
    notification_enqueue(
        kind="otp",
        subject=subject,
        body=body,
        phone=contact.address if contact.channel == "sms" else "",
        email=contact.address if contact.channel == "email" else "",
        channels=(contact.channel,),
        sensitive=True,
    )


def _code_consume(
    *, contact: Contact, code: str, purpose: str, actor: User | None, now: datetime
) -> bool:
    """Use the newest live code for the address if `code` is it. A wrong try is counted
    (and committed by the caller's transaction), and the code dies after the last try."""
    live = OneTimeCode.objects.select_for_update().filter(
        address=contact.address, purpose=purpose, used_at__isnull=True, expires_at__gt=now
    )
    if purpose == CodePurpose.CONTACT_CHANGE:
        live = live.filter(user=actor)
    stored = live.order_by("-created_at", "-pk").first()
    if stored is None or stored.attempts >= settings.CITIZEN_CODE_MAX_ATTEMPTS:
        return False
    stored.attempts += 1
    if otp.code_matches(
        key=settings.SECRET_KEY, address=contact.address, code=code, stored_hash=stored.code_hash
    ):
        stored.used_at = now
    stored.save(update_fields=["attempts", "used_at"])
    return stored.used_at is not None


def _citizen_new(**fields: str) -> User:
    # The username is never typed by the citizen (they sign in with phone or email): it
    # is random so that it tells nothing about the person.
    citizen = User(username=f"cd-{secrets.token_hex(6)}", kind=UserKind.CITIZEN, **fields)
    citizen.set_unusable_password()
    citizen.save()
    return citizen


def citizen_code_sign_in(
    *, contact: Contact, code: str, request: HttpRequest | None, now: datetime | None = None
) -> User:
    """The citizen whose address received `code` (created now if new); the caller signs
    them in. Refused with one message whatever went wrong."""
    now = now or timezone.now()
    with transaction.atomic():
        citizen = None
        if _code_consume(
            contact=contact, code=code, purpose=CodePurpose.SIGN_IN, actor=None, now=now
        ):
            citizen = citizen_by_contact(contact=contact)
            if citizen is None:
                citizen = _citizen_new(**{contact.account_field: contact.address})
                audit_record(
                    actor=citizen,
                    action="citizen.create",
                    target=citizen,
                    agency=None,
                    payload={"via": contact.channel},
                )
    if citizen is None or not citizen.is_active:
        outcome = SignInOutcome.BAD_CODE if citizen is None else SignInOutcome.INACTIVE
        sign_in_attempt_record(
            request=request, username=contact.address, user=citizen, outcome=outcome
        )
        raise CitizenAccountError(code_refused_message())
    return citizen


def citizen_contact_change(
    *,
    actor: User,
    contact: Contact,
    code: str,
    request: HttpRequest | None,
    now: datetime | None = None,
) -> User:
    """Replace the citizen's phone or email by `contact`, proven by the code sent to it."""
    now = now or timezone.now()
    if not actor.is_citizen:
        raise PermissionDenied
    field = contact.account_field
    with transaction.atomic():
        confirmed = _code_consume(
            contact=contact, code=code, purpose=CodePurpose.CONTACT_CHANGE, actor=actor, now=now
        )
    if not confirmed:
        sign_in_attempt_record(
            request=request, username=contact.address, user=actor, outcome=SignInOutcome.BAD_CODE
        )
        raise CitizenAccountError(code_refused_message())
    with transaction.atomic():
        # Told only after the code proved the address is theirs.
        holder = citizen_by_contact(contact=contact)
        if holder is not None and holder.pk != actor.pk:
            raise CitizenAccountError(
                _(
                    "Địa chỉ này đã gắn với một tài khoản khác. "
                    "Liên hệ bộ phận một cửa để được hỗ trợ."
                )
            )
        before = getattr(actor, field)
        User.objects.filter(pk=actor.pk).update(**{field: contact.address})
        setattr(actor, field, contact.address)
        audit_record(
            actor=actor,
            action="citizen.contact_change",
            target=actor,
            agency=None,
            payload={"field": field, "had_value": bool(before)},
        )
    return actor


def _name_split(name: str) -> tuple[str, str]:
    """'Nguyễn Văn An' → ('Nguyễn Văn', 'An'): family and middle names, given name."""
    words = name.split()
    return " ".join(words[:-1]), (words[-1] if words else "")


@transaction.atomic
def citizen_profile_update(
    *, actor: User, name: str, personal_id: str, birth_date: date | None, address: str
) -> User:
    if not actor.is_citizen:
        raise PermissionDenied
    if personal_id:
        validate_personal_id(personal_id)
        taken = User.objects.filter(personal_id=personal_id).exclude(pk=actor.pk).exists()
        if taken:
            raise CitizenAccountError(
                _(
                    "Số định danh này đã gắn với một tài khoản khác. "
                    "Liên hệ bộ phận một cửa để được hỗ trợ."
                )
            )
    citizen = User.objects.select_for_update().get(pk=actor.pk)
    fields = ["last_name", "first_name", "personal_id", "birth_date", "address"]
    before = {f: getattr(citizen, f) for f in fields}
    citizen.last_name, citizen.first_name = _name_split(name)
    citizen.personal_id = personal_id
    citizen.birth_date = birth_date
    citizen.address = address.strip()
    changed = [f for f in fields if getattr(citizen, f) != before[f]]
    if not changed:
        return citizen
    citizen.save(update_fields=fields)
    # Which fields changed, not their values: the audit chain is no copy of personal data.
    audit_record(
        actor=actor,
        action="citizen.profile_update",
        target=citizen,
        agency=None,
        payload={"fields": changed},
    )
    return citizen


def _claim_name(claims: Mapping[str, Any]) -> str:
    name = str(claims.get("name") or "").strip()
    if name:
        return name
    parts = (claims.get("family_name"), claims.get("middle_name"), claims.get("given_name"))
    return " ".join(str(part).strip() for part in parts if part)


def _claim_contact(claims: Mapping[str, Any], key: str, parse: Callable[[str], str]) -> str:
    try:
        return parse(str(claims.get(key) or ""))
    except InvalidContact:
        return ""


def _claims_apply(citizen: User, claims: Mapping[str, Any]) -> list[str]:
    """Copy what the identity provider vouches for onto the account; the changed fields.
    Name and ID number follow the provider; phone, email, birth date and address fill
    only blanks. A phone, email or ID number another account holds is left out."""
    others = User.objects.exclude(pk=citizen.pk)
    values: dict[str, Any] = {}
    name = _claim_name(claims)
    if name:
        values["last_name"], values["first_name"] = _name_split(name)
    personal_id = str(claims.get(settings.OIDC_PERSONAL_ID_CLAIM) or "")
    try:
        validate_personal_id(personal_id)
    except ValidationError:
        personal_id = ""
    if personal_id and not others.filter(personal_id=personal_id).exists():
        values["personal_id"] = personal_id
    phone = _claim_contact(claims, "phone_number", normalise_mobile)
    if phone and not citizen.phone and not others.filter(kind=UserKind.CITIZEN, phone=phone):
        values["phone"] = phone
    email = _claim_contact(claims, "email", normalise_email)
    if email and not citizen.email and not others.filter(kind=UserKind.CITIZEN, email=email):
        values["email"] = email
    if not citizen.birth_date:
        with contextlib.suppress(ValueError, TypeError):
            values["birth_date"] = date.fromisoformat(str(claims.get("birthdate")))
    address = claims.get("address")
    if not citizen.address and isinstance(address, Mapping) and address.get("formatted"):
        values["address"] = str(address["formatted"])[:300]
    changed = [field for field, value in values.items() if getattr(citizen, field) != value]
    for field in changed:
        setattr(citizen, field, values[field])
    if changed:
        citizen.save(update_fields=changed)
    return changed


@transaction.atomic
def citizen_oidc_sign_in(
    *,
    issuer: str,
    claims: Mapping[str, Any],
    request: HttpRequest | None,
    now: datetime | None = None,
) -> User | None:
    """The citizen account linked to (issuer, sub), made on the first sign-in; None when
    that account may not sign in (an officer's or a deactivated one)."""
    now = now or timezone.now()
    subject = str(claims["sub"])
    identity = (
        ExternalIdentity.objects.select_for_update()
        .select_related("user")
        .filter(issuer=issuer, subject=subject)
        .first()
    )
    if identity is None:
        citizen = _citizen_new()
        ExternalIdentity.objects.create(
            issuer=issuer, subject=subject, user=citizen, linked_at=now, last_used_at=now
        )
        _claims_apply(citizen, claims)
        audit_record(
            actor=citizen,
            action="citizen.create",
            target=citizen,
            agency=None,
            payload={"via": "oidc"},
        )
        return citizen
    citizen = identity.user
    if not citizen.is_citizen or not citizen.is_active:
        sign_in_attempt_record(
            request=request,
            username=citizen.username,
            user=citizen,
            outcome=SignInOutcome.OIDC_REFUSED,
        )
        return None
    identity.last_used_at = now
    identity.save(update_fields=["last_used_at"])
    changed = _claims_apply(citizen, claims)
    if changed:
        audit_record(
            actor=citizen,
            action="citizen.profile_update",
            target=citizen,
            agency=None,
            payload={"fields": changed, "via": "oidc"},
        )
    return citizen


@dataclass(frozen=True)
class Purged:
    codes: int
    sign_ins: int


@transaction.atomic
def accounts_purge(*, now: datetime | None = None) -> Purged:
    """Delete what is kept no longer than it serves: one-time codes past the rate-limit
    window (each holds a phone number or e-mail address), and sign-in log rows older than
    SIGN_IN_LOG_DAYS. Run from cron or next to the worker; safe to run again."""
    now = now or timezone.now()
    codes = OneTimeCode.objects.filter(created_at__lte=now - CODE_WINDOW).delete()[0]
    since = now - timedelta(days=settings.SIGN_IN_LOG_DAYS)
    sign_ins = SignInAttempt.objects.filter(at__lt=since).delete()[0]
    purged = Purged(codes=codes, sign_ins=sign_ins)
    if codes or sign_ins:
        audit_record(actor=None, action="accounts.purge", payload=asdict(purged))
    return purged
