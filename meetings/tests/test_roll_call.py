"""记名表决: who voted what is public, and no anonymous ballots are written."""

import pytest

from conftest import client_for
from meetings import workflow
from meetings.models import Participation
from meetings.tests.helpers import open_meeting_with, open_vote, sign_in_all

pytestmark = pytest.mark.django_db


def test_a_roll_call_vote_shows_who_voted_what(clerk, leader, deputy, co_signer, congress):
    meeting = open_meeting_with(clerk, congress, 3)
    sign_in_all(meeting, clerk)
    vote = open_vote(meeting, clerk, secret=False)
    client_for(deputy).post(f"/meetings/votes/{vote.pk}/cast/", {"choice": "yes"})
    client_for(co_signer).post(f"/meetings/votes/{vote.pk}/cast/", {"choice": "no"})
    assert vote.ballot_box is None
    assert Participation.objects.get(deputy=deputy.deputy).choice == "yes"
    page = client_for(leader).get(f"/meetings/votes/{vote.pk}/").content.decode()
    assert "记名表决：每人表决意见" not in page  # not while it is open
    workflow.close_vote(vote, actor=clerk)
    vote.refresh_from_db()
    assert (vote.yes, vote.no, vote.not_voted, vote.passed) == (1, 1, 1, False)
    page = client_for(leader).get(f"/meetings/votes/{vote.pk}/").content.decode()
    assert "张代表" in page and "赵代表" in page and "反对" in page
    device = client_for(deputy).get(f"/meetings/{meeting.pk}/device/").content.decode()
    assert "上一项表决结果" in device
