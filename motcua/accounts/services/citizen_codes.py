"""Citizens' one-time codes, sent by SMS or e-mail: signing in with one (the account is
made on first use) and proving a new phone or e-mail address, rate-limited per address
and per IP."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts import otp
from motcua.accounts.contacts import Contact
from motcua.accounts.models import CodePurpose, OneTimeCode, SignInOutcome, User
from motcua.accounts.selectors import citizen_by_contact
from motcua.accounts.services.citizens import CitizenAccountError, citizen_new
from motcua.accounts.services.sign_in import request_ip, sign_in_attempt_record
from motcua.core.audit import audit_record
from motcua.core.locks import transaction_lock
from motcua.notifications.services import notification_enqueue


def code_refused_message() -> str:
    # One message for a wrong, expired, used-up or never-sent code.
    return _("Mã không đúng hoặc đã hết hạn. Vui lòng kiểm tra lại hoặc yêu cầu mã mới.")


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
    ip_address = request_ip(request)
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
                citizen = citizen_new(**{contact.account_field: contact.address})
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
