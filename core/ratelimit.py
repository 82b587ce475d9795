"""Fixed-window rate limits on the shared cache (Redis in production, so all app servers agree).

if not ratelimit.allow("message-ip", audit.client_ip(request), limit=10, window=3600): refuse…

Identities are client addresses from core.audit.client_ip (X-Forwarded-For only from
settings.TRUSTED_PROXIES), phone numbers or user names; they are hashed before use as keys.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache


def key(scope: str, identity: str) -> str:
    digest = hashlib.sha256(f"{scope}:{identity}".encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}"


def allow(scope: str, identity: str | None, *, limit: int, window: int) -> bool:
    """Count one attempt; False once `limit` attempts were made within the current window."""
    if not identity:
        return True
    name = key(scope, identity)
    # add() sets the counter only when absent, so the window starts at the first attempt.
    cache.add(name, 0, timeout=window)
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, timeout=window)
        count = 1
    return count <= limit
