"""开始表决: only with a quorum; the body size and the number present are frozen."""

import pytest

from conftest import client_for
from core.models import AuditEntry
from meetings import workflow
from meetings.models import Meeting, Vote
from meetings.tests.helpers import (
    add_committee_members,
    add_deputies,
    make_meeting,
    open_meeting_with,
    register_teller_key,
    sign_in_all,
)

pytestmark = pytest.mark.django_db


def _draft(meeting, clerk, **fields):
    register_teller_key(meeting)
    return workflow.create_vote(
        meeting, actor=clerk, title="决议草案", secret=True, method="electronic", **fields
    )


@pytest.mark.parametrize(("present", "opens"), [(6, True), (5, False)])
def test_a_congress_vote_needs_two_thirds_present(clerk, congress, present, opens):
    meeting = open_meeting_with(clerk, congress, 9)  # 3*6 >= 2*9 exactly
    sign_in_all(meeting, clerk, present)
    vote = _draft(meeting, clerk)
    response = client_for(clerk).post(f"/meetings/votes/{vote.pk}/open/", {"confirmed": "yes"}, follow=True)
    vote.refresh_from_db()
    assert (vote.status == Vote.Status.OPEN) is opens
    if not opens:
        assert "不足法定人数" in response.content.decode()
        assert not AuditEntry.objects.filter(action="open_vote").exists()


@pytest.mark.parametrize(("present", "opens"), [(4, True), (3, False)])
def test_a_committee_vote_needs_a_majority_of_all_members(clerk, congress, present, opens):
    add_committee_members(congress, add_deputies(congress, 6))
    meeting = workflow.open_meeting(make_meeting(congress, Meeting.Kind.COMMITTEE_MEETING), actor=clerk)
    sign_in_all(meeting, clerk, present)
    vote = _draft(meeting, clerk)
    client_for(clerk).post(f"/meetings/votes/{vote.pk}/open/", {"confirmed": "yes"})
    vote.refresh_from_db()
    assert (vote.status == Vote.Status.OPEN) is opens


def test_opening_freezes_body_size_and_present_and_is_audited(clerk, congress):
    meeting = open_meeting_with(clerk, congress, 6)
    sign_in_all(meeting, clerk, 5)
    vote = _draft(meeting, clerk)
    response = client_for(clerk).post(f"/meetings/votes/{vote.pk}/open/", {"confirmed": "yes"})
    assert response.status_code == 302
    vote.refresh_from_db()
    assert (vote.status, vote.body_size, vote.present) == (Vote.Status.OPEN, 6, 5)
    assert AuditEntry.objects.get(action="open_vote").actor_id == clerk.pk


def test_a_second_vote_cannot_open_while_one_is_open(clerk, congress):
    meeting = open_meeting_with(clerk, congress, 3)
    sign_in_all(meeting, clerk)
    workflow.open_vote(_draft(meeting, clerk), actor=clerk)
    second = _draft(meeting, clerk)
    response = client_for(clerk).post(f"/meetings/votes/{second.pk}/open/", {"confirmed": "yes"}, follow=True)
    assert "已有正在进行的表决" in response.content.decode()
    second.refresh_from_db()
    assert second.status == Vote.Status.DRAFT


def test_opening_twice_is_refused(clerk, congress):
    meeting = open_meeting_with(clerk, congress, 3)
    sign_in_all(meeting, clerk)
    vote = _draft(meeting, clerk)
    client = client_for(clerk)
    client.post(f"/meetings/votes/{vote.pk}/open/", {"confirmed": "yes"})
    response = client.post(f"/meetings/votes/{vote.pk}/open/", {"confirmed": "yes"}, follow=True)
    assert "不能开始表决" in response.content.decode()
    assert AuditEntry.objects.filter(action="open_vote").count() == 1


def test_a_vote_cannot_open_before_the_meeting_opens(clerk, deputy, congress):
    meeting = make_meeting(congress)
    vote = _draft(meeting, clerk)
    with pytest.raises(workflow.TransitionRefused, match="会议尚未开始"):
        workflow.open_vote(vote, actor=clerk)


def test_a_leader_may_not_open_a_vote(clerk, leader, congress):
    meeting = open_meeting_with(clerk, congress, 3)
    sign_in_all(meeting, clerk)
    vote = _draft(meeting, clerk)
    assert (
        client_for(leader).post(f"/meetings/votes/{vote.pk}/open/", {"confirmed": "yes"}).status_code == 403
    )


def test_clerk_creates_a_vote_through_the_console(clerk, congress):
    meeting = open_meeting_with(clerk, congress, 3)
    response = client_for(clerk).post(
        f"/meetings/{meeting.pk}/votes/new/",
        {"title": "关于批准预算的决议", "method": "electronic", "secret": "on"},
    )
    vote = Vote.objects.get()
    assert response.status_code == 302 and vote.secret and vote.status == Vote.Status.DRAFT
    page = client_for(clerk).get(f"/meetings/{meeting.pk}/").content.decode()
    assert "关于批准预算的决议" in page


def test_a_secret_electronic_vote_needs_the_tellers_key(clerk, congress):
    meeting = open_meeting_with(clerk, congress, 6)
    sign_in_all(meeting, clerk, 5)
    vote = workflow.create_vote(meeting, actor=clerk, title="决议草案", secret=True, method="electronic")
    response = client_for(clerk).post(f"/meetings/votes/{vote.pk}/open/", {"confirmed": "yes"}, follow=True)
    assert "需先登记计票人密钥" in response.content.decode()
    vote.refresh_from_db()
    assert vote.status == Vote.Status.DRAFT and vote.ballot_box is None


def test_opening_a_secret_vote_opens_its_ballot_box_under_the_meetings_key(clerk, congress):
    meeting = open_meeting_with(clerk, congress, 6)
    sign_in_all(meeting, clerk, 5)
    key = register_teller_key(meeting)
    vote = workflow.open_vote(_draft(meeting, clerk), actor=clerk)
    assert vote.ballot_box.key == key and vote.ballot_box.status == "open"
