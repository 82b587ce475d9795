"""Counting a round (DOMAIN §2 steps 5–7) and the round that follows it."""

from __future__ import annotations

import pytest

from elections import workflow
from elections.models import Round
from elections.tests.conftest import close_and_count, marks, ready_round, vote_all

pytestmark = pytest.mark.django_db


def close(round_, clerk):
    close_and_count(round_, clerk)
    round_.refresh_from_db()
    return round_


def test_tie_at_the_last_seat_creates_a_revote_among_exactly_the_tied(clerk, body, meeting, election):
    first = ready_round(election, clerk, body)
    workflow.open_round(first, actor=clerk)
    # docs/tally.md example: 甲 8, 乙 5, 丙 5 of N = 9 for 2 seats.
    vote_all(first, body, [marks(["甲", "乙"])] * 4 + [marks(["甲", "丙"])] * 4 + [marks(["乙", "丙"])])
    first = close(first, clerk)
    assert first.result["elected"] == ["甲"]
    assert first.result["revote"] == {"candidates": ["乙", "丙"], "seats": 1}
    revote = Round.objects.get(number=2)
    assert revote.kind == "revote" and revote.status == "draft" and revote.seats == 1
    assert revote.candidate_names == ["乙", "丙"]
    assert list(revote.scrutineers.values_list("name", flat=True)) == ["庚"]

    workflow.open_round(revote, actor=clerk)
    vote_all(revote, body, [marks(["乙"])] * 4 + [marks(["丙"])] * 3 + [marks()] * 2)
    revote = close(revote, clerk)
    # In the re-vote the most votes win (组织法第二十九条), even without a majority of all.
    assert revote.result["elected"] == ["乙"]
    assert Round.objects.count() == 2
    assert workflow.group_outcome(first.office_group) == {
        "elected": ["甲", "乙"],
        "pending": False,
        "decided": True,
        "vacant": 0,
    }


def test_revote_ballot_refuses_write_ins(clerk, body, meeting, election):
    first = ready_round(election, clerk, body)
    workflow.open_round(first, actor=clerk)
    vote_all(first, body, [marks(["甲", "乙"])] * 4 + [marks(["甲", "丙"])] * 4 + [marks(["乙", "丙"])])
    close(first, clerk)
    revote = Round.objects.get(number=2)
    workflow.open_round(revote, actor=clerk)
    with pytest.raises(workflow.BallotInvalid, match="不能另选他人"):
        workflow.cast(revote, deputy=body[0], marks={"乙": "against"}, write_ins=["丁"])


def test_shortfall_creates_a_supplementary_round_that_still_needs_a_majority_of_all(
    clerk, body, meeting, election
):
    first = ready_round(election, clerk, body)
    workflow.open_round(first, actor=clerk)
    # 甲 6 (elected), 乙 4, 丙 3: one seat short.
    vote_all(
        first, body, [marks(["甲", "乙"])] * 4 + [marks(["甲", "丙"])] * 2 + [marks(["丙"])] + [marks()] * 2
    )
    first = close(first, clerk)
    assert first.result["elected"] == ["甲"] and first.result["supplementary_seats"] == 1
    supplementary = Round.objects.get(number=2)
    assert supplementary.kind == "supplementary" and supplementary.seats == 1
    # By first-round order: 乙 (4) then 丙 (3); a vice-chair needs 1 to 3 extra, so both stay.
    assert supplementary.candidate_names == ["乙", "丙"]

    workflow.open_round(supplementary, actor=clerk)
    # 乙 gets 4 of 9: the most votes, but 2*4 > 9 fails, so nobody is elected.
    vote_all(supplementary, body, [marks(["乙"])] * 4 + [marks(["丙"])] * 3 + [marks()] * 2)
    supplementary = close(supplementary, clerk)
    assert supplementary.result["elected"] == []
    assert supplementary.result["supplementary_seats"] == 1
    # Local default after a 另行选举 still short: 暂作缺额处理, no further round.
    assert Round.objects.count() == 2
    outcome = workflow.group_outcome(first.office_group)
    assert outcome["elected"] == ["甲"] and outcome["vacant"] == 1 and outcome["decided"]


def test_supplementary_round_elects_with_a_majority_of_all(clerk, body, meeting, election):
    first = ready_round(election, clerk, body)
    workflow.open_round(first, actor=clerk)
    vote_all(
        first, body, [marks(["甲", "乙"])] * 4 + [marks(["甲", "丙"])] * 2 + [marks(["丙"])] + [marks()] * 2
    )
    close(first, clerk)
    supplementary = Round.objects.get(number=2)
    workflow.open_round(supplementary, actor=clerk)
    vote_all(supplementary, body, [marks(["丙"])] * 5 + [marks(["乙"])] * 4)
    supplementary = close(supplementary, clerk)
    assert supplementary.result["elected"] == ["丙"]


def test_supplementary_round_checks_the_margin_for_its_seats(clerk, body, meeting, election):
    first = ready_round(election, clerk, body)
    workflow.open_round(first, actor=clerk)
    vote_all(
        first, body, [marks(["甲", "乙"])] * 4 + [marks(["甲", "丙"])] * 2 + [marks(["丙"])] + [marks()] * 2
    )
    close(first, clerk)
    supplementary = Round.objects.get(number=2)
    workflow.set_up_round(
        supplementary,
        actor=clerk,
        method="electronic",
        scrutineers=list(supplementary.scrutineers.all()),
        tellers=[],
        candidates=list(supplementary.candidates.filter(name="乙")),
    )
    with pytest.raises(workflow.TransitionRefused, match=r"另行选举.*差额应为 1 至 3 名"):
        workflow.open_round(supplementary, actor=clerk)


def test_more_ballots_returned_than_issued_voids_the_round_and_creates_a_rerun(
    clerk, body, meeting, election
):
    first = ready_round(election, clerk, body, method="paper", tellers=[clerk, _second_teller(election)])
    workflow.open_round(first, actor=clerk)
    workflow.close_round(first, actor=clerk, ballots_issued=9, ballots_returned=10)
    workflow.count_round(first, actor=clerk)
    first.refresh_from_db()
    assert first.result["round_valid"] is False and first.result["elected"] == []
    rerun = Round.objects.get(number=2)
    assert rerun.kind == "rerun" and rerun.seats == 2 and rerun.candidate_names == ["甲", "乙", "丙"]
    assert rerun.follows == first


def test_round_cannot_open_without_quorum(clerk, body, meeting, election):
    from elections.tests.conftest import set_absent

    first = ready_round(election, clerk, body)
    set_absent(meeting, *body[:4])  # 5 of 9 present: 3*5 < 2*9
    with pytest.raises(workflow.TransitionRefused, match="不足全体代表 9 名的三分之二"):
        workflow.open_round(first, actor=clerk)
    first.refresh_from_db()
    assert first.status == "draft"


def test_open_round_writes_one_audit_row_with_the_actor(clerk, body, meeting, election):
    from core.models import AuditEntry

    first = ready_round(election, clerk, body)
    workflow.open_round(first, actor=clerk)
    rows = AuditEntry.objects.filter(action="open_round")
    assert rows.count() == 1 and rows.get().actor_id == clerk.pk


def test_open_round_twice_is_refused(clerk, body, meeting, election):
    first = ready_round(election, clerk, body)
    workflow.open_round(first, actor=clerk)
    with pytest.raises(workflow.TransitionRefused, match="不能开始投票"):
        workflow.open_round(first, actor=clerk)


def _second_teller(election):
    from accounts.models import Role
    from conftest import make_user

    return make_user("teller2", "孙计票", election.congress, Role.STAFF)
