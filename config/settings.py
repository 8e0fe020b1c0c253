"""Settings for Jinwei: one module that reads typed values from the environment.

Defaults give a local install (SQLite, Celery in-process). Production sets DATABASE_URL (PostgreSQL),
CELERY_BROKER_URL (Redis), SECRET_KEY and ALLOWED_HOSTS; DEBUG is off unless set.
"""
from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# The test switch: set only by config/settings_test.py (pytest.ini) and the real-worker tests, never by
# merely importing pytest.
TESTING = env_bool("JINWEI_TESTING")
DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "jinwei-insecure-development-key-never-use-in-production-0123456789"
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if (DEBUG or TESTING) else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Is this the demo install? The login page then shows the demo logins (README lists them too).
DEMO_MODE = env_bool("JINWEI_DEMO", DEBUG)

# The organisation model the audit trail points at; core names no domain app (like AUTH_USER_MODEL).
JINWEI_ORGANIZATION_MODEL = "organizations.Organization"

# Our apps come first: their Chinese catalogues then take precedence over Django's own for the same
# words (Django's admin translates "Summary" or "History" differently).
INSTALLED_APPS = [
    "core",
    "organizations",
    "campaigns",
    "surveys",
    "ratings.classification",
    "ratings.stars",
    "members",
    "upgrades",
    "followup",
    "reports",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "csp",
]

# Behind a TLS proxy (README, production): the scheme and the client's address come from its headers.
BEHIND_PROXY = env_bool("BEHIND_PROXY")
# How many proxies append to X-Forwarded-For in front of gunicorn; the client is that many from the right.
PROXY_COUNT = env_int("PROXY_COUNT", 1)

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # An upload or download that meets a storage fault gets a Chinese page, never a bare 500.
    "core.middleware.StorageFaultMiddleware",
    # Axes must be last: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "core.context_processors.jinwei",
                "organizations.context_processors.roles",
            ],
        },
    },
]

# --- Database: SQLite by default (WAL, busy timeout), PostgreSQL when DATABASE_URL is set.
if os.environ.get("DATABASE_URL"):
    # Connections are kept for DB_CONN_MAX_AGE seconds and checked before each request reuses them, so a
    # database restart costs no request a 500 (CONN_HEALTH_CHECKS).
    DATABASES = {"default": dj_database_url.config(conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
                                                   conn_health_checks=True)}
    DATABASES["default"].setdefault("TEST", {})["NAME"] = os.environ.get("TEST_DATABASE_NAME") or None
    if not DATABASES["default"]["TEST"]["NAME"]:
        del DATABASES["default"]["TEST"]["NAME"]
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {
                # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock at the
                # start of a transaction so that two writers wait (busy timeout) instead of failing.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication, sessions, throttling.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "campaigns:dashboard"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The client's address, read from the proxy's header when BEHIND_PROXY is set (core/net.py).
AXES_CLIENT_IP_CALLABLE = "core.net.client_ip"
# Password spraying: failed log-ins from one address over all usernames within the cool-off.
AXES_IP_FAILURE_LIMIT = env_int("AXES_IP_FAILURE_LIMIT", 30)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

if TESTING:
    # Hashing with PBKDF2 costs ~0.3 s a user; tests create many users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# --- Security headers. Production (DEBUG off) gets HTTPS-only cookies and HSTS unless told otherwise.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
_https = env_bool("HTTPS", not (DEBUG or TESTING))
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _https)
# The health check answers on plain HTTP too, for a monitor on the machine itself.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if _https else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _https
SECURE_HSTS_PRELOAD = _https
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Browser features no page uses are switched off (Permissions-Policy header).
PERMISSIONS_POLICY = {feature: [] for feature in (
    "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
    "microphone", "midi", "payment", "usb", "xr-spatial-tracking")}

# Scripts and styles only from our own static files: no inline script, no inline style attribute
# (Bootstrap and htmx set styles through the DOM, which the policy allows; PDFs are not pages).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Language and time.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static and uploaded files.
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media-not-served/"  # files are only handed out by scope-checked views
STORAGES = {
    # Refuses to recreate a missing MEDIA_ROOT and turns disk faults into a message (core/storage.py).
    "default": {"BACKEND": "core.storage.CheckedFileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if (DEBUG or TESTING)
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Where WeasyPrint finds the shipped CJK font (a TrueType subset, see static/fonts/README.md).
PDF_FONT_DIR = BASE_DIR / "static" / "fonts"

# Uploads: Excel imports and evidence files.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
REPORT_RETENTION_DAYS = env_int("REPORT_RETENTION_DAYS", 30)
# A tabular PDF longer than this many rows is cut into chunks rendered by separate workers (reports/chunks.py).
REPORT_CHUNK_ROWS = env_int("REPORT_CHUNK_ROWS", 500)
# The Celery workers (processes) that render chunks: a document is cut into a multiple of this many parts
# of equal length, so no worker renders a short tail alone (reports.chunks.part_rows).
REPORT_CHUNK_WORKERS = env_int("REPORT_CHUNK_WORKERS", 2)
# An Excel import of more rows than this runs in the background with progress (core/imports.py): at about
# 2,000 rows/s the request then stays within a few seconds, far below gunicorn's 30 s.
IMPORT_BACKGROUND_ROWS = env_int("IMPORT_BACKGROUND_ROWS", 3000)
# Without a broker a background import runs in a thread of the web process (make run); tests run it eagerly.
IMPORT_THREADS = env_bool("IMPORT_THREADS", not TESTING)

# --- Celery: a real broker in production; without one, tasks run in-process (eagerly).
# One time limit, from which the rest follows (README, production: background work):
#   a task is killed after CELERY_TASK_TIME_LIMIT seconds. The web app puts this value into every message
#   it sends, so the web app's environment owns it (the worker's own value only applies to tasks sent
#   without one); web app and worker read the same environment file;
#   the broker hands an unacknowledged task to another worker after the visibility timeout (the time limit
#   plus five minutes), so a worker killed mid-task costs one visibility timeout, not Redis's default hour;
#   a run taken REPORT_MAX_ATTEMPTS times without finishing (a report that kills its worker) fails with a
#   reason; the sweep (celery beat every five minutes, and at worker start) fails what nothing will finish.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", CELERY_BROKER_URL or None)
# The queue tasks are sent to, by the web app and by workers (a report's chunks are sent by the worker that
# cut it): the same for all of them. Tests with a real worker give each test a queue of its own.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# Without a broker a report renders in a thread of the web process, so the request answers at once and the
# download centre shows its progress; tests keep it synchronous.
REPORT_THREADS = env_bool("REPORT_THREADS", CELERY_TASK_ALWAYS_EAGER and not TESTING)
CELERY_TASK_EAGER_PROPAGATES = TESTING
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 1800)
CELERY_TASK_SOFT_TIME_LIMIT = max(1, CELERY_TASK_TIME_LIMIT - 30)
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", CELERY_TASK_TIME_LIMIT + 300)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # Look for tasks of dead workers every ten seconds (kombu's default scans every 100 s).
    "unacked_restore_interval": 10,
    "unacked_restore_throttle": 1,
    # A broker that is away is noticed in seconds, not after kombu's default retries.
    "socket_connect_timeout": 3,
    "socket_timeout": 10,
    "max_retries": 1,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
REPORT_MAX_ATTEMPTS = env_int("REPORT_MAX_ATTEMPTS", 3)
CELERY_BEAT_SCHEDULE = {
    "sweep-report-runs": {"task": "reports.tasks.sweep_report_runs", "schedule": 300.0},
    "purge-report-runs": {"task": "reports.tasks.purge_report_runs", "schedule": 24 * 3600.0},
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
