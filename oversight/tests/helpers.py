"""Set-ups for the oversight tests: a committee of known size, an opened committee meeting, records at a status."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.models import Role
from conftest import make_deputy, make_user
from core.models import AuditEntry
from meetings import workflow as meetings_workflow
from meetings.models import Attendance, Meeting
from meetings.tests.helpers import add_committee_members
from oversight.models import Activity, Appointment, DeliberationOpinions
from registry.models import Deputy

D = dt.date


def committee(congress, size: int, with_accounts: bool = True) -> list[Deputy]:
    """A standing committee of exactly `size` members (M), each with a login when asked."""
    members = []
    for _i in range(size):
        deputy = make_deputy(congress)
        if with_accounts:
            deputy.user = make_user(f"m{deputy.pk}", deputy.name, congress, Role.DEPUTY)
            deputy.save(update_fields=["user"])
        members.append(deputy)
    add_committee_members(congress, members)
    return members


def committee_meeting(congress, *, starts_at=None, number=30) -> Meeting:
    return Meeting.objects.create(
        congress=congress,
        kind=Meeting.Kind.COMMITTEE_MEETING,
        number=number,
        title=f"常委会第{number}次会议",
        starts_at=starts_at or timezone.now(),
        location="常委会会议室",
    )


def open_committee_meeting(congress, clerk, *, present: int, starts_at=None) -> Meeting:
    """Open a committee meeting and sign in the first `present` members (by 代表证号)."""
    meeting = meetings_workflow.open_meeting(committee_meeting(congress, starts_at=starts_at), actor=clerk)
    rows = list(meeting.attendances.order_by("deputy__number"))
    for row in rows[:present]:
        meetings_workflow.sign_in(row, actor=clerk, method=Attendance.Method.DESK)
    return meeting


def make_activity(
    congress,
    unit,
    *,
    kind=Activity.Kind.WORK_REPORT,
    status=Activity.Status.PLANNED,
    starts_on=dt.date(2026, 3, 1),
    **fields,
) -> Activity:
    return Activity.objects.create(
        congress=congress,
        unit=unit,
        kind=kind,
        title=f"测试{kind}活动",
        starts_on=starts_on,
        status=status,
        **fields,
    )


def make_opinions(
    congress, unit, *, status=DeliberationOpinions.Status.DRAFT, **fields
) -> DeliberationOpinions:
    activity = make_activity(congress, unit, status=Activity.Status.DELIBERATED)
    return DeliberationOpinions.objects.create(
        congress=congress,
        activity=activity,
        unit=unit,
        title="关于义务教育工作情况报告的审议意见",
        content="一、加大投入。\n二、补齐短板。",
        status=status,
        **fields,
    )


def make_appointment(
    congress,
    unit,
    *,
    kind=Appointment.Kind.APPOINT,
    post="示范区教育局局长",
    status=Appointment.Status.RECEIVED,
    received_on=None,
    **fields,
) -> Appointment:
    values = {"person_name": "钱某某", "requested_by": "示范区人民政府区长", "reasons": "工作需要", **fields}
    return Appointment.objects.create(
        congress=congress,
        kind=kind,
        requesting_unit=unit,
        post=post,
        status=status,
        received_on=received_on or timezone.localdate() - dt.timedelta(days=20),
        **values,
    )


def entries(obj, action: str | None = None):
    qs = AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    return qs.filter(action=action) if action else qs
