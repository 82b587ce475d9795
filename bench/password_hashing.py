"""Cost of one password check with renda's Argon2 parameters vs Django's defaults.

    .venv/bin/python bench/password_hashing.py

3,000 deputies signing in over the half hour before a sitting is ~2 logins/s on average and
perhaps 20/s at the peak; what matters is that a login never takes a core away from voting
for long. Writes nothing; prints milliseconds per check.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.contrib.auth.hashers import (  # noqa: E402
    Argon2PasswordHasher,
    PBKDF2PasswordHasher,
)

from accounts.hashers import RendaArgon2PasswordHasher  # noqa: E402


def per_check_ms(hasher, rounds=20):
    encoded = hasher.encode("renda-demo-password", hasher.salt())
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        hasher.verify("renda-demo-password", encoded)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


for name, hasher in [
    ("renda Argon2id (m=19 MiB, t=2, p=1)", RendaArgon2PasswordHasher()),
    ("Django default Argon2 (m=100 MiB, t=2, p=8)", Argon2PasswordHasher()),
    ("Django 5.2 default PBKDF2 (1,000,000 iterations)", PBKDF2PasswordHasher()),
]:
    print(f"{name}: {per_check_ms(hasher):.1f} ms per check (median of 20)")
