"""The device API stores a ballot with the same rules as the form, answering in JSON."""
import pytest
from django.urls import reverse

from conftest import client_for
from meetings.models import Participation, SecretBallot
from meetings.tests.helpers import open_meeting_with, open_vote, sign_in_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def vote(clerk, congress, deputy, co_signer):
    meeting = open_meeting_with(clerk, congress, 3)
    sign_in_all(meeting, clerk)
    return open_vote(meeting, clerk)


def cast(user, vote, choice="yes"):
    return client_for(user).post(reverse("meetings:api_cast", args=[vote.pk]), {"choice": choice})


def test_a_present_deputy_votes_once_through_the_api(vote, deputy):
    response = cast(deputy, vote)
    assert response.status_code == 200 and "投票成功" in response.json()["message"]
    assert Participation.objects.filter(vote=vote).count() == 1
    assert SecretBallot.objects.filter(vote=vote, choice="yes").count() == 1


def test_a_second_ballot_is_refused_with_409(vote, deputy):
    cast(deputy, vote)
    response = cast(deputy, vote, "no")
    assert response.status_code == 409 and "已投票" in response.json()["error"]
    assert SecretBallot.objects.filter(vote=vote).count() == 1


def test_a_bad_choice_is_refused_in_chinese(vote, deputy):
    response = cast(deputy, vote, "maybe")
    assert response.status_code == 409 and "赞成" in response.json()["error"]
    assert not Participation.objects.exists()


def test_staff_cannot_vote_and_anonymous_must_sign_in(vote, clerk, citizen):
    assert cast(clerk, vote).status_code == 403
    assert citizen.post(reverse("meetings:api_cast", args=[vote.pk]), {"choice": "yes"}).status_code == 401


def test_a_deputy_of_another_congress_cannot_vote(vote, other_congress):
    from accounts.models import Role
    from conftest import make_deputy, make_user

    stranger = make_user("stranger", "外区代表", other_congress, Role.DEPUTY)
    make_deputy(other_congress, user=stranger)
    assert cast(stranger, vote).status_code in (403, 409)
    assert not Participation.objects.exists()


def test_a_closed_vote_takes_no_ballots(vote, clerk, deputy):
    from meetings import workflow

    workflow.close_vote(vote, actor=clerk)
    assert cast(deputy, vote).status_code == 409


def test_a_roll_call_ballot_through_the_api_records_who_voted_what(clerk, congress, deputy, co_signer):
    meeting = open_meeting_with(clerk, congress, 3)
    sign_in_all(meeting, clerk)
    vote = open_vote(meeting, clerk, secret=False)
    assert cast(deputy, vote, "abstain").status_code == 200
    assert Participation.objects.get(vote=vote, deputy__user=deputy).choice == "abstain"
    assert not SecretBallot.objects.filter(vote=vote).exists()
