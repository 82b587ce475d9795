"""Scratch resources for the benches, so that a bench leaves a shared machine as it found it.

- A PostgreSQL database of the bench's own, `renda_bench_<kind>_<pid>_<random>`: created (never
  dropped first: CREATE fails if the name is taken) and dropped at the end, unless --keep. A
  bench never drops a database it did not create.
- A Redis key prefix of its own (the app servers get it as CACHE_KEY_PREFIX): at the end the
  bench deletes the keys under that prefix and nothing else — never FLUSHDB, since tests and
  other benches may share the Redis database.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager


def scratch_name(kind: str) -> str:
    return f"renda_bench_{kind}_{os.getpid()}_{secrets.token_hex(3)}"


def database_url(admin_url: str, name: str) -> str:
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


@contextmanager
def scratch_database(admin_url: str, kind: str, *, keep: bool = False) -> Iterator[str]:
    """A new PostgreSQL database next to admin_url's; yields its URL; drops it at the end."""
    import psycopg

    name = scratch_name(kind)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    print(f"临时数据库 {name}", flush=True)
    try:
        yield database_url(admin_url, name)
    finally:
        if keep:
            print(f"保留临时数据库 {name}", flush=True)
        else:
            from psycopg import sql

            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@contextmanager
def scratch_key_prefix(redis_url: str, kind: str) -> Iterator[str]:
    """A cache key prefix no one else uses; yields it; deletes exactly its keys at the end."""
    import redis

    prefix = scratch_name(kind)
    try:
        yield prefix
    finally:
        client = redis.Redis.from_url(redis_url)
        # Django's cache keys are "<KEY_PREFIX>:<version>:<key>".
        batch = []
        for key in client.scan_iter(match=f"{prefix}:*", count=1000):
            batch.append(key)
            if len(batch) == 1000:
                client.delete(*batch)
                batch = []
        if batch:
            client.delete(*batch)


@contextmanager
def in_process_database(kind: str, *, keep: bool = False) -> Iterator[str]:
    """A scratch database next to DATABASE_URL's (default: the local postgres), set as DATABASE_URL
    for a bench that runs Django in its own process; yields its URL."""
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    with scratch_database(base, kind, keep=keep) as url:
        os.environ["DATABASE_URL"] = url
        yield url


def app_env(root, database_url: str, redis_url: str, key_prefix: str, static_root: str) -> dict[str, str]:
    """The environment of an app server (and of its set-up commands) on the scratch resources:
    production settings on plain http at 127.0.0.1, errors only in the log."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": key_prefix,
        "STATIC_ROOT": static_root,
        "SECRET_KEY": "bench-secret-key-" + "x" * 40,
        "DEBUG": "false",
        "LOG_LEVEL": "ERROR",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONPATH": str(root),
        "SECURE_COOKIES": "false",  # plain http on 127.0.0.1
        "TWO_FACTOR_REQUIRED": "false",
    }


def prepare_app(python, root, env: dict[str, str]) -> None:
    """Migrate the scratch database and collect the static files, as a deployment does."""
    import subprocess

    subprocess.run([python, "-m", "config.manage", "migrate", "-v", "0"], env=env, cwd=root, check=True)
    subprocess.run(
        [python, "-m", "config.manage", "collectstatic", "--noinput", "-v", "0"],
        env=env,
        cwd=root,
        check=True,
    )


def percentile(values, p: float) -> float:
    """The p-th percentile (0–100) of values, nearest rank; NaN for none."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] if ordered else float("nan")


pct = percentile


def ms(values, *ps: float) -> list[float]:
    """The given percentiles of durations in seconds, in milliseconds to one decimal."""
    return [round(percentile(values, p) * 1000, 1) for p in ps]
