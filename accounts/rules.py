"""Sign-in rules as pure functions: the progressive lockout and the password policy."""

from __future__ import annotations

import datetime as dt
import string

from core.congress_settings import Section, Setting, register

# Congress.settings["accounts"]: kept by the security administrator (a security setting).
SETTINGS = register(
    Section(
        "accounts",
        "账户安全",
        (
            Setting(
                "deputies_need_two_factor",
                False,
                "代表须启用双因素认证",
                "勾选后，代表登录时除密码外还须输入手机身份验证器的动态码。默认不要求：代表在会场共用终端上表决。",
            ),
        ),
        security=True,
    )
)


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


# 三员分立 (GB/T 22239-2019 level 3, 8.1.4.1 c) and 8.1.10.1: system, security and audit
# administrators are separate people with separate powers, and none of them does business work).
ADMINISTRATOR_ROLES = frozenset({"system_admin", "security_admin", "auditor"})


def conflicting_role(role: str, held: set[str]) -> str | None:
    """The role already held (in the same congress) that rules out also holding ``role``, or None.

    An administrator role excludes every other role; a business role excludes the administrator roles.
    """
    others = held - {role}
    if role in ADMINISTRATOR_ROLES:
        return min(others) if others else None
    clash = others & ADMINISTRATOR_ROLES
    return min(clash) if clash else None


def clash_message(role_label: str, clash_label: str) -> str:
    """The refusal shown wherever a grant would break 三员分立 (renda's pages, /admin/, the model)."""
    return (
        f"三员分立：该用户已是{clash_label}，不能再担任{role_label}。"
        "系统管理员、安全管理员、安全审计员须由不同的人担任，且不办理业务。"
    )
