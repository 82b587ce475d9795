"""The holiday calendar moves from the suggestions settings to its own section (registry 0002)."""

import datetime as dt
import importlib

from django.apps import apps

from core import dates

migration = importlib.import_module("registry.migrations.0002_calendar_setting")


def test_old_suggestions_holidays_become_the_congress_calendar(congress, other_congress):
    congress.settings = {
        "suggestions": {"reply_months": 3, "holidays": ["2026-10-01"], "working_weekends": ["2026-10-10"]},
        "calendar": {"holidays": ["2026-05-01"]},
    }
    congress.save()
    other_congress.settings = {"stations": {"refer_days": 7}}
    other_congress.save()
    migration.forwards(apps, None)
    congress.refresh_from_db()
    other_congress.refresh_from_db()
    assert congress.settings["suggestions"] == {"reply_months": 3}
    assert congress.settings["calendar"] == {
        "holidays": ["2026-05-01", "2026-10-01"],
        "working_days": ["2026-10-10"],
    }
    assert dates.calendar_of(congress).is_working_day(dt.date(2026, 10, 10))  # a Saturday, 调休
    assert other_congress.settings == {"stations": {"refer_days": 7}}
