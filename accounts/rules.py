"""Sign-in rules as pure functions: the progressive lockout and the password policy."""

from __future__ import annotations

import datetime as dt
import string


def lock_seconds(failures: int, max_failures: int, base_seconds: int, max_seconds: int) -> int:
    """How long one username is refused from one address after `failures` wrong passwords in a row.

    Nothing for the first max_failures - 1; then base_seconds, doubling with each further failure,
    never more than max_seconds. The lock is per username *and* address, so nobody can lock a
    deputy out from elsewhere (等保三级: 登录失败处理 without a denial of service on others).
    """
    if failures < max_failures:
        return 0
    return min(max_seconds, base_seconds * 2 ** min(failures - max_failures, 20))


def minutes_left(seconds: float) -> int:
    return max(1, -(-int(seconds) // 60))


CHARACTER_CLASSES = (
    ("小写字母", set(string.ascii_lowercase)),
    ("大写字母", set(string.ascii_uppercase)),
    ("数字", set(string.digits)),
)


def character_classes(password: str) -> int:
    """Lower case, upper case, digits and anything else (symbols, Chinese): how many are used."""
    used = sum(1 for _, chars in CHARACTER_CLASSES if any(c in chars for c in password))
    others = any(not any(c in chars for _, chars in CHARACTER_CLASSES) for c in password)
    return used + int(others)


def password_expired(changed_at: dt.datetime | None, now: dt.datetime, max_age_days: int) -> bool:
    """True when a password set at changed_at is older than max_age_days (0: passwords never expire)."""
    if not max_age_days or changed_at is None:
        return False
    return now - changed_at > dt.timedelta(days=max_age_days)
