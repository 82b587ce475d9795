"""Login lockout as pure functions."""

from __future__ import annotations

import datetime as dt


def is_locked(locked_until: dt.datetime | None, now: dt.datetime) -> bool:
    return locked_until is not None and locked_until > now


def after_failure(failed_logins: int, now: dt.datetime, max_failures: int, lockout_minutes: int):
    """(new failure count, locked_until or None) after one more wrong password."""
    failed_logins += 1
    if failed_logins >= max_failures:
        return 0, now + dt.timedelta(minutes=lockout_minutes)
    return failed_logins, None


def minutes_left(locked_until: dt.datetime, now: dt.datetime) -> int:
    return max(1, -(-int((locked_until - now).total_seconds()) // 60))
