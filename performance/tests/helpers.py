"""The hand-worked record (DOMAIN §8 default table) that several tests count.

For 张代表 (the `deputy` persona) in 2026:
  2 suggestions led (+3 each = 6), 1 suggestion co-signed (+1), 1 enforcement inspection joined (+3),
  1 meeting absent without leave (−1 per half-day), 1 present and 1 on leave (0 each)
  → 60 + 6 + 1 + 3 − 1 = 69 points, grade 较好 (fair).
Records that must not count: a draft suggestion, a declined co-signature, a 2025 absence.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from meetings.models import Attendance, Meeting
from oversight.models import Activity, Participant
from registry.models import Deputy
from suggestions.models import CoSignature, Suggestion

YEAR = 2026
EXPECTED_SCORE = 690  # tenths


def at(year, month, day, hour=9):
    return timezone.make_aware(dt.datetime(year, month, day, hour))


def deputy_record(user) -> Deputy:
    return Deputy.objects.get(user=user)


def suggestion(
    congress, lead, *, kind="suggestion", status="submitted", year=YEAR, title="关于增设公交线路的建议"
):
    return Suggestion.objects.create(
        congress=congress,
        term=lead.term,
        year=year,
        title=title,
        content="内容",
        kind=kind,
        status=status,
        lead_deputy=lead,
        submitted_at=at(year, 1, 14),
    )


def meeting(congress, number, starts_at):
    return Meeting.objects.create(
        congress=congress,
        kind=Meeting.Kind.COMMITTEE_MEETING,
        number=number,
        title=f"常委会第{number}次会议",
        starts_at=starts_at,
        status=Meeting.Status.CLOSED,
    )


def hand_worked(congress, me: Deputy, other: Deputy) -> None:
    suggestion(congress, me, title="建议一")
    suggestion(congress, me, title="建议二")
    suggestion(congress, me, title="草稿不计", status="draft")
    theirs = suggestion(congress, other, title="赵代表的建议")
    CoSignature.objects.create(suggestion=theirs, deputy=me, status=CoSignature.Status.CONFIRMED)
    declined = suggestion(congress, other, title="谢绝附议的建议")
    CoSignature.objects.create(suggestion=declined, deputy=me, status=CoSignature.Status.DECLINED)
    inspection = Activity.objects.create(
        congress=congress,
        kind=Activity.Kind.ENFORCEMENT_INSPECTION,
        title="食品安全法执法检查",
        starts_on=dt.date(YEAR, 6, 1),
    )
    Participant.objects.create(activity=inspection, deputy=me, role=Participant.Role.INVITED_DEPUTY)
    for number, (when, status) in enumerate(
        [
            (at(YEAR, 3, 10), Attendance.Status.ABSENT),
            (at(YEAR, 4, 10), Attendance.Status.PRESENT),
            (at(YEAR, 5, 10), Attendance.Status.ON_LEAVE),
            (at(YEAR - 1, 12, 10), Attendance.Status.ABSENT),
        ],
        start=30,
    ):
        Attendance.objects.create(
            meeting=meeting(congress, number, when),
            deputy=me,
            status=status,
            leave_reason="因公出差" if status == Attendance.Status.ON_LEAVE else "",
        )
