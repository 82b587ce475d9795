"""Shared set-ups: a session meeting with two agenda items and the 第一代表团 convened by 张代表."""

from __future__ import annotations

from conftest import make_term
from deliberation import workflow
from meetings.models import AgendaItem, CongressSession
from meetings.tests.helpers import make_meeting, make_session
from registry.models import Deputy, Term


def meeting_with_agenda(congress):
    """A plenary meeting of the congress's session (made once) with two reports on its agenda."""
    Term.objects.filter(congress=congress).exists() or make_term(congress)
    session = CongressSession.objects.filter(congress=congress).first() or make_session(congress)
    meeting = make_meeting(congress, session=session)
    AgendaItem.objects.create(meeting=meeting, order=1, title="政府工作报告")
    AgendaItem.objects.create(meeting=meeting, order=2, title="计划执行情况报告")
    return meeting


def deputy_record(user) -> Deputy:
    return Deputy.objects.get(user=user)


def first_group(meeting, clerk, convenor_user, *others):
    return workflow.create_group(
        meeting,
        actor=clerk,
        name="第一代表团",
        convenor=deputy_record(convenor_user),
        room="201会议室",
        members=list(others),
    )
