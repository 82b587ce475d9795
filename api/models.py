"""Device tokens for the JSON API: one per device, revocable, shown once and stored only as a hash."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models

PREFIX = "rd_"


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name="用户"
    )
    name = models.CharField("设备名称", max_length=60)
    key_hash = models.CharField("令牌摘要", max_length=64, unique=True)
    hint = models.CharField("令牌前缀", max_length=12)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.hint}…）"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @classmethod
    def new_raw(cls) -> str:
        return PREFIX + secrets.token_urlsafe(32)
