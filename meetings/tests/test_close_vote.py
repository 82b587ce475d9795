"""结束表决: counted with meetings.rules against the full body size; yes / no / abstain / not voted stored."""

import pytest

from conftest import client_for
from core.models import AuditEntry
from meetings import workflow
from meetings.models import Vote
from meetings.tests.helpers import close_and_count, decrypt, open_meeting_with, open_vote, sign_in_all
from registry.models import Deputy

pytestmark = pytest.mark.django_db


def _cast(vote, choices):
    deputies = Deputy.objects.filter(attendances__meeting=vote.meeting, attendances__status="present")
    for deputy, choice in zip(deputies, choices, strict=False):
        workflow.cast(vote, actor=deputy.user, choice=choice)


@pytest.fixture
def meeting(clerk, congress):
    meeting = open_meeting_with(clerk, congress, 9)
    from conftest import make_user

    for index, row in enumerate(meeting.attendances.select_related("deputy")):
        row.deputy.user = make_user(f"d{index}", f"代表{index}")
        row.deputy.save()
    sign_in_all(meeting, clerk, 6)
    return meeting


def test_a_majority_of_those_present_is_not_enough(clerk, meeting):
    vote = open_vote(meeting, clerk)
    _cast(vote, ["yes"] * 4 + ["no"])  # 2*4 > 9 fails although 4 of 5 voted yes
    response = client_for(clerk).post(f"/meetings/votes/{vote.pk}/close/", {"confirmed": "yes"})
    assert response.status_code == 302
    vote.refresh_from_db()
    assert vote.status == Vote.Status.COUNTING and vote.yes is None  # the tellers decrypt the totals
    vote = decrypt(vote, clerk)
    assert vote.status == Vote.Status.CLOSED
    assert (vote.yes, vote.no, vote.abstain, vote.not_voted, vote.passed) == (4, 1, 0, 1, False)
    entry = AuditEntry.objects.get(action="close_vote")
    assert entry.actor_id == clerk.pk and entry.changes["ballots"] == [None, 5]
    counted = (
        AuditEntry.objects.filter(action="submit_decryption_share", object_type="meetings.vote")
        .order_by("seq")
        .last()
    )
    assert counted.changes["yes"] == [None, 4]


def test_a_majority_of_all_members_passes(clerk, meeting):
    vote = open_vote(meeting, clerk)
    _cast(vote, ["yes"] * 5 + ["abstain"])
    vote = close_and_count(vote, clerk)
    assert (vote.yes, vote.abstain, vote.not_voted, vote.passed) == (5, 1, 0, True)


def test_closing_twice_is_refused(clerk, meeting):
    vote = open_vote(meeting, clerk)
    client = client_for(clerk)
    client.post(f"/meetings/votes/{vote.pk}/close/", {"confirmed": "yes"})
    response = client.post(f"/meetings/votes/{vote.pk}/close/", {"confirmed": "yes"}, follow=True)
    assert "不能结束表决" in response.content.decode()
    assert AuditEntry.objects.filter(action="close_vote").count() == 1


def test_a_leader_may_not_close_a_vote(clerk, leader, meeting):
    vote = open_vote(meeting, clerk)
    assert (
        client_for(leader).post(f"/meetings/votes/{vote.pk}/close/", {"confirmed": "yes"}).status_code == 403
    )


def test_the_result_page_shows_the_counts(clerk, leader, meeting):
    vote = open_vote(meeting, clerk)
    _cast(vote, ["yes"] * 5)
    close_and_count(vote, clerk)
    page = client_for(leader).get(f"/meetings/votes/{vote.pk}/").content.decode()
    assert "通过" in page and "未按" in page
