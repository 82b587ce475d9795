"""发给纸质表决票 during a secret electronic vote: some members vote on the device, some on paper;
the paper ballots' totals are added to the box's decrypted totals. A member given paper cannot
vote on the device, a member who voted gets no paper, and every member is counted once."""

import pytest

from conftest import client_for
from core.models import AuditEntry
from core.workflow import AlreadyVoted, TransitionRefused
from meetings import workflow
from meetings.models import Vote
from meetings.tests.helpers import decrypt, give_accounts, open_meeting_with, open_vote, sign_in_all

pytestmark = pytest.mark.django_db

CONFIRMED = {"confirmed": "yes"}


@pytest.fixture
def hall(clerk, congress):
    """Nine members, all present, each with a login; a secret electronic vote open."""
    meeting = open_meeting_with(clerk, congress, 9)
    members = give_accounts(meeting)
    sign_in_all(meeting, clerk)
    return open_vote(meeting, clerk), members


def hand_paper(user, vote, member):
    return client_for(user).post(f"/meetings/votes/{vote.pk}/paper-ballot/", {"deputy": member.pk})


def test_device_and_paper_ballots_of_one_vote_are_counted_together(clerk, hall):
    vote, members = hall
    page = client_for(clerk).get(f"/meetings/votes/{vote.pk}/").content.decode()
    assert "发给纸质表决票" in page
    for member in members[6:]:
        assert hand_paper(clerk, vote, member).status_code == 302
    vote.refresh_from_db()
    assert vote.paper_issued == 3
    assert AuditEntry.objects.filter(action="issue_paper_ballot", actor_id=clerk.pk).count() == 3
    for member, choice in zip(members[:6], ["yes"] * 4 + ["no", "abstain"]):
        workflow.cast(vote, actor=member.user, choice=choice)

    vote = workflow.close_vote(vote, actor=clerk)
    vote = decrypt(vote, clerk)
    assert vote.status == Vote.Status.COUNTING  # decrypted; the paper ballots' totals come next
    assert vote.participations.count() == 9 and vote.ballot_box.ballots_count == 6

    staff = client_for(clerk)
    response = staff.post(
        f"/meetings/votes/{vote.pk}/paper-counts/",
        {"yes": 3, "no": 1, "abstain": 0, **CONFIRMED},
        follow=True,
    )
    assert "不能多于发出的纸质表决票（3 张）" in response.content.decode()
    vote.refresh_from_db()
    assert vote.status == Vote.Status.COUNTING and vote.yes is None

    staff.post(f"/meetings/votes/{vote.pk}/paper-counts/", {"yes": 1, "no": 1, "abstain": 0, **CONFIRMED})
    vote.refresh_from_db()
    # device 4 / 1 / 1 + paper 1 / 1 / 0; one paper ballot was not returned: 未按
    assert (vote.status, vote.yes, vote.no, vote.abstain, vote.not_voted) == ("closed", 5, 2, 1, 1)
    assert vote.passed is True  # 2*5 > 9


def test_a_member_given_a_paper_ballot_cannot_vote_on_the_device(clerk, hall):
    vote, members = hall
    hand_paper(clerk, vote, members[0])
    with pytest.raises(AlreadyVoted):
        workflow.cast(vote, actor=members[0].user, choice="yes")
    vote.refresh_from_db()
    assert vote.ballot_box.ballots.count() == 0 and vote.participations.count() == 1


def test_a_member_who_voted_on_the_device_is_given_no_paper_ballot(clerk, hall):
    vote, members = hall
    workflow.cast(vote, actor=members[0].user, choice="yes")
    response = client_for(clerk).post(
        f"/meetings/votes/{vote.pk}/paper-ballot/", {"deputy": members[0].pk}, follow=True
    )
    assert "已经表决或已领取纸质表决票" in response.content.decode()
    vote.refresh_from_db()
    assert vote.paper_issued == 0 and vote.participations.count() == 1


def test_only_an_open_secret_electronic_vote_hands_out_paper_and_only_to_the_present(clerk, congress):
    meeting = open_meeting_with(clerk, congress, 9)
    members = give_accounts(meeting)
    sign_in_all(meeting, clerk, 8)
    vote = open_vote(meeting, clerk)
    with pytest.raises(TransitionRefused, match="表决开始时未签到出席"):
        workflow.issue_paper_ballot(vote, actor=clerk, deputy=members[-1])
    workflow.close_vote(vote, actor=clerk)
    with pytest.raises(TransitionRefused, match="只有正在进行的无记名电子表决"):
        workflow.issue_paper_ballot(vote, actor=clerk, deputy=members[0])


def test_a_member_cannot_hand_out_paper_ballots(hall):
    vote, members = hall
    response = hand_paper(members[0].user, vote, members[1])
    assert response.status_code in (403, 404)
    assert vote.participations.count() == 0


@pytest.mark.parametrize("raw", ["", "abc", "999999999999999999999", "-1", "\x00", "１"])
def test_a_malformed_member_is_refused_in_chinese(clerk, hall, raw):
    vote, _members = hall
    response = client_for(clerk).post(
        f"/meetings/votes/{vote.pk}/paper-ballot/", {"deputy": raw}, follow=True
    )
    assert "请选择领取纸质表决票的人员" in response.content.decode()
    assert vote.participations.count() == 0


def test_without_paper_ballots_the_vote_counts_itself_when_decrypted(clerk, hall):
    vote, members = hall
    for member in members:
        workflow.cast(vote, actor=member.user, choice="yes")
    vote = decrypt(workflow.close_vote(vote, actor=clerk), clerk)
    assert vote.status == Vote.Status.CLOSED and vote.yes == 9
