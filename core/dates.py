"""Dates: the one home of "today" and of deadline arithmetic for every app."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def today() -> dt.date:
    """Today in the deployment's time zone (Asia/Shanghai), the day every deadline counts from."""
    return timezone.localdate()
