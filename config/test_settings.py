"""Settings for the test suite: the production settings with fast hashing and no static manifest."""

from config.settings import *  # noqa: F403
from config.settings import PASSWORD_HASHERS, STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
# Argon2 stays installed (a test checks it); MD5 first only so that fixtures with hundreds of users are quick.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
WHITENOISE_AUTOREFRESH = True
# A fixed audit key and a checkpoint directory per run, so tests never touch var/.
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

AUDIT_KEY = "test-audit-key-not-for-production"
AUDIT_CHECKPOINT_DIR = Path(tempfile.mkdtemp(prefix="renda-audit-"))
AUDIT_SYSLOG_ADDRESS = ""
# Personas sign in with force_login; the second factor has its own tests (accounts/tests/test_two_factor.py).
TWO_FACTOR_REQUIRED = False
# Tests travel through whole years with time_machine: passwords do not expire and idle sessions
# do not end unless a test says so (accounts/tests/test_password_change.py, test_idle_session.py).
PASSWORD_MAX_AGE_DAYS = 0
SESSION_IDLE_MINUTES = 0
# Tests run on http: no Secure cookies, no HSTS (tests of the production values read config.settings).
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0

# Parallel test workers (pytest-xdist) each get their own Redis database, because the suite
# clears the cache between tests and Redis clears a whole database at once.
import os  # noqa: E402

from config.settings import REDIS_URL  # noqa: E402

_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _worker.startswith("gw"):
    _base, _, _db = REDIS_URL.rpartition("/")
    _index = (int(_db) if _db.isdigit() else 0) - int(_worker[2:]) - 1
    CACHES = {
        "default": {
            "BACKEND": "core.cache.FallbackRedisCache",
            "LOCATION": f"{_base}/{_index % 16}",
        }
    }

# SQLite test databases live in files, one per test worker. With the default in-memory database
# the live server (browser tests) shares the test thread's connection, and a server-sent event
# stream still running in a server thread can then deadlock the test thread on that one
# connection; with a file each thread has its own connection and SQLite's locks take turns.
from config.settings import DATABASES, VAR_DIR  # noqa: E402

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{_worker or 'main'}.sqlite3")}

# Jobs run in-process in tests: a test sees a job's effect at once, and nothing needs a worker.
from config.settings import HUEY  # noqa: E402

HUEY = {**{k: v for k, v in HUEY.items() if k != "url"}, "immediate": True}
