"""Settings of the test identity provider. Everything it needs comes from the directory
named by OIDC_PROVIDER_DIR (written by server.py): the RSA key, the users file, the
SQLite database."""

import os
from pathlib import Path

DIR = Path(os.environ["OIDC_PROVIDER_DIR"])

SECRET_KEY = "test-identity-provider"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.staticfiles",
    "oauth2_provider",
    "tests.accounts.oidc_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "tests.accounts.oidc_provider.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
            ]
        },
    }
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": DIR / "provider.sqlite3"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
STATIC_URL = "/static/"
LOGIN_URL = "/login/"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Its own cookie names, so that nothing it sets can be mistaken for motcua's.
SESSION_COOKIE_NAME = "idp_session"
CSRF_COOKIE_NAME = "idp_csrftoken"

OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": (DIR / "key.pem").read_text(),
    "SCOPES": {
        "openid": "OpenID Connect",
        "profile": "Họ tên, số định danh",
        "email": "Thư điện tử",
        "phone": "Số điện thoại",
    },
    "OAUTH2_VALIDATOR_CLASS": "tests.accounts.oidc_provider.validators.ClaimsValidator",
    # pytest-django's live server answers on "localhost": a loopback like 127.0.0.1.
    "ALLOW_LOCALHOST_LOOPBACK": True,
}
