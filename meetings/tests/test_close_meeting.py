import pytest

from conftest import client_for
from core.models import AuditEntry
from meetings.models import Meeting
from meetings.tests.helpers import open_meeting_with, open_vote, sign_in_all

pytestmark = pytest.mark.django_db


def test_clerk_closes_an_open_meeting(clerk, congress):
    meeting = open_meeting_with(clerk, congress, 3)
    response = client_for(clerk).post(f"/meetings/{meeting.pk}/close/", {"confirmed": "yes"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CLOSED and meeting.closed_at
    assert AuditEntry.objects.filter(action="close_meeting", actor_id=clerk.pk).count() == 1


def test_a_meeting_with_an_open_vote_cannot_close(clerk, congress):
    meeting = open_meeting_with(clerk, congress, 3)
    sign_in_all(meeting, clerk)
    open_vote(meeting, clerk)
    response = client_for(clerk).post(f"/meetings/{meeting.pk}/close/", {"confirmed": "yes"}, follow=True)
    assert "请先结束表决" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.OPEN


def test_closing_twice_is_refused(clerk, congress):
    meeting = open_meeting_with(clerk, congress, 3)
    client = client_for(clerk)
    client.post(f"/meetings/{meeting.pk}/close/", {"confirmed": "yes"})
    response = client.post(f"/meetings/{meeting.pk}/close/", {"confirmed": "yes"}, follow=True)
    assert "不能宣布散会" in response.content.decode()
    assert AuditEntry.objects.filter(action="close_meeting").count() == 1


def test_a_deputy_may_not_close_a_meeting(clerk, deputy, congress):
    meeting = open_meeting_with(clerk, congress, 3)
    assert client_for(deputy).post(f"/meetings/{meeting.pk}/close/", {"confirmed": "yes"}).status_code == 403
