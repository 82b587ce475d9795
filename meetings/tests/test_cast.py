"""投票: each present member votes yes / no / abstain once; a second vote gets 409 “您已投票”."""

import pytest

from conftest import client_for
from core.models import AuditEntry
from meetings import workflow
from meetings.models import Attendance, Participation
from meetings.tests.helpers import (
    attendance_of,
    close_and_count,
    open_meeting_with,
    open_vote,
    sealed_ballots,
    sign_in_all,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def vote(clerk, deputy, co_signer, congress):
    meeting = open_meeting_with(clerk, congress, 3)
    sign_in_all(meeting, clerk)
    return open_vote(meeting, clerk)


def test_deputy_casts_a_secret_ballot(deputy, vote):
    audit_before = AuditEntry.objects.count()
    response = client_for(deputy).post(f"/meetings/votes/{vote.pk}/cast/", {"choice": "yes"})
    assert response.status_code == 302
    assert Participation.objects.filter(vote=vote, deputy=deputy.deputy, choice="").count() == 1
    assert sealed_ballots(vote).count() == 1  # a ciphertext: the choice is nowhere in the database
    assert AuditEntry.objects.count() == audit_before  # casting leaves no audit trail
    page = client_for(deputy).get(f"/meetings/{vote.meeting_id}/device/").content.decode()
    assert "您已投票" in page


def test_the_deputy_gets_a_receipt_found_among_the_published_fingerprints(clerk, deputy, vote):
    response = client_for(deputy).post(f"/meetings/votes/{vote.pk}/cast/", {"choice": "no"}, follow=True)
    fingerprint = sealed_ballots(vote).get().fingerprint
    receipt = "-".join(fingerprint[i : i + 4].upper() for i in range(0, 16, 4))
    assert f"选票回执：{receipt}" in response.content.decode()
    vote = close_and_count(vote, clerk)
    assert (vote.yes, vote.no, vote.abstain) == (0, 1, 0)


def test_a_second_ballot_gets_409_and_does_not_count(deputy, vote):
    client = client_for(deputy)
    client.post(f"/meetings/votes/{vote.pk}/cast/", {"choice": "yes"})
    response = client.post(f"/meetings/votes/{vote.pk}/cast/", {"choice": "no"})
    assert response.status_code == 409
    assert "您已投票" in response.content.decode()
    assert sealed_ballots(vote).count() == 1 and Participation.objects.count() == 1
    assert AuditEntry.objects.get(action="refuse_ballot").note == "拒收：您已投票，不能重复投票。"


def test_an_unknown_choice_is_a_message_not_a_500(deputy, vote):
    response = client_for(deputy).post(f"/meetings/votes/{vote.pk}/cast/", {"choice": "maybe"})
    assert response.status_code == 400
    assert "请选择赞成、反对或弃权" in response.content.decode()
    assert not Participation.objects.exists()


def test_a_member_who_signed_in_after_the_vote_opened_cannot_vote(clerk, deputy, co_signer, congress):
    meeting = open_meeting_with(clerk, congress, 3)
    sign_in_all(meeting, clerk, skip=[deputy.deputy])
    vote = open_vote(meeting, clerk)
    workflow.sign_in(attendance_of(meeting, deputy), actor=deputy, method=Attendance.Method.DEVICE)
    response = client_for(deputy).post(f"/meetings/votes/{vote.pk}/cast/", {"choice": "yes"})
    assert response.status_code == 409
    assert not Participation.objects.exists()


def test_a_ballot_after_the_vote_closed_is_refused(clerk, deputy, vote):
    workflow.close_vote(vote, actor=clerk)
    response = client_for(deputy).post(f"/meetings/votes/{vote.pk}/cast/", {"choice": "yes"})
    assert response.status_code == 409
    assert not Participation.objects.exists()


def test_staff_cannot_cast_and_get_is_not_allowed(clerk, deputy, vote):
    assert client_for(clerk).post(f"/meetings/votes/{vote.pk}/cast/", {"choice": "yes"}).status_code == 403
    assert client_for(deputy).get(f"/meetings/votes/{vote.pk}/cast/").status_code == 405


def test_a_deputy_who_is_not_a_member_gets_404(clerk, congress, deputy, vote):
    from conftest import make_deputy, make_user

    stranger = make_user("late", "后补代表", congress, "deputy")
    make_deputy(congress, user=stranger)  # elected after the meeting opened: not in its body
    assert client_for(stranger).post(f"/meetings/votes/{vote.pk}/cast/", {"choice": "yes"}).status_code == 404
    assert client_for(stranger).get(f"/meetings/{vote.meeting_id}/device/").status_code == 404
