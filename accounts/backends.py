"""Sign in with a username or an 11-digit mobile number; refuse repeated failures per name and address.

Wrong passwords are counted per (username, client address): after LOGIN_MAX_FAILURES in a row that
pair waits LOGIN_LOCK_SECONDS, doubling with each further failure up to LOGIN_LOCKOUT_MINUTES.
Someone guessing from elsewhere never locks the real user out; the per-address throttle
(accounts.forms) limits guessing across many names.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

from accounts import rules
from accounts.models import User
from core import audit, ratelimit


class AccountLocked(Exception):
    def __init__(self, minutes: int):
        super().__init__(minutes)
        self.minutes = minutes


def find_user(identifier: str) -> User | None:
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    field = "mobile" if identifier.isdigit() and len(identifier) == 11 else "username"
    return User.objects.filter(**{field: identifier}).first()


def _pair_key(identifier: str, ip: str | None) -> str:
    return ratelimit.key("login-pair", f"{(identifier or '').strip().lower()}|{ip or ''}")


def _paused_key(identifier: str) -> str:
    return ratelimit.key("login-paused", (identifier or "").strip().lower())


def _state(identifier: str, ip: str | None) -> dict:
    return cache.get(_pair_key(identifier, ip)) or {"failures": 0, "until": 0.0}


def check_not_locked(identifier: str, ip: str | None) -> None:
    left = _state(identifier, ip)["until"] - time.time()
    if left > 0:
        raise AccountLocked(rules.minutes_left(left))


def record_failure(request, identifier: str, ip: str | None, user: User | None) -> None:
    state = _state(identifier, ip)
    state["failures"] += 1
    seconds = rules.lock_seconds(
        state["failures"],
        settings.LOGIN_MAX_FAILURES,
        settings.LOGIN_LOCK_SECONDS,
        settings.LOGIN_LOCKOUT_MINUTES * 60,
    )
    state["until"] = time.time() + seconds if seconds else 0.0
    cache.set(_pair_key(identifier, ip), state, timeout=24 * 3600)
    if seconds:
        # Which addresses are paused for this name, so the security administrator can lift them.
        paused = cache.get(_paused_key(identifier)) or {}
        paused[ip or ""] = state["until"]
        cache.set(_paused_key(identifier), paused, timeout=24 * 3600)
        audit.record(
            actor=None,
            action="lock_sign_in",
            obj=user,
            object_type="" if user else "accounts.user",
            object_repr="" if user else identifier[:150],
            request=request,
            note=f"来自 {ip or '未知地址'} 连续 {state['failures']} 次密码错误，该地址暂停登录此账户 {seconds} 秒",
        )


def clear_failures(identifier: str, ip: str | None) -> None:
    cache.delete(_pair_key(identifier, ip))


def _identifiers(user: User) -> list[str]:
    return [i for i in (user.username, user.mobile) if i]


def pauses(user: User) -> list[tuple[str, float]]:
    """(address, paused until as a timestamp) of every sign-in pause of ``user`` still running."""
    now = time.time()
    found = []
    for identifier in _identifiers(user):
        for ip, until in (cache.get(_paused_key(identifier)) or {}).items():
            if until > now:
                found.append((ip or "未知地址", until))
    return sorted(found, key=lambda pair: pair[1])


def clear_pauses(user: User) -> int:
    """Lift every sign-in pause of ``user`` (by username and by mobile); how many addresses were paused."""
    cleared = len(pauses(user))
    for identifier in _identifiers(user):
        for ip in cache.get(_paused_key(identifier)) or {}:
            cache.delete(_pair_key(identifier, ip or None))
        cache.delete(_paused_key(identifier))
    return cleared


class UsernameOrMobileBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        ip = audit.client_ip(request)
        check_not_locked(username or "", ip)
        user = find_user(username)
        if user is None:
            # Hash anyway so that unknown and known names take the same time.
            User().set_password(password or "")
            record_failure(request, username or "", ip, None)
            return None
        if user.check_password(password or "") and self.user_can_authenticate(user):
            clear_failures(username or "", ip)
            return user
        record_failure(request, username or "", ip, user)
        return None
