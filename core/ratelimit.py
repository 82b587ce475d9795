"""Fixed-window rate limits on the shared cache (Redis in production, so all app servers agree).

if not ratelimit.allow("message-ip", client_ip, limit=10, window=3600): refuse…
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache


def allow(scope: str, identity: str, *, limit: int, window: int) -> bool:
    """Count one attempt; False once `limit` attempts were made within the current window."""
    if not identity:
        return True
    digest = hashlib.sha256(f"{scope}:{identity}".encode()).hexdigest()[:32]
    key = f"ratelimit:{scope}:{digest}"
    # add() sets the counter only when absent, so the window starts at the first attempt.
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit
