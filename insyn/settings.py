"""Settings for insyn, read from environment variables.

Development (DEBUG=1) works with no configuration at all: SQLite in ./var, e-mail to the
console. In production every secret must come from the environment; see docs and README.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
# The test suite (pytest) runs with TESTING on: a fixed development key, tasks run at once.
TESTING = env_bool("INSYN_TESTING") or "pytest" in sys.modules

DATA_DIR = Path(os.environ.get("INSYN_DATA_DIR", PROJECT_DIR / "var"))

DEVELOPMENT_SECRET_KEY = "insyn-development-only-not-secret"  # noqa: S105  # nosec B105
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        # Only ever used on a developer's machine or in the test suite.
        SECRET_KEY = DEVELOPMENT_SECRET_KEY
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (see README, 'Production')."
        )
elif SECRET_KEY == DEVELOPMENT_SECRET_KEY and not (DEBUG or TESTING):
    raise ImproperlyConfigured("SECRET_KEY is the development key; set a long random one.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG or TESTING else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# A reason given for a change (a correction, a review of a tender's secrecy) is kept whole
# in the history, however long: django-simple-history's default is 100 characters, which
# PostgreSQL enforces (and SQLite does not).
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

INSTALLED_APPS = [
    # Django's admin, with insyn's login page and a 403 for signed-in users without access.
    "insyn.core.admin_apps.InsynAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "simple_history",
    "axes",
    "mozilla_django_oidc",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    # The API docs page (Swagger UI) from the package's own static files: no CDN and no
    # inline script, so it works under the Content-Security-Policy.
    "ninja",
    # Cache checks of the rate limiter (its middleware is below).
    "django_ratelimit",
    "insyn.core",
    "insyn.registry",
    "insyn.procurement",
    "insyn.challenges",
    "insyn.contracts",
    "insyn.followup",
    "insyn.portal",
    "insyn.api",
    "insyn.notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (django-csp) and Permissions-Policy on every response.
    "csp.middleware.CSPMiddleware",
    "insyn.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A page with a form's errors (422) is titled "Fel: …".
    "insyn.core.middleware.ErrorTitleMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before CSRF, which reads the body to find its token.
    "insyn.core.middleware.RequestSizeLimitMiddleware",
    # A NUL character anywhere, or an id beyond 64 bits in the path: 400 / 404.
    "insyn.core.middleware.HostileInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Turns a request over a rate limit into the 429 page (RATELIMIT_VIEW).
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its own response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "insyn.urls"
WSGI_APPLICATION = "insyn.wsgi.application"

TEMPLATES = [
    {
        # The site's own pages: Jinja2 (see docs/adr/0001-stack.md for why).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "insyn.jinja2.environment",
            "context_processors": [
                "insyn.core.context_processors.site",
                "insyn.challenges.context_processors.challenge_staff",
            ],
        },
    },
    {
        # The admin keeps its built-in templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'insyn.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The zero-setup default: the database lives in the data folder, created on first use.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # IMMEDIATE transactions take the write lock at BEGIN, so two registrations never
    # deadlock on a lock upgrade; they queue for up to `timeout` seconds instead.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A file, not memory, so that tests with parallel connections share one database.
    # Named per process so that two test runs on one machine never share it.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / f"test-{os.getpid()}.sqlite3")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DATABASE_PREPARED_STATEMENTS", True
):
    # Server-side binding with prepared statements: PostgreSQL plans the hot postlista
    # query once per connection instead of per request (docs/performance.md). Switch off
    # with DATABASE_PREPARED_STATEMENTS=0 behind PgBouncer in transaction mode < 1.21.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("server_side_binding", True)
    DATABASES["default"]["OPTIONS"].setdefault("prepare_threshold", 5)
if os.environ.get("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"

AUTHENTICATION_BACKENDS = [
    # AxesStandaloneBackend must come first: it refuses a locked-out login before any
    # password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "registry:case_list"
LOGOUT_REDIRECT_URL = "portal:home"

# Lockout after repeated failed logins (django-axes): per user name and address, so that
# guessing one account's password is stopped and everyone else at the address signs in.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# The client's address, also for the rate limits: PROXY_COUNT reverse proxies in front
# (each appending to X-Forwarded-For); 0 means REMOTE_ADDR (see insyn.core.http.client_ip).
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "insyn.core.http.client_ip"

# Single sign-on with OpenID Connect (Entra ID, Keycloak, ...), on when a client id is set.
OIDC_ENABLED = bool(os.environ.get("OIDC_RP_CLIENT_ID"))
if OIDC_ENABLED:
    OIDC_RP_CLIENT_ID = os.environ["OIDC_RP_CLIENT_ID"]
    OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
    OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ["OIDC_OP_AUTHORIZATION_ENDPOINT"]
    OIDC_OP_TOKEN_ENDPOINT = os.environ["OIDC_OP_TOKEN_ENDPOINT"]
    OIDC_OP_USER_ENDPOINT = os.environ["OIDC_OP_USER_ENDPOINT"]
    OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
    OIDC_OP_LOGOUT_ENDPOINT = os.environ.get("OIDC_OP_LOGOUT_ENDPOINT", "")
    # Only people the administrator has already created may sign in; roles come from insyn.
    OIDC_CREATE_USER = env_bool("OIDC_CREATE_USER", False)
    AUTHENTICATION_BACKENDS.append("insyn.core.oidc.InsynOIDCBackend")

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Project-wide assets (the site stylesheet); each app may add its own static/ folder.
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "files"))
STORAGES = {
    # Registered files are never served from a public URL: views check access first.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads: one file may be at most INSYN_MAX_UPLOAD_MB; a whole request a little more.
MAX_UPLOAD_BYTES = int(float(os.environ.get("INSYN_MAX_UPLOAD_MB", "25")) * 1024 * 1024)
MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES * 4 + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Files anyone may send through the public forms (a challenge, the challenger's status
# page), which are registered and kept for good: per submission, and per client address
# and day (the latter with the rate limits, RATELIMIT_ENABLE). insyn.core.uploads.
INSYN_PUBLIC_UPLOAD_MAX_FILES = int(os.environ.get("INSYN_PUBLIC_UPLOAD_MAX_FILES", "10"))
INSYN_PUBLIC_UPLOAD_MAX_MB = int(os.environ.get("INSYN_PUBLIC_UPLOAD_MAX_MB", "50"))
INSYN_PUBLIC_UPLOAD_DAILY_FILES = int(os.environ.get("INSYN_PUBLIC_UPLOAD_DAILY_FILES", "30"))
INSYN_PUBLIC_UPLOAD_DAILY_MB = int(os.environ.get("INSYN_PUBLIC_UPLOAD_DAILY_MB", "150"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# E-mail through Django's backends; console in development.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "insyn <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where access requests and other registry mail go when no registrator has an address.
REGISTRY_EMAIL = os.environ.get("REGISTRY_EMAIL", "")

# Background work: django-tasks with its database backend; runs after commit.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend",
        ),
        "QUEUES": ["default"],
    }
}

# --- Security (docs/security.md) ------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 10
# No script of ours reads the CSRF cookie: forms carry the token.
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"  # search words in a URL never leave the site
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS: list[str] = []
if not DEBUG and not TESTING:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    LANGUAGE_COOKIE_HTTPONLY = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # The preload token only matters if the domain's owner submits it to the browsers'
    # list; SECURE_HSTS_PRELOAD=0 leaves it out (and silences Django's reminder).
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS.append("security.W021")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp). The site has no script of its own; the admin and
# the API docs (Swagger UI, served from the ninja package's static files) load theirs
# from this origin. No inline script or style anywhere, no plugins, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        # Swagger UI and the admin draw a few icons from data: URLs.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}
# Browser features the site never uses (insyn.core.middleware.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)

# The cache: where the rate limits count. It must be shared by all server processes.
# Redis when REDIS_URL is set (Django's own backend; the `redis` client is a dependency);
# otherwise the database in production (a table made by `insyn migrate`) and memory in
# development and tests.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "insyn",
        }
    }
    # django-ratelimit lists only third-party Redis backends as supported; Django's own
    # increments with Redis INCR, which is atomic.
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.W001")
elif DEBUG or TESTING:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "insyn",
        }
    }
    # Memory is per process: fine for one development server and for tests.
    SILENCED_SYSTEM_CHECKS += ["django_ratelimit.E003", "django_ratelimit.W001"]
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "insyn_cache",
        }
    }
    # Shared by every process, but its increment is read-then-write: under concurrent
    # requests from one address a few more may get through than the limit. Use Redis
    # (REDIS_URL) where that matters.
    SILENCED_SYSTEM_CHECKS += ["django_ratelimit.E003", "django_ratelimit.W001"]

# Rate limits (django-ratelimit, insyn.core.ratelimits): "count/period" per client
# address, period in s, m, h or d with an optional multiplier ("10/10m").
INSYN_RATE_LIMITS = {
    # Posts of the public access-request form, valid or not.
    "access_request": os.environ.get("INSYN_RATELIMIT_ACCESS_REQUEST", "10/10m"),
    # Posts of the public challenge form and of the challenger's status page.
    "challenge": os.environ.get("INSYN_RATELIMIT_CHALLENGE", "10/10m"),
}
# Off in the test suite (tests/test_security_ratelimit.py switches it on); on elsewhere.
RATELIMIT_ENABLE = env_bool("INSYN_RATELIMIT_ENABLED", not TESTING)
RATELIMIT_VIEW = "insyn.core.views.ratelimited"
RATELIMIT_IP_META_KEY = "insyn.core.http.client_ip"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint logs every stage of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Name of the organisation shown in page headers before one is configured.
INSYN_SITE_NAME = os.environ.get("INSYN_SITE_NAME", "")
# The series in which access requests are registered (a case per request).
INSYN_ACCESS_REQUEST_SERIES = os.environ.get("INSYN_ACCESS_REQUEST_SERIES", "KS")
# A request to see documents is to be answered promptly (TF 2 kap. 15–16 §§): within this
# many working days after the day it came in, as the kommun's own routine says.
INSYN_ACCESS_REQUEST_DUE_DAYS = int(os.environ.get("INSYN_ACCESS_REQUEST_DUE_DAYS", "1"))
# The kommun's avgiftstaxa for paper copies: pages 1–9 are free, page 10 costs
# INSYN_COPY_FEE_FIRST kr (for pages 1–10 together), each page after INSYN_COPY_FEE_PER_PAGE.
INSYN_COPY_FEE_FIRST = int(os.environ.get("INSYN_COPY_FEE_FIRST", "50"))
INSYN_COPY_FEE_PER_PAGE = int(os.environ.get("INSYN_COPY_FEE_PER_PAGE", "2"))
# The series challenges are registered in when the process definition names no board.
INSYN_CHALLENGE_SERIES = os.environ.get("INSYN_CHALLENGE_SERIES", "KS")
# The address of the site as people reach it, for links in e-mail (no trailing slash).
INSYN_BASE_URL = os.environ.get("INSYN_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# How many days a secret link is valid from when it is issued (insyn.core.links): the
# provider's page for its view of a follow-up, and a person's calendar feed.
INSYN_SECRET_LINK_DAYS = {
    "partner_view": int(os.environ.get("INSYN_PARTNER_LINK_DAYS", "60")),
    "calendar_feed": int(os.environ.get("INSYN_CALENDAR_FEED_DAYS", "365")),
    # Long enough to see the decision and the appeal through the kammarrätt.
    "access_request": int(os.environ.get("INSYN_ACCESS_REQUEST_LINK_DAYS", "730")),
}
CSRF_FAILURE_VIEW = "insyn.core.views.csrf_failure"
