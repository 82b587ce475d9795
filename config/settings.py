"""renda settings: every deployment-specific value comes from the environment (see .env.example)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("RENDA_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    """True for 1/true/yes/on; an unset or empty variable takes the default."""
    value = os.environ.get(name, "").strip().lower()
    return default if not value else value in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Production (RENDA_PRODUCTION=true) refuses to start on settings that are only safe for the demo:
# several app servers must share one SECRET_KEY (sessions, ballot tokens), and DEBUG leaks internals.
PRODUCTION = env_bool("RENDA_PRODUCTION")


def secret_key() -> str:
    """SECRET_KEY from the environment, else (demo only) one generated once into var/ (never committed)."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    if PRODUCTION:
        raise ImproperlyConfigured("生产环境必须设置环境变量 SECRET_KEY（各应用服务器相同），否则拒绝启动。")
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = secret_key()


def audit_key() -> str:
    """The audit log's HMAC key: AUDIT_KEY, else a key file generated once (never in the database).

    Keep the file where the database administrator cannot read it (AUDIT_KEY_FILE): whoever
    holds the database but not this key cannot rewrite the log without `audit_verify` noticing.
    """
    if os.environ.get("AUDIT_KEY"):
        return os.environ["AUDIT_KEY"]
    path = Path(os.environ.get("AUDIT_KEY_FILE") or VAR_DIR / "audit_key")
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


AUDIT_KEY = audit_key()
# Signed checkpoints of every chain's head, appended outside the database (make the file
# append-only: chattr +a) and, when set, sent to syslog ("/dev/log" or "host:514").
AUDIT_CHECKPOINT_DIR = Path(os.environ.get("AUDIT_CHECKPOINT_DIR") or VAR_DIR / "audit-checkpoints")
AUDIT_SYSLOG_ADDRESS = os.environ.get("AUDIT_SYSLOG_ADDRESS", "")
# Field values longer than this (characters of JSON) are logged as a SHA-256 and an excerpt.
AUDIT_FIELD_LIMIT = int(os.environ.get("AUDIT_FIELD_LIMIT", "2048"))
DEBUG = env_bool("DEBUG")
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("生产环境不得开启 DEBUG，否则拒绝启动。")
# Reverse proxies (IPs or CIDRs) whose X-Forwarded-For is believed; from anyone else it is ignored,
# so per-address limits and audit addresses see the real client behind nginx, and nobody can forge one.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "core.apps.RendaAdminConfig",  # django.contrib.admin on core.admin.RendaAdminSite
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "core",
    "accounts",
    "registry",
    "meetings",
    "elections",
    "suggestions",
    "stations",
    "projects",
    "oversight",
    "performance",
    "deliberation",
    "referrals",
    "councils",
    "reports",
    "api",
    "ninja",
    "huey.contrib.djhuey",
    "materials",
    "portal",
]

MIDDLEWARE = [
    "core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.StripControlCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.NoStoreMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.SessionSecurityMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "accounts.middleware.CongressMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.roles",
            ],
        },
    },
]

# --- Database: SQLite file under var/ for the demo, PostgreSQL in production and CI.
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'renda.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock when a transaction starts, so two writers never
        # read the same audit-chain head; WAL lets readers go on while one writes.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    # Under ASGI every request runs in a thread of its own, so persistent per-thread connections
    # would pile up; a psycopg connection pool per app-server process reuses a bounded set instead.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("DB_POOL_MIN", "2")),
        "max_size": int(os.environ.get("DB_POOL_MAX", "20")),
        "timeout": int(os.environ.get("DB_POOL_TIMEOUT", "30")),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis when a deployment has it (cache shared by app servers); in-process fallback for the demo.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # Degrades to an in-process cache while Redis is unreachable (core/cache.py): pages keep working.
    CACHES = {
        "default": {
            "BACKEND": "core.cache.FallbackRedisCache",
            "LOCATION": REDIS_URL,
            # Lets deployments (and bench/) share one Redis database without touching each other's keys.
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", ""),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Accounts
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["accounts.backends.UsernameOrMobileBackend"]
PASSWORD_HASHERS = [
    "accounts.hashers.RendaArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "accounts.hashers.InitialPasswordHasher",
]
# Password policy (等保三级 身份鉴别): length, character classes (of lower, upper, digits, other)
# and the days after which a password must be changed (0 = never).
PASSWORD_MIN_LENGTH = int(os.environ.get("PASSWORD_MIN_LENGTH", "10"))
PASSWORD_MIN_CLASSES = int(os.environ.get("PASSWORD_MIN_CLASSES", "3"))
PASSWORD_MAX_AGE_DAYS = int(os.environ.get("PASSWORD_MAX_AGE_DAYS", "90"))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.validators.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.CharacterClassesValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "accounts:login"
# Wrong passwords in a row for one username from one address before that pair must wait
# LOGIN_LOCK_SECONDS, doubling with each further failure up to LOGIN_LOCKOUT_MINUTES.
LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", "5"))
LOGIN_LOCK_SECONDS = int(os.environ.get("LOGIN_LOCK_SECONDS", "60"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15"))
# Sign-in attempts per client address (any username) within LOGIN_IP_WINDOW seconds.
LOGIN_IP_LIMIT = int(os.environ.get("LOGIN_IP_LIMIT", "30"))
LOGIN_IP_WINDOW = int(os.environ.get("LOGIN_IP_WINDOW", "600"))
# TOTP second factor with recovery codes for staff, leaders, unit handlers, station staff and
# superusers (deputies per congress: Congress.settings["accounts"]["deputies_need_two_factor"]).
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", True)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "renda")
# A session with no request for this long ends (0 = only SESSION_COOKIE_AGE applies). Keep it above
# the hour for which a big screen's or device's event stream stays open (meetings.live
# ASGI_STREAM_SECONDS): its reconnection is the request that shows the screen is still in use.
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "120"))
# A deputy's device stays signed in for a whole sitting day.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(14 * 3600)))
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db"
)
SESSION_COOKIE_HTTPONLY = True
# HTTPS (production): Secure cookies and HSTS. SECURE_COOKIES=false only for the demo and tests on http.
SECURE_COOKIES = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if SECURE_COOKIES else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
# Behind nginx (TRUSTED_PROXIES) the scheme comes from X-Forwarded-Proto, which nginx sets.
if TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy: everything from this server, no inline script or style, no eval.
# Bootstrap's CSS draws a few icons as data: images.
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
    }
}

# --- Chinese first
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files, all served locally (air-gapped intranets).
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Uploaded files: the local disk (one server, or a shared mount), or an S3-compatible object store
# (MinIO, a government cloud's OSS) so that several app servers see the same files.
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "local")
if MEDIA_STORAGE == "s3":
    _media = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("S3_BUCKET", "renda-media"),
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY", ""),
            "secret_key": os.environ.get("S3_SECRET_KEY", ""),
            "region_name": os.environ.get("S3_REGION", "") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif MEDIA_STORAGE == "local":
    _media = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured("MEDIA_STORAGE 只能是 local 或 s3。")
STORAGES = {
    "default": _media,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", True)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# One JSON object per line for a log collector (production's default), or plain text (the demo).
LOG_FORMAT = "json" if os.environ.get("LOG_FORMAT", "json" if PRODUCTION else "text") == "json" else "plain"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "core.logs.RequestIdFilter"},
        "no_traceback_for_4xx": {"()": "core.logs.NoTracebackForClientErrors"},
    },
    "formatters": {
        "plain": {
            "()": "core.logs.TextFormatter",
            "fmt": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s",
        },
        "json": {"()": "core.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id", "no_traceback_for_4xx"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Each app adds a function (request) -> list[core.home.Todo] for the role-based home page (portal.views).
HOME_TODO_PROVIDERS = [
    "registry.queries.home_todos",
    "meetings.queries.home_todos",
    "suggestions.queries.home_todos",
    "stations.queries.home_todos",
    "projects.queries.home_todos",
    "councils.queries.home_todos",
    "oversight.queries.home_todos",
    "performance.queries.home_todos",
]
CSRF_FAILURE_VIEW = "core.views.csrf_failure"

# --- Background jobs (Huey). With Redis: queued, run by the worker `renda run_huey`; without
# (demo): run in-process at once. RENDA_JOBS_IMMEDIATE=true forces in-process everywhere.
HUEY = {
    "huey_class": "huey.RedisHuey",
    "name": "renda",
    "immediate": env_bool("RENDA_JOBS_IMMEDIATE", not REDIS_URL),
    "url": REDIS_URL or None,
    "utc": True,
    "consumer": {"workers": int(os.environ.get("JOB_WORKERS", "4")), "worker_type": "thread"},
}
if HUEY["immediate"]:
    HUEY.pop("url")
# Each app's reminder function for its deadlines, run daily at 08:00 by core.jobs.daily_reminders.
REMINDER_PROVIDERS = [
    "suggestions.workflow.send_reminders",
    "oversight.reminders.send_reminders",
    "projects.reminders.send_reminders",
    "stations.reminders.send_reminders",
    "materials.reminders.send_reminders",
]
# Days before a deadline on which the people responsible are reminded (then once when overdue).
REMINDER_LEAD_DAYS = tuple(
    int(d) for d in os.environ.get("REMINDER_LEAD_DAYS", "7,1").split(",") if d.strip()
)
# Days a finished import, export or document job (core.Job, with its result file) is kept before the
# daily clean-up (core.jobs.daily_job_clean_up, or `renda clean_up_jobs`) deletes it.
JOB_RETENTION_DAYS = int(os.environ.get("JOB_RETENTION_DAYS", "30"))

# The main menu in base.html: a function (roles, resolver_match) -> sections, from the one app that
# knows every other (core names no app).
MAIN_MENU = "portal.nav.menu_for"

# Providers of the item currently shown on a meeting's big screen (see meetings.screen).
MEETING_SCREEN_PROVIDERS = [
    "meetings.queries.current_vote_item",
    "elections.queries.current_round_item",
    "projects.queries.current_ballot_item",
    "oversight.queries.current_evaluation_item",
]
# The module that tells the console and the screen which material an agenda item deliberates and
# which text a vote is on (see meetings.screen).
MEETING_MATERIALS = "materials.queries"

# `renda demo` runs these steps in order; each `load(demo)` adds one app's part of the fictional 示范区 (docs/demo.md).
DEMO_STEPS = [
    "registry.demo.load",
    "meetings.demo.load",
    "suggestions.demo.load",
    "stations.demo.load",
    "projects.demo.load",
    "oversight.demo.load",
    "performance.demo.load",
    "materials.demo.load",
    "referrals.demo.load",
    "councils.demo.load",
    "meetings.demo_bodies.load",
    "materials.demo.load_bodies",
]

# Extra delivery channels for notifications besides the in-app inbox (core/channels.py), delivered
# from the job queue with retries, e.g. "core.channels.email,core.channels.sms,core.channels.wecom".
NOTIFICATION_BACKENDS = [b for b in os.environ.get("NOTIFICATION_BACKENDS", "").split(",") if b]
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "renda@localhost")
# Generic HTTP SMS gateway: POST {"mobile", "content", "sign"} as JSON; answers {"code": 0} when accepted.
SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = os.environ.get("SMS_GATEWAY_TOKEN", "")
SMS_SIGN = os.environ.get("SMS_SIGN", "人大")
# Placeholders: {sign} {title} {body} {url} {code}.
SMS_TEMPLATE = os.environ.get("SMS_TEMPLATE", "【{sign}】{title}")
# A citizen's SMS (core.citizen_sms): defaults of each congress's 短信告知群众 settings.
# Placeholders: {sign} {item} {code} {status}.
SMS_TRACKING_TEMPLATE = os.environ.get(
    "SMS_TRACKING_TEMPLATE", "【{sign}】您的{item}已收到，查询码 {code}。办理进展将以短信告知。"
)
SMS_STATUS_TEMPLATE = os.environ.get(
    "SMS_STATUS_TEMPLATE", "【{sign}】您的{item}（查询码 {code}）办理进展：{status}。"
)
WECOM_WEBHOOK_URL = os.environ.get("WECOM_WEBHOOK_URL", "")
DINGTALK_WEBHOOK_URL = os.environ.get("DINGTALK_WEBHOOK_URL", "")
DINGTALK_SECRET = os.environ.get("DINGTALK_SECRET", "")

# Absolute address printed in QR codes and public links (the intranet or public host of renda).
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# Sections of a congress's public front page /p/<code>/: functions (congress) -> list of
# {"title": …, "url": …}, one per app with public pages.
PUBLIC_SECTION_PROVIDERS = [
    "suggestions.queries.public_sections",
    "stations.queries.public_sections",
    "projects.queries.public_sections",
    "councils.queries.public_sections",
    "performance.queries.public_sections",
]

# Captcha and rate limits on public forms; false only for load tests (bench/intake_load.py).
PUBLIC_FORM_GUARDS = env_bool("PUBLIC_FORM_GUARDS", True)
