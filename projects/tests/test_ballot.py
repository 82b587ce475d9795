"""票决: electronic and paper ballots, void ballots and rounds, ties (revote / presidium), the
recount export equal to the stored result, and the refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from conftest import client_for, make_deputy, make_user
from core.models import AuditEntry
from core.workflow import TransitionRefused
from meetings import tally
from meetings.models import Attendance, Meeting
from meetings.tests.helpers import register_teller_key
from projects import workflow_ballot, workflow_call
from projects.models import Call, ProjectBallot
from projects.tests.conftest import decrypt_by_tellers

CONFIRMED = {"confirmed": "yes"}  # the confirmation box ticked (core/confirm.py)

pytestmark = pytest.mark.django_db


@pytest.fixture
def voters(congress, term, deputy, co_signer):
    users = [deputy, co_signer]
    for n in range(7):
        user = make_user(f"v{n}", f"代表{n}", congress, Role.DEPUTY)
        make_deputy(congress, term, user=user)
        users.append(user)
    return users


@pytest.fixture
def meeting(congress, voters):
    meeting = Meeting.objects.create(
        congress=congress,
        kind=Meeting.Kind.PLENARY,
        number=1,
        title="第一次全体会议",
        starts_at=timezone.now(),
        status=Meeting.Status.OPEN,
        body_size=len(voters),
        opened_at=timezone.now(),
    )
    for user in voters:
        Attendance.objects.create(
            meeting=meeting,
            deputy=user.deputy,
            status=Attendance.Status.PRESENT,
            signed_in_at=timezone.now() - dt.timedelta(minutes=5),
        )
    register_teller_key(meeting)  # electronic ballots are encrypted under the meeting's tellers' key
    return meeting


@pytest.fixture
def submitted(locked_call, clerk, congress, term):
    from meetings.models import CongressSession

    session = CongressSession.objects.create(
        congress=congress, term=term, number=5, starts_on=dt.date(2027, 1, 10)
    )
    return workflow_call.submit_candidates(locked_call, actor=clerk, session=session)


def ballot_for(call, clerk, meeting, method="electronic", tellers=()):
    ballot = workflow_ballot.create_ballot(call, actor=clerk, meeting=meeting, method=method, tellers=tellers)
    return workflow_ballot.open_ballot(ballot, actor=clerk)


def test_electronic_ballot_counts_and_exports_for_recount(submitted, clerk, meeting, voters):
    ballot = ballot_for(submitted, clerk, meeting)
    a, b, c = ballot.candidates
    for user, picks in zip(voters, [[a, b]] * 5 + [[a, c]] * 3 + [[]]):
        workflow_ballot.cast_ballot(
            ballot, deputy=user.deputy, choices={t: t in picks for t in ballot.candidates}
        )
    ballot = decrypt_by_tellers(workflow_ballot.close_ballot(ballot, actor=clerk), clerk)
    assert ballot.status == ProjectBallot.Status.CLOSED
    assert ballot.result["counts"] == {a: 8, b: 5, c: 3} and ballot.result["adopted"] == [a, b]
    assert ballot.result["valid_ballots"] == 9
    assert tally.tally(workflow_ballot.export_document(ballot)) == ballot.result
    assert AuditEntry.objects.filter(action="count_ballot", actor_id=clerk.pk).count() == 1
    # secrecy: the box holds 9 ciphertexts and only their totals were decrypted
    assert ballot.participations.count() == 9 and ballot.ballot_box.ballots.count() == 9
    assert ballot.ballot_box.totals == [8, 5, 3]


def test_a_deputy_votes_once_and_never_for_more_than_n(submitted, clerk, meeting, voters):
    ballot = ballot_for(submitted, clerk, meeting)
    client = client_for(voters[0])
    url = reverse("projects:ballot_vote", args=[ballot.pk])
    response = client.post(url, {"pick": ["1", "2", "3"], **CONFIRMED})
    assert response.status_code == 400 and "最多只能选择 2 个" in response.content.decode()
    assert client.post(url, {"pick": ["1"], **CONFIRMED}).status_code == 302
    response = client.post(url, {"pick": ["2"], **CONFIRMED})
    assert response.status_code in (200, 409)
    ballot.refresh_from_db()
    assert ballot.ballot_box.ballots.count() == 1


def test_a_deputy_not_present_when_it_opened_cannot_vote(submitted, clerk, meeting, voters):
    Attendance.objects.filter(meeting=meeting, deputy=voters[-1].deputy).update(
        status=Attendance.Status.ABSENT
    )
    ballot = ballot_for(submitted, clerk, meeting)
    Attendance.objects.filter(meeting=meeting, deputy=voters[-1].deputy).update(
        status=Attendance.Status.PRESENT
    )
    with pytest.raises(TransitionRefused):
        workflow_ballot.cast_ballot(ballot, deputy=voters[-1].deputy, choices={})


def test_without_quorum_the_ballot_does_not_open(submitted, clerk, meeting, voters):
    Attendance.objects.filter(meeting=meeting, deputy__in=[u.deputy for u in voters[:4]]).update(
        status=Attendance.Status.ABSENT
    )
    ballot = workflow_ballot.create_ballot(submitted, actor=clerk, meeting=meeting, method="electronic")
    with pytest.raises(TransitionRefused, match="三分之二"):
        workflow_ballot.open_ballot(ballot, actor=clerk)


def test_more_returned_than_issued_voids_the_round_and_a_new_one_follows(submitted, clerk, meeting, congress):
    teller = make_user("teller", "孙计票", congress, Role.STAFF)
    ballot = ballot_for(submitted, clerk, meeting, method="paper", tellers=[clerk, teller])
    ballot = workflow_ballot.close_ballot(ballot, actor=clerk, ballots_issued=5, ballots_returned=6)
    ballot = workflow_ballot.count_ballot(ballot, actor=clerk)  # no sheets need entering: the round is void
    assert ballot.result["round_valid"] is False
    rerun = ProjectBallot.objects.exclude(pk=ballot.pk).get(call=submitted)
    assert rerun.status == ProjectBallot.Status.DRAFT and rerun.candidates == ballot.candidates
    assert set(rerun.tellers.all()) == {clerk, teller}
    assert workflow_ballot.ballot_outcome(submitted)["main"] is None


def test_a_tie_at_place_n_is_revoted_among_the_tied(submitted, clerk, meeting, voters):
    ballot = ballot_for(submitted, clerk, meeting)
    a, b, c = ballot.candidates
    for user, picks in zip(voters, [[a, b]] * 4 + [[a, c]] * 4 + [[a]]):
        workflow_ballot.cast_ballot(
            ballot, deputy=user.deputy, choices={t: t in picks for t in ballot.candidates}
        )
    ballot = decrypt_by_tellers(workflow_ballot.close_ballot(ballot, actor=clerk), clerk)
    assert ballot.result["revote"] == {"candidates": [b, c], "places": 1}
    revote = ProjectBallot.objects.get(follows=ballot)
    assert revote.candidates == [b, c] and revote.adopt == 1
    with pytest.raises(TransitionRefused, match="票数相等"):
        workflow_call.announce_result(submitted, actor=clerk)
    revote = workflow_ballot.open_ballot(revote, actor=clerk)
    for user, pick in zip(voters, [c] * 5 + [b] * 4):
        workflow_ballot.cast_ballot(revote, deputy=user.deputy, choices={pick: True})
    decrypt_by_tellers(workflow_ballot.close_ballot(revote, actor=clerk), clerk)
    call = workflow_call.announce_result(submitted, actor=clerk)
    assert call.status == Call.Status.ANNOUNCED
    assert set(call.projects.filter(status="adopted").values_list("title", flat=True)) == {a, c}


def test_with_the_presidium_tie_rule_staff_record_its_decision(submitted, clerk, meeting, voters):
    ballot = workflow_ballot.create_ballot(submitted, actor=clerk, meeting=meeting, method="electronic")
    ProjectBallot.objects.filter(pk=ballot.pk).update(settings={**ballot.settings, "tie_rule": "presidium"})
    ballot = workflow_ballot.open_ballot(ballot, actor=clerk)
    a, b, c = ballot.candidates
    for user, picks in zip(voters, [[a, b]] * 4 + [[a, c]] * 4):
        workflow_ballot.cast_ballot(
            ballot, deputy=user.deputy, choices={t: t in picks for t in ballot.candidates}
        )
    ballot = decrypt_by_tellers(workflow_ballot.close_ballot(ballot, actor=clerk), clerk)
    assert not ProjectBallot.objects.filter(follows=ballot).exists()
    with pytest.raises(TransitionRefused):
        workflow_ballot.decide_tie(ballot, actor=clerk, chosen=[b, c])
    workflow_ballot.decide_tie(ballot, actor=clerk, chosen=[b])
    workflow_call.announce_result(submitted, actor=clerk)
    assert set(submitted.projects.filter(status="adopted").values_list("title", flat=True)) == {a, b}


def test_per_line_mode_counts_yes_votes(submitted, clerk, meeting, voters, congress):
    ballot = workflow_ballot.create_ballot(submitted, actor=clerk, meeting=meeting, method="electronic")
    ProjectBallot.objects.filter(pk=ballot.pk).update(settings={**ballot.settings, "ballot_mode": "per_line"})
    ballot = workflow_ballot.open_ballot(ballot, actor=clerk)
    a, b, c = ballot.candidates
    for user in voters:
        workflow_ballot.cast_ballot(ballot, deputy=user.deputy, choices={a: "yes", b: "no", c: "yes"})
    ballot = decrypt_by_tellers(workflow_ballot.close_ballot(ballot, actor=clerk), clerk)
    assert ballot.result["counts"] == {a: 9, b: 0, c: 9}
    assert ballot.result["line_counts"][b]["no"] == 9


def test_only_staff_run_a_ballot(submitted, clerk, leader, meeting):
    ballot = workflow_ballot.create_ballot(submitted, actor=clerk, meeting=meeting, method="electronic")
    response = client_for(leader).post(reverse("projects:open_ballot", args=[ballot.pk]), CONFIRMED)
    ballot.refresh_from_db()
    assert response.status_code == 302 and ballot.status == ProjectBallot.Status.DRAFT
    assert client_for(leader).get(reverse("projects:open_ballot", args=[ballot.pk])).status_code == 405
