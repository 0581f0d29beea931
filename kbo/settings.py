"""KBO settings, read from the environment (see .env.example and the README).

Without any variable set, KBO runs on the embedded defaults: SQLite under var/ and a Celery
broker on the file system, so `make run` needs no server. DATABASE_URL and REDIS_URL switch to
PostgreSQL and Redis.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("KBO_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

# A key that only development may use; production must set its own.
DEV_SECRET_KEY = "kbo-development-only-not-secret"
SECRET_KEY = os.environ.get("SECRET_KEY") or DEV_SECRET_KEY
if not DEBUG and (SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 32):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 32 characters when DEBUG is off. "
        "On a development machine, run manage.py with DEBUG=1 (as `make run` does)."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
# Django's debug pages show settings and source to whoever triggers an error: DEBUG is for a developer's
# own machine, so it refuses to serve any host name but the machine's own.
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
if DEBUG and not set(ALLOWED_HOSTS) <= LOCAL_HOSTS:
    raise ImproperlyConfigured(
        "DEBUG is for a development machine: with DEBUG on, ALLOWED_HOSTS may only name "
        f"{', '.join(sorted(LOCAL_HOSTS))}, not {', '.join(sorted(set(ALLOWED_HOSTS) - LOCAL_HOSTS))}."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "kbo.accounts",
    "kbo.geography",
    "kbo.core",
    "networks",
    "products",
    "contests",
    "django_celery_beat",  # before the reminders, whose admin shows its schedules to national admins
    "contests.reminders",
    "kbo.core.admin.KboAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_filters",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "auditlog",
]

MIDDLEWARE = [
    "kbo.core.resilience.DatabaseRestartMiddleware",  # outermost: it may run the whole request again
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

# Benchmark mode (`make bench`): the floor pages under /bench/ (kbo/urls.py) and an `X-Queries`
# header counting each request's SQL queries, middleware included. Never on in production.
BENCHMARK = env_bool("BENCHMARK")
if BENCHMARK:
    security = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware")
    MIDDLEWARE.insert(security + 1, "kbo.core.floor.QueryCountMiddleware")

ROOT_URLCONF = "kbo.urls"
WSGI_APPLICATION = "kbo.wsgi.application"

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
                "kbo.core.context_processors.navigation",
            ],
            "builtins": ["kbo.core.templatetags.thai"],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if not DATABASE_URL:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{VAR_DIR / 'kbo.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        # A kept connection is checked before each request reuses it, so a database restart costs
        # one reconnect, not a server error.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the Celery worker write while the web process reads.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# A request that lost its database connection before committing anything waits this long for the
# database to come back and then runs again (kbo/core/resilience.py).
DATABASE_WAIT_SECONDS = float(os.environ.get("DATABASE_WAIT_SECONDS", "10"))

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# ---- Sign-in (kbo/accounts) ----------------------------------------------------------------------
# One sign-in page for the site and the admin (the admin's own login redirects to it).
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# django-axes first, so a locked-out username at an address is refused before any password is
# checked. KBO's backend is Django's, refusing the seeds' demo accounts on a production server.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "kbo.accounts.backends.KboBackend",
]
# Failures count per username and address together, so one member's typos lock out that member on
# that Wi-Fi, not the 26 other phones behind the same address. The lock lifts AXES_COOLOFF_MINUTES
# after the last failed try (a try during the lock starts the wait again, so the page's "wait N
# minutes" is always true); the page says so in place of the usual error (kbo/accounts/throttling.py).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "kbo.accounts.throttling.locked_out"
AXES_CLIENT_IP_CALLABLE = "kbo.accounts.throttling.client_ip"
AXES_VERBOSE = False  # no banner at every start; lockouts are still logged as warnings
# Behind N reverse proxies that each append the address they saw to X-Forwarded-For, set
# TRUSTED_PROXY_COUNT=N: the client's address is then the Nth entry from the right. 0: REMOTE_ADDR.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# A session lasts 12 hours from sign-in: a working day, long enough for a selection meeting. It is not
# extended on each request, which would write the session on every page.
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# A password-reset link works once, within two hours.
PASSWORD_RESET_TIMEOUT = 2 * 60 * 60
# Two-step sign-in (django-otp, TOTP): optional for whoever may use the admin; with
# ADMIN_REQUIRE_2FA on, the admin site lets nobody in without it.
OTP_TOTP_ISSUER = "KBO"
ADMIN_REQUIRE_2FA = env_bool("ADMIN_REQUIRE_2FA")
# ---- end of sign-in ------------------------------------------------------------------------------

# The audit trail (django-auditlog, kbo/core/audit.py) records who changed what, not from where:
# behind a proxy the forwarded address is the client's to write.
AUDITLOG_DISABLE_REMOTE_ADDR = True

LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Where `make backup` writes its archives (kbo/core/backup.py).
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", VAR_DIR / "backups"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Redis is optional: the web app never needs it to serve a page.
REDIS_URL = os.environ.get("REDIS_URL", "")
REDIS_TIMEOUT_SECONDS = float(os.environ.get("REDIS_TIMEOUT_SECONDS", "2"))

# Celery: Redis when REDIS_URL is set, otherwise a broker on the file system under var/.
CELERY_DIR = VAR_DIR / "celery"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_timeout": REDIS_TIMEOUT_SECONDS,
        "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
    }
    # Connecting to the broker and every call to the result store give up as soon as the broker's calls
    # do (Celery's own defaults: 4 s to connect, 120 s per result-store call, none to connect to it).
    CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_TIMEOUT_SECONDS
    CELERY_REDIS_SOCKET_TIMEOUT = CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_TIMEOUT_SECONDS
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_RESULT_BACKEND = f"file://{CELERY_DIR / 'results'}"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_DIR / "queue"),
        "data_folder_out": str(CELERY_DIR / "queue"),
        "control_folder": str(CELERY_DIR / "control"),
    }
# Beat keeps its schedule in the database (django-celery-beat), so admins see it in the admin.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
REMINDER_DISPATCH_SECONDS = float(os.environ.get("REMINDER_DISPATCH_SECONDS", "60"))
REMINDER_PLAN_SECONDS = float(os.environ.get("REMINDER_PLAN_SECONDS", "600"))
CELERY_BEAT_SCHEDULE = {
    "remove-abandoned-uploads": {"task": "products.remove_abandoned_uploads", "schedule": 24 * 60 * 60},
    "send-due-reminders": {"task": "reminders.dispatch", "schedule": REMINDER_DISPATCH_SECONDS},
    "plan-reminders": {"task": "reminders.plan", "schedule": REMINDER_PLAN_SECONDS},
}
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_EXPIRES = 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# E-mail: SMTP when EMAIL_HOST is set, otherwise printed to the console.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "KBO <kbo@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Reminders: a claimed reminder whose worker has not finished within REMINDER_CLAIM_TIMEOUT seconds
# is sent again by the next dispatch; after REMINDER_MAX_ATTEMPTS transient errors it has failed.
REMINDER_CLAIM_TIMEOUT = float(os.environ.get("REMINDER_CLAIM_TIMEOUT", "600"))
REMINDER_MAX_ATTEMPTS = int(os.environ.get("REMINDER_MAX_ATTEMPTS", "5"))
# LINE (Messaging API): off unless a channel access token is set.
LINE_CHANNEL_ACCESS_TOKEN = os.environ.get("LINE_CHANNEL_ACCESS_TOKEN", "")
LINE_API_URL = os.environ.get("LINE_API_URL", "https://api.line.me")
LINE_TIMEOUT_SECONDS = 10
# The address people open KBO at, for links in e-mails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Production hardening; behind a TLS-terminating proxy that sets X-Forwarded-Proto.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Content-Security-Policy (django-csp): pages load scripts, styles, fonts and images from KBO's own
# static and media files only; no inline script, no other site, no framing. `data:` images are the
# icons Bootstrap's style sheet carries inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint narrates every step of every PDF at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
