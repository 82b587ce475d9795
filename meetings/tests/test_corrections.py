"""Corrections before a step is final: a meeting's title, time and place before it opens, a draft
vote, an agenda item — each with a reason, audited, refused once final."""

import datetime as dt

import pytest
from django.utils import timezone

from conftest import client_for
from core.models import AuditEntry
from meetings import workflow
from meetings.models import AgendaItem, Vote
from meetings.tests.helpers import make_meeting, open_meeting_with, open_vote, sign_in_all

pytestmark = pytest.mark.django_db


def test_clerk_corrects_title_time_and_place_before_the_meeting_opens(clerk, congress, deputy):
    meeting = make_meeting(congress)
    when = timezone.make_aware(dt.datetime(2027, 1, 12, 9, 30))
    response = client_for(clerk).post(
        f"/meetings/{meeting.pk}/edit/",
        {
            "title": "第五次会议闭幕会",
            "starts_at": "2027-01-12T09:30",
            "location": "区会议中心",
            "reason": "会务安排调整",
        },
    )
    assert response.status_code == 302 and response.url == f"/meetings/{meeting.pk}/"
    meeting.refresh_from_db()
    assert (meeting.title, meeting.starts_at, meeting.location) == ("第五次会议闭幕会", when, "区会议中心")
    entry = AuditEntry.objects.get(action="edit_meeting")
    assert entry.note == "会务安排调整" and entry.actor_id == clerk.pk and "location" in entry.changes


def test_meeting_details_are_final_once_it_opens(clerk, congress):
    meeting = open_meeting_with(clerk, congress, 3)
    with pytest.raises(workflow.TransitionRefused, match="不能修改会议信息"):
        workflow.edit_meeting(
            meeting, actor=clerk, title="改名", starts_at=meeting.starts_at, location="", reason="x"
        )
    response = client_for(clerk).get(f"/meetings/{meeting.pk}/edit/", follow=True)
    assert "不能再修改" in response.content.decode()


def test_edit_needs_a_reason(clerk, congress, term):
    meeting = make_meeting(congress)
    with pytest.raises(workflow.TransitionRefused, match="请填写修改会议信息的原因"):
        workflow.edit_meeting(
            meeting, actor=clerk, title="改名", starts_at=meeting.starts_at, location="", reason=""
        )


def test_draft_vote_is_deleted_with_a_reason_but_an_open_one_is_not(clerk, congress):
    meeting = open_meeting_with(clerk, congress, 3)
    sign_in_all(meeting, clerk)
    draft = workflow.create_vote(
        meeting, actor=clerk, title="重复录入的表决", secret=True, method="electronic"
    )
    client = client_for(clerk)
    assert client.post(f"/meetings/votes/{draft.pk}/delete/", {"reason": ""}).status_code == 302
    assert Vote.objects.filter(pk=draft.pk).exists()
    response = client.post(f"/meetings/votes/{draft.pk}/delete/", {"reason": "重复录入"})
    assert response.url == f"/meetings/{meeting.pk}/"
    assert not Vote.objects.filter(pk=draft.pk).exists()
    assert AuditEntry.objects.get(action="delete_vote").note == "重复录入"
    running = open_vote(meeting, clerk)
    response = client.post(f"/meetings/votes/{running.pk}/delete/", {"reason": "误开"}, follow=True)
    assert "不能删除表决事项" in response.content.decode()
    assert Vote.objects.filter(pk=running.pk).exists()


def test_agenda_item_is_deleted_unless_something_was_voted_under_it(clerk, congress, term, leader):
    meeting = make_meeting(congress)
    wrong = workflow.add_agenda_item(meeting, actor=clerk, order=1, title="误加的议题", kind="report")
    used = workflow.add_agenda_item(meeting, actor=clerk, order=2, title="表决议题", kind="resolution")
    workflow.create_vote(
        meeting, actor=clerk, title="决议", secret=True, method="electronic", agenda_item=used
    )
    client = client_for(clerk)
    client.post(f"/meetings/{meeting.pk}/agenda/{wrong.pk}/delete/", {"reason": "录入错误"})
    assert not AgendaItem.objects.filter(pk=wrong.pk).exists()
    response = client.post(f"/meetings/{meeting.pk}/agenda/{used.pk}/delete/", {"reason": "x"}, follow=True)
    assert "已安排表决或选举，不能删除" in response.content.decode()
    assert (
        client_for(leader)
        .post(f"/meetings/{meeting.pk}/agenda/{used.pk}/delete/", {"reason": "x"})
        .status_code
        == 403
    )


def test_close_vote_asks_with_the_number_who_have_not_voted(clerk, congress):
    meeting = open_meeting_with(clerk, congress, 5)
    sign_in_all(meeting, clerk, 4)
    vote = open_vote(meeting, clerk)
    client = client_for(clerk)
    assert (
        "还有 4 名出席人员未表决，确定结束表决并计票？"
        in client.get(f"/meetings/votes/{vote.pk}/").content.decode()
    )
    asked = client.post(f"/meetings/votes/{vote.pk}/close/")
    assert asked.status_code == 200 and "还有 4 名出席人员未表决" in asked.content.decode()
    vote.refresh_from_db()
    assert vote.status == Vote.Status.OPEN
