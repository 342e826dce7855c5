"""Request helpers shared by the apps."""

from django.conf import settings
from django.http import HttpRequest

from motcua.core.forwarded import client_address


def client_ip(request: HttpRequest) -> str:
    """The address rate limits and sign-in logs count: REMOTE_ADDR, or behind
    TRUSTED_PROXIES reverse proxies the address the first of them saw."""
    return client_address(
        remote_addr=str(request.META.get("REMOTE_ADDR", "")),
        forwarded_for=str(request.META.get("HTTP_X_FORWARDED_FOR", "")),
        trusted_proxies=settings.TRUSTED_PROXIES,
    )
