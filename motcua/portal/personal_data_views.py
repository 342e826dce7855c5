"""The citizen's "Tải dữ liệu của tôi": everything held about them, as a ZIP."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.decorators import citizen_required
from motcua.accounts.http import AuthenticatedHttpRequest
from motcua.core.ratelimit import rate_allowed
from motcua.core.tz import VN_TZ
from motcua.portal.personal_data_services import personal_data_export


@citizen_required
@require_POST
def my_data(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    user = request.user
    # Gathering every file is heavy: a few downloads an hour is what a person needs.
    if not rate_allowed(
        scope="personal-data",
        who=str(user.pk),
        limit=settings.PERSONAL_DATA_DOWNLOADS_PER_HOUR,
        per_seconds=3600,
    ):
        messages.error(request, _("Bạn vừa tải dữ liệu nhiều lần. Vui lòng thử lại sau một giờ."))
        return redirect("accounts:citizen_profile")
    archive = personal_data_export(actor=user, citizen=user)
    day = timezone.localdate(timezone.now(), VN_TZ)
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="du-lieu-ca-nhan-{day:%Y%m%d}.zip"'
    response["Cache-Control"] = "no-store"
    return response
