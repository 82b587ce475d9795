"""Deadline arithmetic (民法典第二百零一至二百零三条, DOMAIN §4) with the law's own examples and 2025's calendar."""

import datetime as dt

import pytest
import time_machine

from core import dates
from core.dates import WorkCalendar

D = dt.date

# The State Council's 2025 arrangement (国办发明电〔2024〕12号): 劳动节 5月1日至5日放假、4月27日（周日）上班；
# 国庆节、中秋节 10月1日至8日放假、9月28日（周日）、10月11日（周六）上班.
LABOUR_DAY = ["2025-05-01", "2025-05-02", "2025-05-03", "2025-05-04", "2025-05-05"]
NATIONAL_DAY = [f"2025-10-0{d}" for d in range(1, 9)]
CALENDAR_2025 = WorkCalendar.from_lists(LABOUR_DAY + NATIONAL_DAY, ["2025-04-27", "2025-09-28", "2025-10-11"])


@pytest.mark.parametrize(
    "start, months, expected",
    [
        (D(2025, 3, 31), 3, D(2025, 6, 30)),  # DOMAIN §4's own example: the month has no 31st
        (D(2025, 1, 31), 3, D(2025, 4, 30)),
        (D(2024, 11, 30), 3, D(2025, 2, 28)),
        (D(2023, 11, 30), 3, D(2024, 2, 29)),  # leap year
        (D(2025, 1, 15), 3, D(2025, 4, 15)),  # same day-of-month: the start day is not counted
        (D(2025, 10, 31), 6, D(2026, 4, 30)),
        (D(2025, 12, 31), 6, D(2026, 6, 30)),
        (D(2025, 5, 20), 0, D(2025, 5, 20)),
    ],
)
def test_a_month_period_ends_on_the_same_day_or_the_months_last_day(start, months, expected):
    assert dates.add_months(start, months) == expected


@pytest.mark.parametrize("months", [-1, 1.5, True])
def test_a_month_count_must_be_a_whole_number(months):
    with pytest.raises(ValueError, match="月数"):
        dates.add_months(D(2025, 1, 1), months)


def test_the_start_day_is_not_counted_in_a_day_period():
    assert dates.add_days(D(2026, 3, 1), 10) == D(2026, 3, 11)  # "within 10 days" of the 1st
    assert dates.due_in_days(D(2026, 3, 2), 10) == D(2026, 3, 12)  # a Thursday: unchanged


def test_the_laws_example_falls_on_a_working_day_and_stays():
    assert dates.due_in_months(D(2025, 3, 31), 3, CALENDAR_2025) == D(2025, 6, 30)


def test_a_deadline_on_a_holiday_moves_to_the_next_working_day():
    # 2025-07-08 + 3 months = 2025-10-08, the last day of the National Day holiday → Thursday the 9th
    assert dates.due_in_months(D(2025, 7, 8), 3, CALENDAR_2025) == D(2025, 10, 9)
    # 2025-02-01 + 3 months = 2025-05-01: past the Labour Day holiday to Tuesday the 6th
    assert dates.due_in_months(D(2025, 2, 1), 3, CALENDAR_2025) == D(2025, 5, 6)
    assert dates.due_in_days(D(2025, 9, 21), 10, CALENDAR_2025) == D(2025, 10, 9)


def test_a_make_up_working_day_ends_a_period_on_a_weekend():
    # 2025-07-11 + 3 months = Saturday 2025-10-11, a 调休 working day: the deadline stays
    assert dates.due_in_months(D(2025, 7, 11), 3, CALENDAR_2025) == D(2025, 10, 11)
    # Sunday 2025-09-28 is one too
    assert dates.due_in_days(D(2025, 9, 18), 10, CALENDAR_2025) == D(2025, 9, 28)


def test_a_deadline_on_a_plain_weekend_moves_to_monday():
    assert dates.due_in_months(D(2025, 3, 1), 3) == D(2025, 6, 2)  # Sunday 1 June → Monday
    # End of month landing on a weekend: 2025-10-31 + 1 month = Sunday 30 November → 1 December
    assert dates.due_in_months(D(2025, 10, 31), 1) == D(2025, 12, 1)
    assert dates.due_in_months(D(2025, 1, 31), 1) == D(2025, 2, 28)  # a Friday


def test_working_days_skip_holidays_and_count_make_up_days():
    # sent Friday 2025-01-31: five working days are 3–7 February
    assert dates.add_working_days(D(2025, 1, 31), 5) == D(2025, 2, 7)
    # before National Day: Sunday 28 September is worked, 1–8 October are not → 28, 29, 30, 9, 10
    assert dates.add_working_days(D(2025, 9, 26), 5, CALENDAR_2025) == D(2025, 10, 10)
    # Labour Day: 27 April (Sunday) worked → 27, 28, 29, 30, 6 May
    assert dates.add_working_days(D(2025, 4, 25), 5, CALENDAR_2025) == D(2025, 5, 6)


def test_days_between_counts_whole_days():
    assert dates.days_between(D(2026, 6, 15), D(2026, 6, 25)) == 10
    assert dates.days_between(D(2026, 6, 25), D(2026, 6, 15)) == -10


def test_bad_dates_in_a_calendar_are_ignored():
    assert dates.parse_dates(["2025-13-01", "x", "2025-05-01", D(2025, 5, 2)]) == {
        D(2025, 5, 1),
        D(2025, 5, 2),
    }


@pytest.mark.django_db
def test_a_congress_calendar_comes_from_its_settings(congress):
    assert dates.calendar_of(congress) == WorkCalendar()
    congress.settings = {"calendar": {"holidays": NATIONAL_DAY, "working_days": ["2025-10-11"]}}
    assert dates.calendar_of(congress) == WorkCalendar.from_lists(NATIONAL_DAY, ["2025-10-11"])
    congress.settings = {"calendar": {"holidays": "2025-10-01"}}  # not a list: the default applies
    assert dates.calendar_of(congress) == WorkCalendar()


def test_today_is_the_local_date_in_shanghai():
    with time_machine.travel(dt.datetime(2025, 12, 31, 17, 0, tzinfo=dt.UTC), tick=False):
        assert dates.today() == D(2026, 1, 1)
