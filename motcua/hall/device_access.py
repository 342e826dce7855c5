"""The hall's devices at the door: a kiosk, a display board or a rating device works only
in a browser enrolled by the centre's manager.

Opening the enrolment link (`/hall/device/<id>/<secret>/`) leaves a long-lived signed,
HttpOnly cookie holding the device's id and secret, one cookie per kind of device, so one
browser may be a kiosk and a board at once. Each request of a device's pages checks it
against the stored hash; a revoked device, a device of another hall or counter, or a
browser without the cookie gets a 403 page that says whom to ask."""

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from motcua.accounts.http import is_signed_in
from motcua.accounts.scoping import can_see_agency
from motcua.hall import selectors
from motcua.hall.device_keys import credential, credential_parse, secret_matches
from motcua.hall.models import Counter, Device, DeviceKind, Hall
from motcua.hall.services.devices import device_seen

COOKIE_PREFIX = "motcua_device_"
COOKIE_SALT = "motcua.hall.device"
# Browsers keep a cookie at most 400 days: a kiosk is enrolled again after that.
COOKIE_MAX_AGE = 400 * 24 * 3600


def cookie_name(kind: str) -> str:
    return f"{COOKIE_PREFIX}{kind}"


def cookie_value(device: Device, secret: str) -> str:
    """The signed cookie value, as `set_signed_cookie` writes it (the benchmark's
    boards send it by hand)."""
    signer = signing.get_cookie_signer(salt=cookie_name(device.kind) + COOKIE_SALT)
    return signer.sign(credential(device.pk, secret))


def enrolment_path(device: Device, secret: str) -> str:
    return reverse("hall:device_enrol", args=[device.pk, secret])


def device_home(device: Device) -> str:
    """The page the device shows."""
    if device.kind == DeviceKind.RATING:
        return reverse("hall:rating", args=[device.counter_id])
    name = "hall:kiosk" if device.kind == DeviceKind.KIOSK else "hall:board"
    return reverse(name, args=[device.hall_id])


def device_checked(device_id: int, kind: str | None, secret: str) -> Device | None:
    """The device in service (of `kind`, when given) whose secret this is; None
    otherwise."""
    device = selectors.device_active(device_id=device_id, kind=kind)
    if device is None or not secret_matches(secret, device.secret_hash):
        return None
    return device


def enrol_cookie(response: HttpResponse, device: Device, secret: str) -> None:
    response.set_signed_cookie(
        cookie_name(device.kind),
        credential(device.pk, secret),
        salt=COOKIE_SALT,
        max_age=COOKIE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def enrolled_device(
    request: HttpRequest, *, kind: str, hall: Hall, counter: Counter | None = None
) -> Device | None:
    """The enrolled device of `kind` this browser is, if it stands in `hall` (at
    `counter`, for a rating device); None otherwise."""
    raw = request.get_signed_cookie(cookie_name(kind), default=None, salt=COOKIE_SALT)
    parsed = credential_parse(raw) if raw else None
    if parsed is None:
        return None
    device = device_checked(parsed[0], kind, parsed[1])
    if device is None or device.hall_id != hall.pk:
        return None
    if counter is not None and device.counter_id != counter.pk:
        return None
    device_seen(device=device)
    return device


def officer_of(request: HttpRequest, hall: Hall) -> bool:
    """A signed-in officer of the hall's agency (who may watch its board)."""
    return (
        is_signed_in(request)
        and request.user.is_officer
        and can_see_agency(request.user, hall.agency_id)
    )


def device_refused(request: HttpRequest, *, kind: str, hall: Hall) -> HttpResponse:
    """403: this browser is not an enrolled device of that kind for this hall."""
    context = {"hall": hall, "kind": DeviceKind(kind).label}
    return render(request, "hall/device_required.html", context, status=403)
