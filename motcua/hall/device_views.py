"""The hall's enrolled devices: the centre manager's page "Thiết bị của sảnh" (enrol,
issue a new link, revoke), and the enrolment link a device's browser opens once.

A hall outside the manager's scope, and its devices, do not exist (404); an officer
whose role does not manage devices gets a clear 403. The enrolment link is shown once,
on the response to the form that made it, never stored in clear."""

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.accounts.decorators import officer_required
from motcua.accounts.http import AuthenticatedHttpRequest
from motcua.hall.device_access import device_checked, device_home, enrol_cookie, enrolment_path
from motcua.hall.forms import DeviceForm
from motcua.hall.models import Device, Hall
from motcua.hall.selectors import can_manage_devices, device_halls, hall_devices
from motcua.hall.services.common import HallError
from motcua.hall.services.devices import (
    Enrolment,
    device_enrol,
    device_relink,
    device_revoke,
    device_seen,
)


def _require_manager(request: AuthenticatedHttpRequest) -> None:
    if not can_manage_devices(request.user):
        raise PermissionDenied(_("Chỉ quản lý trung tâm ghi danh và thu hồi thiết bị của sảnh."))


def _managed_hall(request: AuthenticatedHttpRequest, hall_id: int) -> Hall:
    _require_manager(request)
    return get_object_or_404(device_halls(user=request.user), pk=hall_id)


def _managed_device(request: AuthenticatedHttpRequest, device_id: int) -> Device:
    _require_manager(request)
    devices = Device.objects.select_related("hall__agency")
    return get_object_or_404(devices, pk=device_id, hall__in=device_halls(user=request.user))


def _link_page(request: HttpRequest, enrolment: Enrolment) -> HttpResponse:
    """The enrolment link and its QR code, this once."""
    device = enrolment.device
    url = request.build_absolute_uri(enrolment_path(device, enrolment.secret))
    context = {
        "device": device,
        "hall": device.hall,
        "url": url,
        "qr_svg": segno.make(url, error="m").svg_inline(scale=4),
    }
    response = render(request, "hall/device_link.html", context)
    response["Cache-Control"] = "no-store"
    return response


@officer_required
@require_http_methods(["GET", "POST"])
def devices(request: AuthenticatedHttpRequest, hall_id: int) -> HttpResponse:
    hall = _managed_hall(request, hall_id)
    form = DeviceForm(request.POST or None, hall=hall)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = device_enrol(actor=request.user, hall=hall, **form.cleaned_data)
        except HallError as error:
            form.add_error(None, error.message)
        else:
            return _link_page(request, enrolment)
    context = {"hall": hall, "devices": hall_devices(hall=hall), "form": form}
    return render(request, "hall/devices.html", context, status=400 if form.errors else 200)


@officer_required
@require_POST
def device_act(request: AuthenticatedHttpRequest, device_id: int, action: str) -> HttpResponse:
    if action not in ("relink", "revoke"):
        raise Http404
    device = _managed_device(request, device_id)
    try:
        if action == "relink":
            return _link_page(request, device_relink(actor=request.user, device=device))
        device_revoke(actor=request.user, device=device)
    except HallError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Đã thu hồi thiết bị “%(name)s”: từ yêu cầu tiếp theo, thiết bị bị từ chối.")
            % {"name": device.name},
        )
    return redirect("hall:devices", hall_id=device.hall_id)


@require_GET
def enrol_link(request: HttpRequest, device_id: int, secret: str) -> HttpResponse:
    """Opened on the device: it keeps its credential in a cookie and shows its page."""
    device = device_checked(device_id, None, secret)
    if device is None:
        response = render(request, "hall/device_link_invalid.html", status=403)
    else:
        device_seen(device=device)
        response = redirect(device_home(device))
        enrol_cookie(response, device, secret)
    response["Cache-Control"] = "no-store"
    return response
