from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    """The header shows the signed-in officer's agency, or the site name."""
    user = getattr(request, "user", None)
    agency = getattr(user, "agency", None) if user and user.is_authenticated else None
    return {"brand_name": settings.SITE_NAME, "current_agency": agency}
