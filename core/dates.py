"""Dates: the one home of "today" and of deadline arithmetic for every app.

Periods are computed as the 民法典 computes them (第二百零一至二百零三条), which DOMAIN §4 applies by
analogy to every deadline in the system:

- 第二百零一条: the day the period starts is not counted; it runs from the next day.
- 第二百零二条: a period in months ends on the corresponding day of the last month; where that
  month has no such day, on its last day (2025-03-31 + 3 months = 2025-06-30).
- 第二百零三条: where the last day is a statutory rest day (法定休假日: a holiday, or a weekend not
  declared a make-up working day, 调休上班), the period ends on the next working day.

The holiday calendar is local data (each congress publishes the State Council's yearly 放假安排),
kept in the congress's settings; ``calendar_of`` reads it. Everything else here is pure: plain
dates in, plain dates out.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone


def today() -> dt.date:
    """Today in the deployment's time zone (Asia/Shanghai), the day every deadline counts from."""
    return timezone.localdate()


def parse_dates(values: Iterable | None) -> frozenset[dt.date]:
    """ISO date strings (or dates) to a set; malformed entries are ignored (settings are validated on save)."""
    result = set()
    for value in values or ():
        if isinstance(value, dt.date):
            result.add(value)
            continue
        try:
            result.add(dt.date.fromisoformat(str(value).strip()))
        except ValueError:
            continue
    return frozenset(result)


@dataclass(frozen=True)
class WorkCalendar:
    """Holidays (法定节假日) and make-up working days (调休上班日) on top of the Monday–Friday week."""

    holidays: frozenset[dt.date] = field(default_factory=frozenset)
    working_days: frozenset[dt.date] = field(default_factory=frozenset)

    @classmethod
    def from_lists(cls, holidays: Iterable | None = (), working_days: Iterable | None = ()) -> WorkCalendar:
        return cls(parse_dates(holidays), parse_dates(working_days))

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.holidays:
            return False
        if day in self.working_days:
            return True
        return day.weekday() < 5

    def next_working_day(self, day: dt.date) -> dt.date:
        """The day itself if it is a working day, else the first working day after it (民法典第二百零三条)."""
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day


# Weekends only: for a caller with no congress at hand (demo data, a document preview).
WEEKENDS_ONLY = WorkCalendar()


def add_days(start: dt.date, days: int) -> dt.date:
    """The day ``days`` calendar days after ``start`` (negative: before), the start day not counted.

    "Within 10 days" of the 1st therefore ends on the 11th (民法典第二百零一条).
    """
    return start + dt.timedelta(days=days)


def add_months(start: dt.date, months: int) -> dt.date:
    """The corresponding day ``months`` months after ``start``, else that month's last day (民法典第二百零二条).

    2025-01-31 + 3 → 2025-04-30; 2025-03-31 + 3 → 2025-06-30; 2024-11-30 + 3 → 2025-02-28.
    """
    if not isinstance(months, int) or isinstance(months, bool) or months < 0:
        raise ValueError("月数必须是非负整数")
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    day = min(start.day, _calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


def due_in_months(start: dt.date, months: int, calendar: WorkCalendar = WEEKENDS_ONLY) -> dt.date:
    """The last day of a period of ``months`` months from ``start``, moved off a rest day (民法典第二百零一至二百零三条)."""
    return calendar.next_working_day(add_months(start, months))


def due_in_days(start: dt.date, days: int, calendar: WorkCalendar = WEEKENDS_ONLY) -> dt.date:
    """The last day of a period of ``days`` calendar days from ``start``, moved off a rest day (民法典第二百零一、二百零三条)."""
    return calendar.next_working_day(add_days(start, days))


def add_working_days(start: dt.date, days: int, calendar: WorkCalendar = WEEKENDS_ONLY) -> dt.date:
    """The last day of a window of ``days`` working days after ``start`` (the start day not counted)."""
    day, left = start, days
    while left > 0:
        day += dt.timedelta(days=1)
        if calendar.is_working_day(day):
            left -= 1
    return day


def days_between(earlier: dt.date, later: dt.date) -> int:
    """Whole days from ``earlier`` to ``later`` (the first day not counted): "N 日前" holds when this is ≥ N."""
    return (later - earlier).days


def calendar_of(congress) -> WorkCalendar:
    """The congress's holiday calendar, from its settings (core.congress_settings.CALENDAR)."""
    from core.congress_settings import CALENDAR

    values = CALENDAR.read(congress)
    return WorkCalendar.from_lists(values["holidays"], values["working_days"])
