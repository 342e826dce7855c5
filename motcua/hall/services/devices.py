"""Enrolled devices: the centre's manager enrols a kiosk, a display board or a rating
device (its enrolment link is shown once), issues it a new link, or revokes it.

Only the secret's hash is stored; the secret itself leaves in the returned `Enrolment`
and never enters the audit log."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.accounts.scoping import can_see_agency
from motcua.core.audit import audit_record
from motcua.hall.device_keys import secret_hash, secret_new
from motcua.hall.models import Counter, Device, DeviceKind, Hall
from motcua.hall.selectors import can_manage_devices
from motcua.hall.services.common import HallError, HallNotFound, act_moment

# A device's last_seen_at is written at most this often, not at each of its requests.
SEEN_EVERY = timedelta(minutes=1)
NAME_MAX = 100


@dataclass(frozen=True)
class Enrolment:
    """A device and the secret of its enrolment link (known only now)."""

    device: Device
    secret: str


def _check_manager(actor: User, hall: Hall) -> None:
    if not can_manage_devices(actor) or not can_see_agency(actor, hall.agency_id):
        raise HallNotFound(_("Không tìm thấy thiết bị."))


def _device_audit(actor: User, action: str, device: Device, **payload: object) -> None:
    audit_record(
        actor=actor,
        action=f"hall.device_{action}",
        target=device,
        agency=device.hall.agency,
        payload={"kind": device.kind, **payload},
    )


def device_enrol(
    *,
    actor: User,
    hall: Hall,
    kind: str,
    name: str,
    counter: Counter | None = None,
    at: datetime | None = None,
) -> Enrolment:
    """A new device of `hall`; a rating device rates the services of `counter`."""
    name = " ".join(name.split())
    _check_manager(actor, hall)
    if kind not in DeviceKind.values:
        raise HallError(_("Loại thiết bị không hợp lệ."))
    if not name or len(name) > NAME_MAX:
        raise HallError(_("Cần đặt tên thiết bị (tối đa %(n)d ký tự).") % {"n": NAME_MAX})
    if kind == DeviceKind.RATING:
        if counter is None or counter.hall_id != hall.pk:
            raise HallError(_("Thiết bị đánh giá cần chọn một quầy của sảnh."))
    else:
        counter = None
    with transaction.atomic():
        if Device.objects.filter(hall=hall, name=name, revoked_at__isnull=True).exists():
            raise HallError(_("Sảnh đã có thiết bị tên “%(name)s”.") % {"name": name})
        secret = secret_new()
        device = Device.objects.create(
            hall=hall,
            kind=kind,
            counter=counter,
            name=name,
            secret_hash=secret_hash(secret),
            created_by=actor,
            created_at=act_moment(at),
        )
        _device_audit(actor, "enrolled", device, counter=counter.number if counter else None)
    return Enrolment(device=device, secret=secret)


def _locked(actor: User, device: Device) -> Device:
    device = Device.objects.select_for_update().select_related("hall__agency").get(pk=device.pk)
    _check_manager(actor, device.hall)
    if device.revoked_at is not None:
        raise HallError(_("Thiết bị “%(name)s” đã bị thu hồi.") % {"name": device.name})
    return device


def device_relink(*, actor: User, device: Device) -> Enrolment:
    """A new enrolment link for the device; its old link and cookie stop working."""
    with transaction.atomic():
        device = _locked(actor, device)
        secret = secret_new()
        device.secret_hash = secret_hash(secret)
        device.save(update_fields=["secret_hash"])
        _device_audit(actor, "relinked", device)
    return Enrolment(device=device, secret=secret)


def device_revoke(*, actor: User, device: Device, at: datetime | None = None) -> Device:
    """The device is refused from its next request on."""
    with transaction.atomic():
        device = _locked(actor, device)
        device.revoked_at = act_moment(at)
        device.revoked_by = actor
        device.save(update_fields=["revoked_at", "revoked_by"])
        _device_audit(actor, "revoked", device)
    return device


def device_seen(*, device: Device, at: datetime | None = None) -> None:
    """Note that the device is in use: one UPDATE a minute at most, not audited (it
    changes nothing the device may do)."""
    now = act_moment(at)
    if device.last_seen_at is not None and now - device.last_seen_at < SEEN_EVERY:
        return
    Device.objects.filter(pk=device.pk).update(last_seen_at=now)
    device.last_seen_at = now
