"""Registry rules as pure functions: who holds a seat on a date, ID-number checks."""

from __future__ import annotations

import datetime as dt

# GB 11643-1999 check digit weights and characters.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def holds_seat(started_on: dt.date, ended_on: dt.date | None, on: dt.date) -> bool:
    """A seat counts towards 实有数 from its first day until (not including) the day it ends.

    DOMAIN §0: 全体代表 / 全体组成人员 is the number currently holding the seat, including
    deputies whose duties are temporarily suspended (代表法 — suspension does not end the seat).
    """
    return started_on <= on and (ended_on is None or ended_on > on)


def id_number_check_digit(first17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS)) % 11]


def id_number_problem(value: str) -> str | None:
    """None when the 18-digit resident ID number is well formed, else a Chinese message."""
    value = (value or "").strip().upper()
    if len(value) != 18 or not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        return "身份证号应为18位（最后一位可以是X）"
    try:
        dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return "身份证号中的出生日期无效"
    if id_number_check_digit(value[:17]) != value[17]:
        return "身份证号校验位不正确"
    return None
