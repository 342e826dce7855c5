"""Citizen accounts: creating one, the profile the citizen edits, and single sign-on
through an identity provider (OIDC), whose claims fill the profile."""

import contextlib
import secrets
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.contacts import InvalidContact, normalise_email, normalise_mobile
from motcua.accounts.fields import validate_personal_id
from motcua.accounts.models import ExternalIdentity, SignInOutcome, User, UserKind
from motcua.accounts.services.sign_in import sign_in_attempt_record
from motcua.core.audit import audit_record
from motcua.core.personal_data import personal_id_hash


class CitizenAccountError(Exception):
    """A refused citizen-account action; `message` is shown to the citizen."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def citizen_new(**fields: str) -> User:
    """A new citizen account, without a password; the caller records its creation."""
    # The username is never typed by the citizen (they sign in with phone or email): it
    # is random so that it tells nothing about the person.
    citizen = User(username=f"cd-{secrets.token_hex(6)}", kind=UserKind.CITIZEN, **fields)
    citizen.set_unusable_password()
    citizen.save()
    return citizen


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
        taken = (
            User.objects.filter(personal_id_hash=personal_id_hash(personal_id))
            .exclude(pk=actor.pk)
            .exists()
        )
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


# --- single sign-on (OIDC) -------------------------------------------------------------


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
    if personal_id and not others.filter(personal_id_hash=personal_id_hash(personal_id)).exists():
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
        citizen = citizen_new()
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
