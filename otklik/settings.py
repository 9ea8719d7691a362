"""Django settings for Otklik. Every value comes from the environment (see .env.example)."""

from __future__ import annotations

import ipaddress
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF

from otklik.cities.config import load_city_config
from otklik.env import (
    ConfigurationError,
    data_dir,
    env_bool,
    env_int,
    env_list,
    env_str,
    secret_key,
)

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()

DATABASE_URL = env_str("OTKLIK_DATABASE_URL", f"sqlite:///{DATA_DIR / 'otklik.sqlite3'}")
SERVER_DATABASE = not DATABASE_URL.startswith("sqlite")

DEBUG = env_bool("OTKLIK_DEBUG", False)
SECRET_KEY = secret_key(required=SERVER_DATABASE)
ALLOWED_HOSTS = env_list("OTKLIK_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("OTKLIK_CSRF_TRUSTED_ORIGINS", [])
# The web server (`otklik serve`, gunicorn).
WEB_HOST = env_str("OTKLIK_HOST", "127.0.0.1")
WEB_PORT = env_int("OTKLIK_PORT", 8000)
WEB_WORKERS = env_int("OTKLIK_WEB_WORKERS", 2)
WEB_THREADS = env_int("OTKLIK_WEB_THREADS", 4)
WEB_ACCESS_LOG = env_bool("OTKLIK_ACCESS_LOG", False)
SITE_URL = env_str("OTKLIK_SITE_URL", f"http://127.0.0.1:{WEB_PORT}")

CITY = load_city_config(env_str("OTKLIK_CITY", "seversk"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "otklik.accounts.apps.SignInThrottleConfig",  # django-axes: sign-in throttling, below
    "otklik.accounts",
    "otklik.cities",
    "otklik.sources",
    "otklik.inbox",
    "otklik.incidents",
    "otklik.notify",
    "otklik.answers",
    "otklik.suggestions",
    "otklik.plan",
    "otklik.meetings",
    "otklik.polls",
    "otklik.analytics",
    "otklik.privacy",  # retention of residents' personal data, the export audit
    "otklik.api",
    "otklik.desk",
    "otklik.public",
    "otklik.demo",
    "otklik.ops",
]

MIDDLEWARE = [
    "otklik.ops.latency.LatencyMiddleware",  # request latencies for /metrics (per process), first
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # Content-Security-Policy on every response, below
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lock-out into the sign-in page
]

ROOT_URLCONF = "otklik.urls"
WSGI_APPLICATION = "otklik.wsgi.application"

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
                "otklik.accounts.context_processors.otklik",
                "otklik.answers.context_processors.approval_queue",
            ],
        },
    },
]

DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if not SERVER_DATABASE:
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        # WAL: the web server reads while a worker writes.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: a locked pair is refused before hashing
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
TIME_ZONE = CITY.time_zone
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache"),
    }
}

# Proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated): the
# client's address keys the form's rate limit and sign-in throttling (otklik.accounts.addresses).
TRUSTED_PROXIES = env_list("OTKLIK_TRUSTED_PROXIES", [])
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as exc:
        raise ConfigurationError(
            f"OTKLIK_TRUSTED_PROXIES: not an address or network: {_proxy!r}"
        ) from exc

# Sign-in throttling (django-axes): after this many wrong passwords for one user name from one
# address, that pair is refused for the cool-off; other users and addresses are not affected.
LOGIN_FAILURES = env_int("OTKLIK_LOGIN_FAILURES", 5)
LOGIN_COOLOFF_MINUTES = env_int("OTKLIK_LOGIN_COOLOFF_MINUTES", 15)
AXES_FAILURE_LIMIT = LOGIN_FAILURES
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "otklik.accounts.addresses.login_address"
AXES_LOCKOUT_CALLABLE = "otklik.accounts.signin.locked_out"
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False  # the audit lines are otklik.audit's, in Russian

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("OTKLIK_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Behind HTTPS (OTKLIK_SECURE_COOKIES=1): browsers keep to HTTPS for a year (HSTS), and the
# proxy's X-Forwarded-Proto says a request came over TLS (the README's nginx sets it).
SECURE_HSTS_SECONDS = env_int("OTKLIK_HSTS_SECONDS", 31_536_000) if SESSION_COOKIE_SECURE else 0
if SESSION_COOKIE_SECURE:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Content-Security-Policy (django-csp): the pages have no inline script or style, so everything
# comes from this site only; no frames, no plugins, forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
# The map (/analytics/map/) draws on a blank background; a tile server's URL template
# (https://…/{z}/{x}/{y}.png) puts its tiles under the territories, and its origin is allowed
# for images.
MAP_TILES_URL = env_str("OTKLIK_MAP_TILES_URL", "")
if MAP_TILES_URL:
    _tiles = urlsplit(MAP_TILES_URL)
    if _tiles.scheme not in {"http", "https"} or not _tiles.netloc or "{z}" not in MAP_TILES_URL:
        raise ConfigurationError(
            f"OTKLIK_MAP_TILES_URL must be http(s)://…/{{z}}/{{x}}/{{y}}…, got {MAP_TILES_URL!r}"
        )
    _host = _tiles.netloc.replace("{s}", "*")  # Leaflet's subdomains: a.tile…, b.tile…
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(f"{_tiles.scheme}://{_host}")

DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("OTKLIK_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE

# Intake limits: every text comes from the internet.
MAX_MESSAGE_CHARS = env_int("OTKLIK_MAX_MESSAGE_CHARS", 20_000)
# Retraining: a decision counts half as much every this many days (0: all count the same).
TRIAGE_HALF_LIFE_DAYS = env_int("OTKLIK_TRIAGE_HALF_LIFE_DAYS", 365)
MAX_PAYLOAD_BYTES = env_int("OTKLIK_MAX_PAYLOAD_BYTES", 1_000_000)
# A worker's claim on an inbound payload lasts this long unless renewed while it works: the
# payloads of a worker killed mid-batch are taken over by another within about this time.
CLAIM_LEASE_SECONDS = env_int("OTKLIK_CLAIM_LEASE_SECONDS", 30)
# Outgoing webhooks to this server, the internal network or plain http (off: https to the
# internet only).
WEBHOOKS_ALLOW_PRIVATE = env_bool("OTKLIK_WEBHOOKS_ALLOW_PRIVATE", False)
API_RATE_PER_MINUTE = env_int("OTKLIK_API_RATE_PER_MINUTE", 600)  # REST requests per token
FORM_RATE_LIMIT_PER_HOUR = env_int("OTKLIK_FORM_RATE_LIMIT", 10)
FORM_MAX_PHOTO_BYTES = env_int("OTKLIK_FORM_MAX_PHOTO_BYTES", 5 * 1024 * 1024)

# Residents' personal data (152-ФЗ, otklik.privacy): depersonalised this many days after an
# incident's closure (a message with no incident: after it was written); 0 keeps it for ever.
PD_RETENTION_DAYS = env_int("OTKLIK_PD_RETENTION_DAYS", 1095)
if PD_RETENTION_DAYS < 0:
    raise ConfigurationError(f"OTKLIK_PD_RETENTION_DAYS must be 0 or more, got {PD_RETENTION_DAYS}")

# /metrics (Prometheus text format, otklik.ops.metrics): only from these addresses or networks,
# or with `Authorization: Bearer <OTKLIK_METRICS_TOKEN>`.
METRICS_ALLOW = env_list("OTKLIK_METRICS_ALLOW", ["127.0.0.1/32", "::1/128"])
METRICS_NETWORKS = []
for _network in METRICS_ALLOW:
    try:
        METRICS_NETWORKS.append(ipaddress.ip_network(_network, strict=False))
    except ValueError as exc:
        raise ConfigurationError(
            f"OTKLIK_METRICS_ALLOW: not an address or network: {_network!r}"
        ) from exc
METRICS_TOKEN = env_str("OTKLIK_METRICS_TOKEN", "")

# Deadline warnings and escalation (otklik.notify.sla), in calendar hours.
DEADLINE_WARNING_HOURS = env_int("OTKLIK_DEADLINE_WARNING_HOURS", 2)
ESCALATION_HOURS = env_int("OTKLIK_ESCALATION_HOURS", 4)
# The resident's side (otklik.answers.actions.resident): the «решена ли проблема?» question goes
# out this many minutes after the final answer is published.
CONFIRM_DELAY_MINUTES = env_int("OTKLIK_CONFIRM_DELAY_MINUTES", 60)

# Outgoing e-mail (staff notifications).
EMAIL_HOST = env_str("OTKLIK_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("OTKLIK_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("OTKLIK_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("OTKLIK_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("OTKLIK_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = env_str("OTKLIK_EMAIL_FROM", "otklik@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# …and the executors' Telegram and MAX bots (no token: those channels fail clearly).
NOTIFY_TELEGRAM_TOKEN = env_str("OTKLIK_NOTIFY_TELEGRAM_TOKEN", "")
NOTIFY_TELEGRAM_URL = env_str("OTKLIK_NOTIFY_TELEGRAM_URL", "")  # empty: the public Bot API
NOTIFY_MAX_TOKEN = env_str("OTKLIK_NOTIFY_MAX_TOKEN", "")
NOTIFY_MAX_URL = env_str("OTKLIK_NOTIFY_MAX_URL", "")  # empty: the public MAX API

# Working-calendar overrides (a JSON file; empty: the shipped otklik/worktime/overrides.json).
CALENDAR_OVERRIDES = env_str("OTKLIK_CALENDAR_OVERRIDES", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # A refused request (4xx: 403, a suspicious 400) is one line, never a traceback.
    "filters": {"no_4xx_traceback": {"()": "otklik.accounts.logfilters.NoClientErrorTraceback"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["no_4xx_traceback"],
        }
    },
    "loggers": {"django.request": {"filters": ["no_4xx_traceback"]}},
    "root": {"handlers": ["console"], "level": env_str("OTKLIK_LOG_LEVEL", "INFO")},
}
