"""Request helpers shared by the apps."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from motcua.core.forwarded import client_address


def client_ip(request: HttpRequest) -> str:
    """The address rate limits and sign-in logs count: REMOTE_ADDR, or behind
    TRUSTED_PROXIES reverse proxies the address the first of them saw."""
    return client_address(
        remote_addr=str(request.META.get("REMOTE_ADDR", "")),
        forwarded_for=str(request.META.get("HTTP_X_FORWARDED_FOR", "")),
        trusted_proxies=settings.TRUSTED_PROXIES,
    )


def safe_next(request: HttpRequest, default: str) -> str:
    """Where to go after signing in: the `next` the form or link carries when it stays on
    this site, else `default` (never an open redirect)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else default
