"""Chinese official-usage formatting: 第X号, 第十七届, 2026年11月22日, masked phone numbers."""

from __future__ import annotations

import datetime as dt

DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """Write a whole number as Chinese reports do (17 → 十七, 105 → 一百零五, 10010 → 一万零一十)."""
    if n < 0:
        return "负" + chinese_number(-n)
    if n == 0:
        return DIGITS[0]
    groups = []  # 4-digit groups, lowest first
    while n:
        n, group = divmod(n, 10_000)
        groups.append(group)
    parts, pending_zero = [], False
    for index in range(len(groups) - 1, -1, -1):
        group, leading = groups[index], index == len(groups) - 1
        if group == 0:
            pending_zero = True
            continue
        if not leading and (pending_zero or group < 1000):
            parts.append("零")
        parts.append(_group(group, leading) + ("", "万", "亿", "万亿")[index])
        pending_zero = False
    return "".join(parts)


def _group(n: int, leading: bool) -> str:
    """One group of up to four digits; 十 alone only at the very start (十七 but 一百一十七)."""
    if leading and 10 <= n < 20:
        return "十" + (DIGITS[n % 10] if n % 10 else "")
    parts, zero = [], False
    for unit_value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, unit_value)
        if digit:
            if zero:
                parts.append("零")
            parts.append(DIGITS[digit] + unit)
            zero = False
        elif parts:
            zero = True
    return "".join(parts)


def ordinal(n: int, unit: str) -> str:
    """第十七届, 第五次."""
    return f"第{chinese_number(n)}{unit}"


def serial(n: int) -> str:
    """Document numbers keep Arabic digits: 第17号."""
    return f"第{n}号"


def date_cn(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.year}年{value.month}月{value.day}日"


def mask_phone(phone: str | None) -> str:
    """138****5678: enough to recognise, not enough to call."""
    if not phone:
        return ""
    phone = str(phone)
    if len(phone) < 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def mask_id_number(value: str | None) -> str:
    if not value:
        return ""
    return value[:6] + "*" * (len(value) - 10) + value[-4:] if len(value) > 10 else "*" * len(value)
