"""人工计数: staff enter the counts of a hand or paper vote; checked against the number present."""

import pytest

from conftest import client_for
from core.models import AuditEntry
from meetings.models import Vote
from meetings.tests.helpers import open_meeting_with, open_vote, sign_in_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def vote(clerk, congress):
    meeting = open_meeting_with(clerk, congress, 9)
    sign_in_all(meeting, clerk, 7)
    return open_vote(meeting, clerk, method=Vote.Method.PAPER)


def test_clerk_enters_the_counts_and_the_vote_closes(clerk, vote):
    response = client_for(clerk).post(
        f"/meetings/votes/{vote.pk}/paper-counts/", {"confirmed": "yes", "yes": 5, "no": 1, "abstain": 0}
    )
    assert response.status_code == 302
    vote.refresh_from_db()
    assert (vote.status, vote.yes, vote.no, vote.abstain, vote.not_voted, vote.passed) == (
        "closed",
        5,
        1,
        0,
        1,
        True,
    )
    assert AuditEntry.objects.get(action="enter_paper_counts").actor_id == clerk.pk


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"yes": 5, "no": 2, "abstain": 1}, "不能大于出席人数"),
        ({"yes": -1, "no": 0, "abstain": 0}, "大于或等于"),
        ({"yes": "五", "no": 0, "abstain": 0}, "整数"),
        ({"no": 0, "abstain": 0}, "必填"),
    ],
)
def test_bad_counts_are_refused_with_a_message(clerk, vote, data, message):
    response = client_for(clerk).post(
        f"/meetings/votes/{vote.pk}/paper-counts/", data | {"confirmed": "yes"}, follow=True
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    vote.refresh_from_db()
    assert vote.status == Vote.Status.OPEN


def test_an_electronic_vote_takes_no_hand_counts(clerk, congress):
    meeting = open_meeting_with(clerk, congress, 3)
    sign_in_all(meeting, clerk)
    vote = open_vote(meeting, clerk)
    response = client_for(clerk).post(
        f"/meetings/votes/{vote.pk}/paper-counts/",
        {"confirmed": "yes", "yes": 3, "no": 0, "abstain": 0},
        follow=True,
    )
    assert "不能手工录入" in response.content.decode()
    vote.refresh_from_db()
    assert vote.status == Vote.Status.OPEN


def test_entering_twice_is_refused(clerk, vote):
    client = client_for(clerk)
    client.post(
        f"/meetings/votes/{vote.pk}/paper-counts/", {"confirmed": "yes", "yes": 5, "no": 1, "abstain": 0}
    )
    response = client.post(
        f"/meetings/votes/{vote.pk}/paper-counts/",
        {"confirmed": "yes", "yes": 1, "no": 1, "abstain": 0},
        follow=True,
    )
    assert "不能录入计票结果" in response.content.decode()
    vote.refresh_from_db()
    assert vote.yes == 5
