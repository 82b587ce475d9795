"""Issuing and revoking device tokens: the only code that writes ApiToken, audited."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from api import rules
from api.models import ApiToken, digest
from core import audit


class TokenRefused(Exception):
    """A token request the rules refuse; the message is shown to the user."""


def issue(*, actor, name: str, request=None) -> tuple[ApiToken, str]:
    """A new token for ``actor``'s own device; the raw value is returned once and never stored."""
    name = (name or "").strip()
    if not name:
        raise TokenRefused("请填写设备名称，例如“我的手机”。")
    if len(name) > 60:
        raise TokenRefused("设备名称不能超过 60 个字。")
    with transaction.atomic():
        active = ApiToken.objects.select_for_update().filter(user=actor, revoked_at__isnull=True)
        if active.count() >= rules.MAX_TOKENS_PER_USER:
            raise TokenRefused(f"每个账户最多有 {rules.MAX_TOKENS_PER_USER} 个有效令牌，请先吊销不用的令牌。")
        raw = ApiToken.new_raw()
        token = ApiToken.objects.create(user=actor, name=name, key_hash=digest(raw), hint=raw[:8])
        audit.record(
            actor=actor,
            action="issue_token",
            obj=token,
            request=request,
            changes={"name": name, "hint": token.hint},
        )
    return token, raw


def revoke(*, actor, token: ApiToken, request=None) -> ApiToken:
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is not None:
            raise TokenRefused("该令牌已吊销。")
        if locked.user_id != actor.pk and not actor.is_superuser:
            raise TokenRefused("只能吊销自己的令牌。")
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        audit.record(
            actor=actor, action="revoke_token", obj=locked, request=request, changes={"hint": locked.hint}
        )
    return locked
