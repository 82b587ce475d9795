"""Bearer-token authentication for devices: the token stands for the user, with the same roles as the pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja.security import HttpBearer

from accounts.middleware import attach_congress
from accounts.permissions import ADMINISTRATOR_ROLES
from api.models import ApiToken, digest
from core import audit, ratelimit

# Writing last_used_at on every call would turn each read into a write; once a minute is enough.
TOUCH_SECONDS = 60


class DeviceToken(HttpBearer):
    openapi_description = "设备令牌：在“我的账户 → 接口令牌”中创建，请求头 Authorization: Bearer <令牌>。"

    def authenticate(self, request, token: str):
        ip = audit.client_ip(request) or ""
        if not ratelimit.allow("api-token-ip", ip, limit=300, window=60):
            return None
        row = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=digest(token or ""), revoked_at__isnull=True)
            .first()
        )
        if row is None or not row.user.is_active:
            # Failed guesses count separately and much lower, so a script cannot walk the token space.
            ratelimit.allow("api-token-fail", ip, limit=20, window=600)
            return None
        now = timezone.now()
        if row.last_used_at is None or (now - row.last_used_at).total_seconds() > TOUCH_SECONDS:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        request.api_token = row
        chosen = request.headers.get("X-Congress")
        attach_congress(request, row.user, int(chosen) if chosen and chosen.isdigit() else None)
        if request.roles.has(*ADMINISTRATOR_ROLES):  # 三员分立: no business data through the API either
            raise PermissionDenied("系统管理员、安全管理员和安全审计员不能使用业务接口。")
        return row.user
