"""代表法: a deputy absent from two sessions without approval is flagged to staff."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import client_for, make_deputy
from meetings import queries
from meetings.models import Attendance, CongressSession, Meeting

pytestmark = pytest.mark.django_db
A = Attendance.Status


def _session(congress, term, number, day):
    session = CongressSession.objects.create(congress=congress, term=term, number=number, starts_on=day)
    meeting = Meeting.objects.create(
        congress=congress,
        kind=Meeting.Kind.PLENARY,
        session=session,
        number=1,
        title="第一次全体会议",
        starts_at=timezone.make_aware(dt.datetime.combine(day, dt.time(9))),
        status=Meeting.Status.CLOSED,
    )
    return meeting


def test_two_sessions_missed_without_leave_are_flagged_and_leave_is_not(clerk, congress, term):
    absent, on_leave, once = (
        make_deputy(congress, term, name=n) for n in ("缺席代表", "请假代表", "一次代表")
    )
    first = _session(congress, term, 3, dt.date(2024, 1, 10))
    second = _session(congress, term, 4, dt.date(2025, 1, 10))
    for meeting in (first, second):
        Attendance.objects.create(meeting=meeting, deputy=absent, status=A.ABSENT)
        Attendance.objects.create(meeting=meeting, deputy=on_leave, status=A.ON_LEAVE)
    Attendance.objects.create(meeting=first, deputy=once, status=A.ABSENT)
    Attendance.objects.create(meeting=second, deputy=once, status=A.PRESENT)
    rows = queries.absences_without_leave(congress)
    assert [r["deputy"].name for r in rows] == ["缺席代表"]
    assert [s.number for s in rows[0]["sessions"]] == [3, 4]
    page = client_for(clerk).get(reverse("meetings:absences")).content.decode()
    assert "缺席代表" in page and "请假代表" not in page
    home = client_for(clerk).get(reverse("portal:home"))
    assert any(t.title.startswith("未经批准两次不出席") and t.count == 1 for t in home.context["todos"])


def test_deputy_cannot_see_the_list(deputy):
    assert client_for(deputy).get(reverse("meetings:absences")).status_code == 403
