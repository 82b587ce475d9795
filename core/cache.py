"""Redis cache that degrades instead of failing: with Redis down, pages keep working.

Every operation that cannot reach Redis falls back to a small in-process cache, and Redis is not
tried again for RETRY_SECONDS (so a dead server costs one refused connection per process per
half minute, not one per call). What degrades: rate limits and the live screen's cache count per
process; sessions (cached_db) are still read from and written to the database. Entries in the
fallback live at most FALLBACK_MAX_SECONDS, so processes never disagree for long.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("renda.cache")

RETRY_SECONDS = 30
FALLBACK_MAX_SECONDS = 30
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class FallbackRedisCache(RedisCache):
    def __init__(self, server, params):
        params = {**params}
        options = {"socket_connect_timeout": 0.5, "socket_timeout": 1, **params.get("OPTIONS", {})}
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._fallback = LocMemCache("renda-redis-fallback", {"TIMEOUT": FALLBACK_MAX_SECONDS})
        self._down_until = 0.0

    def _cap(self, timeout):
        if timeout is DEFAULT_TIMEOUT or timeout is None:
            return FALLBACK_MAX_SECONDS
        return min(timeout, FALLBACK_MAX_SECONDS)

    def _call(self, name, fallback, *args, **kwargs):
        if time.monotonic() >= self._down_until:
            try:
                return getattr(super(), name)(*args, **kwargs)
            except UNREACHABLE as error:
                self._down_until = time.monotonic() + RETRY_SECONDS
                logger.warning("Redis 无法连接，缓存暂用进程内存（%s 秒后重试）：%s", RETRY_SECONDS, error)
        return fallback()

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(
            "add",
            lambda: self._fallback.add(key, value, self._cap(timeout), version),
            key,
            value,
            timeout,
            version,
        )

    def get(self, key, default=None, version=None):
        return self._call("get", lambda: self._fallback.get(key, default, version), key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(
            "set",
            lambda: self._fallback.set(key, value, self._cap(timeout), version),
            key,
            value,
            timeout,
            version,
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(
            "touch", lambda: self._fallback.touch(key, self._cap(timeout), version), key, timeout, version
        )

    def delete(self, key, version=None):
        self._fallback.delete(key, version)
        return self._call("delete", lambda: False, key, version)

    def get_many(self, keys, version=None):
        keys = list(keys)
        return self._call("get_many", lambda: self._fallback.get_many(keys, version), keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", lambda: self._fallback.has_key(key, version), key, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", lambda: self._fallback.incr(key, delta, version), key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(
            "set_many",
            lambda: self._fallback.set_many(data, self._cap(timeout), version),
            data,
            timeout,
            version,
        )

    def delete_many(self, keys, version=None):
        keys = list(keys)
        self._fallback.delete_many(keys, version)
        return self._call("delete_many", lambda: None, keys, version)

    def clear(self):
        self._fallback.clear()
        return self._call("clear", lambda: True)
