"""Single sign-on for citizens with the national identity provider (VNeID) over OpenID
Connect, through mozilla-django-oidc.

Configured by OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET only: the endpoints and
keys come from the issuer's discovery document, read on first use and kept for the life of
the process. A provider identity is linked to a citizen account by its (issuer, subject)
pair and nothing else, so an officer's account can never be reached through it.
"""

import logging
import threading
from typing import Any

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from motcua.accounts.models import User
from motcua.accounts.services.citizens import citizen_oidc_sign_in

logger = logging.getLogger("motcua.accounts")

# mozilla-django-oidc setting → key of the discovery document.
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}

_metadata: dict[str, dict[str, Any]] = {}
_metadata_lock = threading.Lock()


class ProviderUnavailable(Exception):
    """The identity provider's discovery document could not be read or is not its own."""


def oidc_enabled() -> bool:
    return bool(settings.OIDC_ISSUER and settings.OIDC_RP_CLIENT_ID)


def provider_metadata() -> dict[str, Any]:
    """The issuer's discovery document, fetched once per process and issuer."""
    issuer = settings.OIDC_ISSUER
    with _metadata_lock:
        if issuer not in _metadata:
            url = f"{issuer}/.well-known/openid-configuration"
            try:
                response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
                response.raise_for_status()
                metadata = response.json()
            except (requests.RequestException, ValueError) as error:
                raise ProviderUnavailable(url) from error
            # OpenID Connect Discovery 1.0 §4.3: the document must name the issuer asked.
            if not isinstance(metadata, dict) or metadata.get("issuer") != issuer:
                raise ProviderUnavailable(f"{url} names another issuer")
            _metadata[issuer] = metadata
        return _metadata[issuer]


def oidc_setting(attr: str, *default: Any) -> Any:
    """mozilla-django-oidc's settings lookup, with the endpoints from discovery."""
    if attr in DISCOVERED:
        return provider_metadata()[DISCOVERED[attr]]
    return import_from_settings(attr, *default)


def citizen_home() -> str:
    """Where a citizen lands after signing in without a `next`: the portal, once it has a
    home page, else their profile."""
    try:
        return reverse("portal:home")
    except NoReverseMatch:
        return reverse("accounts:citizen_profile")


class CitizenOIDCBackend(OIDCAuthenticationBackend):
    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Django builds every backend for every authenticate() call, password sign-ins
        # included: the provider's endpoints are looked up only when its callback arrives.
        self.UserModel = get_user_model()

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        # Only the callback view passes a nonce: a password form carrying ?code=&state=
        # in its address must not start a token exchange.
        if request is None or "nonce" not in kwargs or not oidc_enabled():
            return None
        self._id_claims: dict[str, Any] = {}
        try:
            super().__init__()
        except ProviderUnavailable:
            logger.warning("OIDC provider %s unavailable at callback", settings.OIDC_ISSUER)
            return None
        user: User | None = super().authenticate(request, **kwargs)
        return user

    def get_user(self, user_id: Any) -> User | None:
        # Django's check, not the library's: a deactivated account's sessions end too.
        user: User | None = ModelBackend.get_user(self, user_id)
        return user

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        if "nonce" in kwargs:  # the ID token (user info has no audience)
            audience = payload.get("aud")
            audiences = audience if isinstance(audience, list) else [audience]
            if payload.get("iss") != settings.OIDC_ISSUER:
                raise SuspiciousOperation("ID token from another issuer")
            if settings.OIDC_RP_CLIENT_ID not in audiences:
                raise SuspiciousOperation("ID token for another client")
            self._id_claims = payload
        return payload

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        # OpenID Connect Core §5.3.2: user info is about the ID token's subject.
        return bool(claims.get("sub")) and claims["sub"] == self._id_claims.get("sub")

    def get_or_create_user(self, access_token: str, id_token: str, payload: Any) -> User | None:
        user_info = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(user_info):
            raise SuspiciousOperation("User info about another subject")
        return citizen_oidc_sign_in(
            issuer=settings.OIDC_ISSUER,
            claims={**self._id_claims, **user_info},
            request=self.request,
        )


class CitizenOIDCStartView(OIDCAuthenticationRequestView):
    """ "Đăng nhập bằng VNeID": off to the provider with a fresh state and nonce."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The parent reads the endpoint here; we read it in get(), where a provider that
        # is down can be answered with a message instead of an error page.
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not oidc_enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = oidc_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except ProviderUnavailable:
            logger.warning("OIDC provider %s unavailable", settings.OIDC_ISSUER)
            messages.error(
                request,
                _("Chưa kết nối được hệ thống định danh, vui lòng thử lại sau."),
            )
            return redirect("accounts:citizen_start")
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        response: HttpResponse = super().get(request)
        return response


class CitizenOIDCCallbackView(OIDCAuthenticationCallbackView):
    """Back from the provider: a wrong or replayed state is refused (400) before anything
    is asked of the provider; a wrong nonce, issuer or audience likewise."""

    get_settings = staticmethod(oidc_setting)

    @property
    def failure_url(self) -> str:
        return reverse("accounts:citizen_start")

    @property
    def success_url(self) -> str:
        return self.request.session.get("oidc_login_next") or citizen_home()

    def get(self, request: HttpRequest) -> HttpResponse:
        if not oidc_enabled():
            raise Http404
        response: HttpResponse = super().get(request)
        return response

    def login_failure(self) -> HttpResponseRedirect:
        messages.error(
            self.request,
            _("Không đăng nhập được bằng tài khoản định danh, vui lòng thử lại."),
        )
        return HttpResponseRedirect(self.failure_url)
