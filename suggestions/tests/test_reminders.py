"""The daily reminder job: 30, 7, 1 days before and overdue; never twice."""

import datetime as dt
from io import StringIO

import time_machine
from django.core.management import call_command

from core.models import Notification
from suggestions.tests import factories as f

CST = dt.timezone(dt.timedelta(hours=8))


def run(day):
    out = StringIO()
    call_command("suggestion_reminders", date=day, stdout=out)
    return out.getvalue()


def test_reminders_at_30_7_1_and_overdue(
    congress, clerk, deputy, unit, unit_handler, django_capture_on_commit_callbacks
):
    with time_machine.travel(dt.datetime(2025, 1, 31, 10, tzinfo=CST), tick=False):
        f.accepted(congress, deputy, clerk, unit, unit_handler)  # due 2025-04-30
    with django_capture_on_commit_callbacks(execute=True):
        assert "1 条" in run("2025-03-31")
        assert "0 条" in run("2025-03-31")  # idempotent
        assert "0 条" in run("2025-04-01")
        run("2025-04-23")
        run("2025-04-29")
        run("2025-05-01")
        run("2025-05-02")  # overdue only once per due date
    kinds = list(
        Notification.objects.filter(user=unit_handler, kind__startswith="suggestions.remind")
        .order_by("id")
        .values_list("kind", flat=True)
    )
    assert kinds == [
        "suggestions.remind_30",
        "suggestions.remind_7",
        "suggestions.remind_1",
        "suggestions.remind_overdue",
    ]
    assert Notification.objects.filter(user=clerk, kind="suggestions.remind_overdue").count() == 1


def test_replied_items_get_no_reminder(congress, clerk, deputy, unit, unit_handler):
    with time_machine.travel(dt.datetime(2025, 1, 31, 10, tzinfo=CST), tick=False):
        f.replied(congress, deputy, clerk, unit, unit_handler)
    assert "0 条" in run("2025-05-01")
