"""宣布开会: the body and its size (N or M) are frozen and every member is listed as absent."""

import datetime as dt

import pytest

from conftest import client_for
from core.models import AuditEntry
from meetings import workflow
from meetings.models import Attendance, Meeting
from meetings.tests.helpers import add_committee_members, add_deputies, make_meeting, make_session
from registry.models import CommitteeMembership

pytestmark = pytest.mark.django_db


def test_clerk_opens_a_plenary_and_every_deputy_is_listed_absent(clerk, deputy, congress):
    add_deputies(congress, 4)
    meeting = make_meeting(congress)
    response = client_for(clerk).post(f"/meetings/{meeting.pk}/open/", {"confirmed": "yes"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.OPEN
    assert meeting.body_size == 5
    assert meeting.attendances.filter(status=Attendance.Status.ABSENT).count() == 5
    entry = AuditEntry.objects.get(action="open_meeting")
    assert entry.actor_id == clerk.pk and entry.changes["body_size"] == [None, 5]


def test_body_size_stays_frozen_when_a_deputy_is_terminated_afterwards(clerk, congress):
    deputies = add_deputies(congress, 6)
    meeting = workflow.open_meeting(make_meeting(congress), actor=clerk)
    deputies[0].status, deputies[0].terminated_on = "terminated", dt.date(2026, 1, 1)
    deputies[0].save()
    meeting.refresh_from_db()
    assert meeting.body_size == 6
    assert meeting.attendances.count() == 6


def test_a_terminated_deputy_is_not_in_the_body(clerk, congress):
    deputies = add_deputies(congress, 3)
    deputies[0].status, deputies[0].terminated_on = "terminated", dt.date(2025, 1, 1)
    deputies[0].save()
    meeting = workflow.open_meeting(make_meeting(congress), actor=clerk)
    assert meeting.body_size == 2


def test_a_committee_meeting_counts_only_committee_members(clerk, congress):
    deputies = add_deputies(congress, 8)
    add_committee_members(congress, deputies[:5])
    meeting = workflow.open_meeting(make_meeting(congress, Meeting.Kind.COMMITTEE_MEETING), actor=clerk)
    assert meeting.body_size == 5


def test_a_chairs_meeting_counts_the_chair_and_vice_chairs(clerk, congress):
    deputies = add_deputies(congress, 6)
    add_committee_members(congress, deputies[:1], CommitteeMembership.Position.CHAIR)
    add_committee_members(congress, deputies[1:3], CommitteeMembership.Position.VICE_CHAIR)
    add_committee_members(congress, deputies[3:])
    meeting = workflow.open_meeting(make_meeting(congress, Meeting.Kind.CHAIRS_MEETING), actor=clerk)
    assert meeting.body_size == 3


def test_a_presidium_meeting_counts_the_presidium_of_the_session(clerk, congress):
    deputies = add_deputies(congress, 7)
    session = make_session(congress)
    session.presidium.set(deputies[:4])
    meeting = make_meeting(congress, Meeting.Kind.PRESIDIUM_MEETING, session=session)
    assert workflow.open_meeting(meeting, actor=clerk).body_size == 4


def test_a_meeting_of_an_empty_body_is_refused(clerk, congress):
    meeting = make_meeting(congress, Meeting.Kind.COMMITTEE_MEETING)
    response = client_for(clerk).post(f"/meetings/{meeting.pk}/open/", {"confirmed": "yes"}, follow=True)
    assert "组成人员为空" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED


def test_opening_twice_is_refused_with_a_message(clerk, deputy, congress):
    meeting = make_meeting(congress)
    client = client_for(clerk)
    client.post(f"/meetings/{meeting.pk}/open/", {"confirmed": "yes"})
    response = client.post(f"/meetings/{meeting.pk}/open/", {"confirmed": "yes"}, follow=True)
    assert "不能宣布开会" in response.content.decode()
    assert AuditEntry.objects.filter(action="open_meeting").count() == 1
    assert meeting.attendances.count() == 1


def test_a_leader_may_not_open_a_meeting(leader, deputy, congress):
    meeting = make_meeting(congress)
    assert client_for(leader).post(f"/meetings/{meeting.pk}/open/", {"confirmed": "yes"}).status_code == 403
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED


def test_get_does_not_open_a_meeting(clerk, deputy, congress):
    meeting = make_meeting(congress)
    assert client_for(clerk).get(f"/meetings/{meeting.pk}/open/").status_code == 405


def test_clerk_creates_a_meeting_through_the_form(clerk, congress, term):
    session = make_session(congress)
    response = client_for(clerk).post(
        "/meetings/new/",
        {
            "kind": "plenary",
            "session": session.pk,
            "number": 1,
            "title": "第五次会议第一次全体会议",
            "starts_at": "2026-01-10T09:00",
            "location": "大会堂",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.status == Meeting.Status.SCHEDULED and meeting.body_size is None
    assert AuditEntry.objects.filter(action="create_meeting", actor_id=clerk.pk).count() == 1


def test_a_plenary_without_its_session_is_refused_by_the_form(clerk, congress):
    response = client_for(clerk).post(
        "/meetings/new/", {"kind": "plenary", "number": 1, "title": "x", "starts_at": "2026-01-10T09:00"}
    )
    assert response.status_code == 200
    assert "须选择所属人代会会议" in response.content.decode()
