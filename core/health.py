"""Liveness and readiness for load balancers and orchestrators: no login, no personal data."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request):
    """The process answers."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    """The process can serve: the database answers, and the shared cache does where one is configured."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001 — any failure means not ready; the reason goes to the log
        checks["database"] = "不可用"
    if getattr(settings, "REDIS_URL", ""):
        try:
            cache.set("readyz", 1, timeout=5)
            checks["cache"] = "ok" if cache.get("readyz") == 1 else "不可用"
        except Exception:  # noqa: BLE001
            checks["cache"] = "不可用"
    ready = all(v == "ok" for v in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "不可用", "checks": checks},
        status=200 if ready else 503,
        json_dumps_params={"ensure_ascii": False},
    )
