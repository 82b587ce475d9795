"""Who may do what: staff run elections, deputies vote for themselves only if present."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import client_for
from elections import workflow
from elections.tests.conftest import ready_round, sealed_ballots, set_absent

pytestmark = pytest.mark.django_db


@pytest.fixture
def first(clerk, body, meeting, election):
    return ready_round(election, clerk, body)


def staff_urls(first):
    group, election = first.office_group, first.office_group.election
    return [
        reverse("elections:election_detail", args=[election.pk]),
        reverse("elections:group_detail", args=[group.pk]),
        reverse("elections:printable_ballot", args=[group.pk]),
        reverse("elections:round_detail", args=[first.pk]),
        reverse("elections:compare", args=[first.pk]),
    ]


def test_staff_of_another_congress_gets_404(outsider, first):
    for url in staff_urls(first):
        assert client_for(outsider).get(url).status_code == 404, url
    assert (
        client_for(outsider)
        .post(reverse("elections:open_round", args=[first.pk]), {"confirmed": "yes"})
        .status_code
        == 404
    )
    first.refresh_from_db()
    assert first.status == "draft"


def test_another_congress_cannot_reach_the_ballot(outsider, first, clerk):
    workflow.open_round(first, actor=clerk)
    assert client_for(outsider).get(reverse("elections:ballot", args=[first.pk])).status_code == 404


def test_deputy_cannot_run_an_election(deputy, first):
    assert (
        client_for(deputy)
        .post(reverse("elections:open_round", args=[first.pk]), {"confirmed": "yes"})
        .status_code
        == 403
    )
    assert client_for(deputy).get(reverse("elections:election_list")).status_code == 403


def test_leader_cannot_open_a_round(leader, first):
    assert (
        client_for(leader)
        .post(reverse("elections:open_round", args=[first.pk]), {"confirmed": "yes"})
        .status_code
        == 403
    )


def test_deputy_not_present_is_refused(clerk, body, meeting, first):
    set_absent(meeting, body[0])
    workflow.open_round(first, actor=clerk)
    response = client_for(body[0].user).post(
        reverse("elections:ballot", args=[first.pk]), {"confirmed": "yes", "mark_1": "for"}
    )
    assert response.status_code == 403
    assert "未在本次会议签到出席" in response.content.decode()
    assert not first.participations.exists() and not sealed_ballots(first).exists()


def test_deputy_who_signs_in_after_the_round_opened_is_refused(clerk, body, meeting, first):
    from meetings.models import Attendance

    set_absent(meeting, body[0])
    workflow.open_round(first, actor=clerk)
    Attendance.objects.filter(meeting=meeting, deputy=body[0]).update(status=Attendance.Status.PRESENT)
    response = client_for(body[0].user).post(
        reverse("elections:ballot", args=[first.pk]), {"confirmed": "yes", "mark_1": "for"}
    )
    assert response.status_code == 403


def test_voting_before_the_round_opens_is_refused(body, first):
    response = client_for(body[0].user).post(
        reverse("elections:ballot", args=[first.pk]), {"confirmed": "yes", "mark_1": "for"}
    )
    assert response.status_code == 403
    assert not sealed_ballots(first).exists()


def test_staff_without_a_deputy_record_has_no_ballot(clerk, first):
    workflow.open_round(first, actor=clerk)
    assert client_for(clerk).get(reverse("elections:ballot", args=[first.pk])).status_code == 404


def test_anonymous_visitor_is_sent_to_login(citizen, first):
    response = citizen.get(reverse("elections:ballot", args=[first.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_get_does_not_open_a_round(clerk, first):
    assert (
        client_for(clerk)
        .get(reverse("elections:open_round", args=[first.pk]), {"confirmed": "yes"})
        .status_code
        == 405
    )


def test_allowed_actions_follow_the_transition_table(clerk, deputy, first):
    assert workflow.allowed_actions(first, clerk) == ["open_round", "cancel_round"]
    assert workflow.allowed_actions(first, deputy) == []
    workflow.open_round(first, actor=clerk)
    first.refresh_from_db()
    assert workflow.allowed_actions(first, clerk) == ["close_round"]
