"""motcua settings: one file, every knob an environment variable (see README)."""

import os
from pathlib import Path

import dj_database_url


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    return env(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env("MOTCUA_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY is required when DEBUG is off (set DEBUG=1 for development)")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = [h for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in env("CSRF_TRUSTED_ORIGINS").split(",") if o]
# The address citizens and gateways reach this site at: QR codes, links in SMS and e-mail,
# the payment gateway's return and IPN addresses.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    # The admin under motcua's name; OTP's and the tasks' headings in Vietnamese (config/apps.py).
    "config.apps.MotcuaAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "config.apps.OtpTotpConfig",
    "motcua.core",
    "motcua.units",
    "motcua.accounts",
    "motcua.workdays",
    "motcua.catalog",
    "motcua.dossiers",
    "motcua.hall",
    "motcua.notifications",
    "motcua.payments",
    "motcua.portal",
    "motcua.feedback",
    "motcua.indicators",
    "django_tasks",
    "config.apps.TasksDbConfig",
    # Its static files: the API docs (Swagger UI) load from the site, not from a CDN.
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # In place of LocaleMiddleware: the account's or the switch's language, never the
    # browser's.
    "motcua.accounts.language.LanguageMiddleware",
    # Every form and query string through the one text normalisation (core.text).
    "motcua.core.middleware.TextInputMiddleware",
    "motcua.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "motcua.core.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "motcua.core.context_processors.site",
            ],
        },
    },
]

if not env("DATABASE_URL"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # the embedded SQLite database lives here
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'motcua.sqlite3'}"),
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web process and a worker share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["motcua.accounts.backends.LockoutModelBackend"]
LOGIN_URL = "accounts:login"
# Officers land on their own page ("Việc của tôi"); citizens on the portal
# (accounts.oidc.citizen_home); the public home page is for anonymous visitors.
LOGIN_REDIRECT_URL = "dossiers:my_day"
LOGOUT_REDIRECT_URL = "core:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Officer sign-in lockout: this many failures within the window locks the account.
LOGIN_MAX_FAILURES = int(env("LOGIN_MAX_FAILURES", "5"))
LOGIN_LOCKOUT_MINUTES = int(env("LOGIN_LOCKOUT_MINUTES", "15"))
# `motcua catalog audit`: a fact of the catalogue last checked longer ago than this is
# reported for a new check against its source.
CATALOG_RECHECK_DAYS = int(env("CATALOG_RECHECK_DAYS", "365"))
# Officers must enrol a TOTP second factor before they can use anything else.
OFFICER_2FA_REQUIRED = env_bool("OFFICER_2FA_REQUIRED", False)

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Calendar rules are Vietnamese: the zone is fixed, not a knob. Storage is UTC.
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# One cache shared by every process (rate limits, the catalogue) when REDIS_URL is set;
# otherwise each process keeps its own.
if env("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("REDIS_URL"),
        }
    }

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = (
    "/media-not-served-directly/"  # uploads are served only through views with permission checks
)
FILE_UPLOAD_MAX_MEMORY_SIZE = int(env("UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = FILE_UPLOAD_MAX_MEMORY_SIZE
# The largest scanned document accepted (motcua.dossiers.uploads checks it).
UPLOAD_MAX_BYTES = FILE_UPLOAD_MAX_MEMORY_SIZE
# Rate limits per client address, shared by every process (core.ratelimit): public
# dossier tracking and kiosk tickets per minute, password sign-in tries per 10 minutes.
TRACKING_RATE_LIMIT = int(env("TRACKING_RATE_LIMIT", "10"))
KIOSK_RATE_LIMIT = int(env("KIOSK_RATE_LIMIT", "12"))
SIGN_IN_RATE_LIMIT = int(env("SIGN_IN_RATE_LIMIT", "20"))
# Reverse proxies in front (nginx: 1) whose X-Forwarded-For is believed; 0: REMOTE_ADDR only.
TRUSTED_PROXIES = int(env("TRUSTED_PROXIES", "0"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = int(env("SESSION_COOKIE_AGE", str(8 * 3600)))
# Officers' API bearer tokens last this many hours (a working day), unless revoked.
API_TOKEN_HOURS = int(env("API_TOKEN_HOURS", "12"))
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# With DEBUG off the site is HTTPS only: http is redirected (except the health check,
# for load balancers' probes) and browsers are told to stay on https for a year.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^api/v1/health$"]
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
# The site's own host name and the names under it (motcua.phuong.gov.vn, *.motcua...).
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
# Asking browsers to ship the name as https-only is the domain owner's decision, taken
# apart: off by default, and `check --deploy` does not ask for it (security.W021).
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = ["security.W021"]
# Behind a reverse proxy that ends TLS and says so in X-Forwarded-Proto (and strips that
# header from clients' requests): the request is https when the proxy says it is.
if env_bool("BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "motcua@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint logs each layout step of every PDF at INFO.
        "weasyprint.progress": {"level": "WARNING"},
    },
}

# The name shown in the header and on printed forms when no agency is in context.
SITE_NAME = env("SITE_NAME", "Một cửa điện tử")
# The name authenticator apps show next to an officer's TOTP code.
OTP_TOTP_ISSUER = SITE_NAME

# >>> tasks and notifications (motcua.notifications)
# Background work: the database queue of django-tasks-db, drained by `motcua db_worker`.
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# SMS provider: a dotted path to a class with `send(*, to, text)` (motcua.notifications.sms);
# the console backend only logs the message, the file backend writes one file per message.
SMS_BACKEND = env("SMS_BACKEND", "motcua.notifications.sms.ConsoleSmsBackend")
# Where the file SMS backend writes its messages (demo, tests).
SMS_FILE_PATH = Path(env("SMS_FILE_PATH", str(VAR_DIR / "sms")))
# A notification that failed this many times is given up ("dead") until an officer retries it.
NOTIFICATIONS_MAX_ATTEMPTS = int(env("NOTIFICATIONS_MAX_ATTEMPTS", "5"))
# Wait before the first retry; each further retry waits twice as long.
NOTIFICATIONS_RETRY_SECONDS = int(env("NOTIFICATIONS_RETRY_SECONDS", "60"))
# A delivery that has not reported back after this long is presumed lost (worker crash)
# and may be tried again by the sweep.
NOTIFICATIONS_SEND_TIMEOUT_SECONDS = int(env("NOTIFICATIONS_SEND_TIMEOUT_SECONDS", "300"))
# <<< tasks and notifications

# >>> citizen sign-in (motcua.accounts)
# One-time sign-in codes: lifetime, tries per code, and requests per hour per address / per IP.
CITIZEN_CODE_TTL_SECONDS = int(env("CITIZEN_CODE_TTL_SECONDS", "300"))
CITIZEN_CODE_MAX_ATTEMPTS = int(env("CITIZEN_CODE_MAX_ATTEMPTS", "5"))
CITIZEN_CODE_PER_ADDRESS_HOURLY = int(env("CITIZEN_CODE_PER_ADDRESS_HOURLY", "5"))
CITIZEN_CODE_PER_IP_HOURLY = int(env("CITIZEN_CODE_PER_IP_HOURLY", "30"))
# Days the sign-in log is kept (`motcua accounts purge`).
SIGN_IN_LOG_DAYS = int(env("SIGN_IN_LOG_DAYS", "365"))
# Single sign-on with the national identity provider (VNeID) over OpenID Connect; the
# button shows only when the issuer is set. Endpoints come from the issuer's discovery.
OIDC_ISSUER = env("OIDC_ISSUER").rstrip("/")
OIDC_RP_CLIENT_ID = env("OIDC_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env("OIDC_CLIENT_SECRET")
# The ID token's signature algorithm (the provider's keys are read from its JWKS).
OIDC_RP_SIGN_ALGO = env("OIDC_SIGN_ALGO", "RS256")
# Scopes asked for; the claims below must be released under them.
OIDC_RP_SCOPES = env("OIDC_SCOPES", "openid profile email phone")
# The claim carrying the 12-digit personal ID number (not standardised by OpenID Connect).
OIDC_PERSONAL_ID_CLAIM = env("OIDC_PERSONAL_ID_CLAIM", "personal_id")
# Seconds to wait for the provider (discovery, token, user info, keys).
OIDC_TIMEOUT = int(env("OIDC_TIMEOUT", "10"))
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
# PKCE on top of state and nonce: an intercepted code is useless without the verifier.
OIDC_USE_PKCE = True
AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "motcua.accounts.oidc.CitizenOIDCBackend"]
# <<< citizen sign-in

# >>> audit log (motcua.core.audit_seal)
# The key that seals the audit chains' heads and checkpoints, kept outside the database:
# AUDIT_KEY, or a file holding it; neither: derived from SECRET_KEY (then rotating
# SECRET_KEY makes old seals fail verify — set AUDIT_KEY to rotate them apart).
AUDIT_KEY = env("AUDIT_KEY")
AUDIT_KEY_FILE = env("AUDIT_KEY_FILE")
# Where `motcua audit checkpoint` appends; copy it off the machine (or point it at storage
# the database administrator cannot rewrite).
AUDIT_CHECKPOINT_FILE = Path(env("AUDIT_CHECKPOINT_FILE", str(VAR_DIR / "audit-checkpoints.jsonl")))
# <<< audit log

# >>> personal data (motcua.core.personal_data)
# The secret personal ID numbers are sealed with (AES-256-GCM) and hashed with for exact
# search, kept outside the database: PERSONAL_DATA_KEY, or a file holding it. Neither:
# derived from SECRET_KEY (`check --deploy` refuses that). Set it before the first
# migrate: data sealed with one key does not open with another (no rotation yet).
PERSONAL_DATA_KEY = env("PERSONAL_DATA_KEY")
PERSONAL_DATA_KEY_FILE = env("PERSONAL_DATA_KEY_FILE")
# <<< personal data

# >>> backups (motcua.core.backups)
# Where `motcua backup` writes its archives unless told --output; copy them off the machine.
BACKUP_DIR = Path(env("BACKUP_DIR", str(VAR_DIR / "backups")))
# <<< backups

# >>> payments (motcua.payments)
# VNPay as it issues a merchant: code, HMAC-SHA512 secret, pay page. Never defaulted: a fee
# marked paid must mean money received.
VNPAY_TMN_CODE = env("VNPAY_TMN_CODE")
VNPAY_HASH_SECRET = env("VNPAY_HASH_SECRET")
VNPAY_PAY_URL = env("VNPAY_PAY_URL")
# The VNPay-compatible sandbox built into motcua marks fees paid without money: only when
# asked for (`make run` asks), never beside a real gateway, and with DEBUG off only on a
# deployment declared a test one.
VNPAY_SANDBOX = env_bool("VNPAY_SANDBOX")
if VNPAY_SANDBOX and VNPAY_PAY_URL:
    raise RuntimeError("VNPAY_SANDBOX and VNPAY_PAY_URL exclude each other: choose one gateway")
if VNPAY_SANDBOX and not DEBUG and not env_bool("VNPAY_SANDBOX_TEST_DEPLOYMENT"):
    raise RuntimeError(
        "VNPAY_SANDBOX=1 marks fees paid with no money: with DEBUG off it also needs "
        "VNPAY_SANDBOX_TEST_DEPLOYMENT=1, on a test deployment only"
    )
if VNPAY_SANDBOX:
    VNPAY_TMN_CODE = VNPAY_TMN_CODE or "MOTCUA01"
    VNPAY_HASH_SECRET = VNPAY_HASH_SECRET or "motcua-sandbox-secret"
# The IPN address the sandbox calls (VNPay keeps it in the merchant profile); empty: SITE_URL.
VNPAY_IPN_URL = env("VNPAY_IPN_URL")
# Addresses VNPay's IPN may come from (comma-separated, as VNPay lists them to a merchant);
# empty: any address, the signature alone decides.
VNPAY_IPN_ALLOWED_IPS = [a.strip() for a in env("VNPAY_IPN_ALLOWED_IPS").split(",") if a.strip()]
# The centre's account for VietQR transfers: NAPAS bank BIN, account number, holder. The
# demo (DEBUG) shows an illustrative one; a deployment names its own or offers no VietQR.
VIETQR_BANK_BIN = env("VIETQR_BANK_BIN", "970415" if DEBUG else "")
VIETQR_ACCOUNT = env("VIETQR_ACCOUNT", "113000006100" if DEBUG else "")
VIETQR_ACCOUNT_NAME = env(
    "VIETQR_ACCOUNT_NAME", "TRUNG TAM PHUC VU HANH CHINH CONG" if DEBUG else ""
)
# Gateways a citizen may choose on the pay page, in that order (names in payments.gateways);
# by default those configured.
PAYMENT_GATEWAYS = [
    name
    for name in env("PAYMENT_GATEWAYS", "vnpay,vietqr").split(",")
    if (name == "vnpay" and (VNPAY_PAY_URL or VNPAY_SANDBOX))
    or (name == "vietqr" and VIETQR_ACCOUNT)
]
# <<< payments

# >>> portal (motcua.portal)
# Files one draft may hold in all (every checklist item together): a bound on disk use.
PORTAL_DRAFT_MAX_FILES = int(env("PORTAL_DRAFT_MAX_FILES", "30"))
# Bytes of files one citizen may keep in all their drafts together (200 MB).
CITIZEN_STORAGE_MAX_BYTES = int(env("CITIZEN_STORAGE_MAX_BYTES", str(200 * 1024 * 1024)))
# Drafts untouched this many days are deleted with their files by `motcua portal purge`.
PORTAL_DRAFT_DAYS = int(env("PORTAL_DRAFT_DAYS", "90"))
# Seconds between the dossier page's state refreshes (htmx polling); 0 turns it off.
PORTAL_POLL_SECONDS = int(env("PORTAL_POLL_SECONDS", "30"))
# Years a closed dossier is kept with its applicant's details; past them, erasing the
# citizen's data (`motcua personal_data erase`) anonymises those details too. 0 (the
# default): not set, every dossier is kept as it is.
DOSSIER_RETENTION_YEARS = int(env("DOSSIER_RETENTION_YEARS", "0"))
# Downloads of one's own data ("Tải dữ liệu của tôi") per citizen per hour.
PERSONAL_DATA_DOWNLOADS_PER_HOUR = int(env("PERSONAL_DATA_DOWNLOADS_PER_HOUR", "5"))
# <<< portal

# >>> feedback (motcua.feedback)
# Working days an agency has to answer a citizen's feedback (PAKN), counted from receipt.
FEEDBACK_RESPONSE_WORKING_DAYS = int(env("FEEDBACK_RESPONSE_WORKING_DAYS", "10"))
# <<< feedback

# >>> headers (motcua.core.csp)
# Every HTML page runs only the site's own scripts, styles and frames. Forms post to the
# site, whose address may also be SITE_URL, or to the payment gateway (the pay button's
# redirect to VNPay is a form's target too).
form_targets = " ".join(
    sorted({"/".join(url.split("/")[:3]) for url in (SITE_URL, VNPAY_PAY_URL) if "://" in url})
)
CONTENT_SECURITY_POLICY = env(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; "
    f"form-action 'self' {form_targets}",
).strip()
# <<< headers

# >>> indicators (motcua.indicators)
# Checks on the figures (percent): a growth on the same period above MAX_GROWTH or a
# fall beyond MAX_DECLINE is implausible; a given percentage further than TOLERANCE
# points from the one computed from the figures disagrees with them.
INDICATORS_MAX_GROWTH = env("INDICATORS_MAX_GROWTH", "100")
INDICATORS_MAX_DECLINE = env("INDICATORS_MAX_DECLINE", "50")
INDICATORS_PERCENT_TOLERANCE = env("INDICATORS_PERCENT_TOLERANCE", "0.5")
# The .docx report is written into this Word file (its styles, letterhead, margins); a
# ward may set its own. Empty: the one shipped in motcua/indicators/report.docx.
INDICATORS_REPORT_TEMPLATE = env("INDICATORS_REPORT_TEMPLATE")
# <<< indicators
