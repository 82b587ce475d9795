"""The device API stores a ballot with the same rules as the form, answering in JSON.

Its credential is the ballot token the device page hands a deputy who may vote (meetings.device_api);
these tests go through Django's view, the path every refused ballot takes (test_device_api.py
covers the short path in front of Django).
"""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from conftest import client_for
from meetings import device_api, workflow
from meetings.models import Participation
from meetings.tests.helpers import attendance_of, open_meeting_with, open_vote, sealed_ballots, sign_in_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def vote(clerk, congress, deputy, co_signer):
    meeting = open_meeting_with(clerk, congress, 3)
    sign_in_all(meeting, clerk)
    return open_vote(meeting, clerk)


def token_for(user, vote):
    return device_api.issue_ballot_token(user.pk, vote.meeting_id)


def cast(user, vote, choice="yes", token=None, client=None):
    token = token_for(user, vote) if token is None else token
    return (client or Client()).post(
        reverse("meetings:api_cast", args=[vote.pk]), {"choice": choice}, headers={"X-Ballot-Token": token}
    )


def test_a_present_deputy_votes_once_through_the_api(vote, deputy):
    response = cast(deputy, vote)
    assert response.status_code == 200 and "投票成功" in response.json()["message"]
    assert Participation.objects.filter(vote=vote).count() == 1
    assert sealed_ballots(vote).count() == 1
    assert response.json()["fingerprint"] == sealed_ballots(vote).get().fingerprint


def test_a_second_ballot_is_refused_with_409(vote, deputy):
    cast(deputy, vote)
    response = cast(deputy, vote, "no")
    assert response.status_code == 409 and "已投票" in response.json()["error"]
    assert sealed_ballots(vote).count() == 1


def test_a_bad_choice_is_refused_in_chinese(vote, deputy):
    response = cast(deputy, vote, "maybe")
    assert response.status_code == 409 and "赞成" in response.json()["error"]
    assert not Participation.objects.exists()


def test_staff_cannot_vote_and_nobody_votes_without_a_token(vote, clerk, deputy):
    assert cast(clerk, vote).status_code == 403
    response = cast(deputy, vote, token="")
    assert response.status_code == 401 and "刷新表决页面" in response.json()["error"]
    assert not Participation.objects.exists()


def test_a_signed_in_browser_without_the_token_cannot_vote(vote, deputy):
    """The session cookie is not a credential here, so another site cannot make a browser vote."""
    response = client_for(deputy).post(reverse("meetings:api_cast", args=[vote.pk]), {"choice": "yes"})
    assert response.status_code == 401
    assert not Participation.objects.exists()


def test_a_forged_token_is_refused(vote, deputy, co_signer):
    genuine = token_for(deputy, vote)
    forged = token_for(co_signer, vote).split(":")[0] + ":" + genuine.split(":", 1)[1]
    assert cast(deputy, vote, token=forged).status_code == 401
    assert cast(deputy, vote, token="garbage").status_code == 401
    assert not Participation.objects.exists()


def test_a_token_lasts_one_sitting_day(vote, deputy):
    token = token_for(deputy, vote)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 1)
    with time_machine.travel(later):
        assert device_api.read_ballot_token(token) is None
    assert device_api.read_ballot_token(token) == (deputy.pk, vote.meeting_id)


def test_a_token_of_another_meeting_does_not_vote_here(vote, deputy):
    response = cast(deputy, vote, token=device_api.issue_ballot_token(deputy.pk, vote.meeting_id + 1))
    assert response.status_code == 409 and "不在本次会议" in response.json()["error"]
    assert not Participation.objects.exists()


def test_a_deactivated_account_cannot_use_its_token(vote, deputy):
    token = token_for(deputy, vote)
    deputy.is_active = False
    deputy.save(update_fields=["is_active"])
    assert cast(deputy, vote, token=token).status_code == 401
    assert not Participation.objects.exists()


def test_a_deputy_of_another_congress_cannot_vote(vote, other_congress):
    from accounts.models import Role
    from conftest import make_deputy, make_user

    stranger = make_user("stranger", "外区代表", other_congress, Role.DEPUTY)
    make_deputy(other_congress, user=stranger)
    assert cast(stranger, vote).status_code in (403, 409)
    assert not Participation.objects.exists()


def test_a_closed_vote_takes_no_ballots(vote, clerk, deputy):
    workflow.close_vote(vote, actor=clerk)
    assert cast(deputy, vote).status_code == 409


def test_a_roll_call_ballot_through_the_api_records_who_voted_what(clerk, congress, deputy, co_signer):
    meeting = open_meeting_with(clerk, congress, 3)
    sign_in_all(meeting, clerk)
    vote = open_vote(meeting, clerk, secret=False)
    assert cast(deputy, vote, "abstain").status_code == 200
    assert Participation.objects.get(vote=vote, deputy__user=deputy).choice == "abstain"
    assert not sealed_ballots(vote).exists()


def test_the_device_page_hands_the_token_only_to_a_deputy_who_may_vote(vote, deputy):
    page = client_for(deputy).get(reverse("meetings:device", args=[vote.meeting_id]))
    token = page.context["ballot_token"]
    assert f'data-ballot-token="{token}"' in page.content.decode()
    assert device_api.read_ballot_token(token) == (deputy.pk, vote.meeting_id)
    cast(deputy, vote, token=token)
    assert (
        client_for(deputy).get(reverse("meetings:device", args=[vote.meeting_id])).context["ballot_token"]
        == ""
    )


def test_a_deputy_signed_in_after_the_vote_opened_gets_no_token(clerk, congress, deputy, co_signer):
    meeting = open_meeting_with(clerk, congress, 3)
    sign_in_all(meeting, clerk, skip=[attendance_of(meeting, deputy).deputy])
    vote = open_vote(meeting, clerk)
    workflow.sign_in(attendance_of(meeting, deputy), actor=clerk, method="desk")
    page = client_for(deputy).get(reverse("meetings:device", args=[vote.meeting_id]))
    assert page.context["ballot_token"] == ""
    response = cast(deputy, vote)
    assert response.status_code == 409 and "未签到" in response.json()["error"]
