"""Nominations (组织法第二十六条), the margin rule (第二十七条) and the preliminary vote."""

from __future__ import annotations

import pytest

from elections import workflow
from elections.models import Candidate, Nomination, Round
from elections.tests.conftest import group_with_candidates

pytestmark = pytest.mark.django_db


def test_uncontested_vice_chair_list_breaks_the_margin_rule(clerk, election):
    group = group_with_candidates(election, clerk, names=("甲", "乙"), seats=2)
    with pytest.raises(workflow.TransitionRefused) as refused:
        workflow.fix_candidates(group, actor=clerk)
    message = str(refused.value)
    assert "差额应为 1 至 3 名" in message and "组织法第二十七条" in message
    group.refresh_from_db()
    assert group.status == "nominating" and not Round.objects.exists()


def test_head_with_two_nominees_must_be_contested_but_one_nominee_may_stand_alone(clerk, election):
    single = group_with_candidates(election, clerk, names=("甲",), seats=1, office="head", post="常委会主任")
    workflow.fix_candidates(single, actor=clerk)
    assert Candidate.objects.filter(office_group=single).count() == 1
    two = group_with_candidates(
        election, clerk, names=("乙", "丙"), seats=1, office="head", post="区长", extra=0
    )
    with pytest.raises(workflow.TransitionRefused, match="只有一名被提名人时才可以等额选举"):
        workflow.fix_candidates(two, actor=clerk, preliminary_votes={"乙": 5, "丙": 4})


def test_list_that_fixes_a_different_margin_is_refused(clerk, election):
    group = group_with_candidates(election, clerk, names=("甲", "乙", "丙", "丁"), seats=2, extra=1)
    # 4 nominees > 2 + 1: a preliminary vote is needed first.
    assert workflow.preliminary_vote_needed(group)
    with pytest.raises(workflow.TransitionRefused, match="须进行预选"):
        workflow.fix_candidates(group, actor=clerk)


def test_preliminary_vote_picks_the_top_seats_plus_margin(clerk, election):
    group = group_with_candidates(election, clerk, names=("甲", "乙", "丙", "丁"), seats=2, extra=1)
    workflow.fix_candidates(group, actor=clerk, preliminary_votes={"甲": 7, "乙": 3, "丙": 6, "丁": 5})
    candidates = Candidate.objects.filter(office_group=group)
    assert list(candidates.values_list("name", flat=True)) == ["甲", "丙", "丁"]
    assert all(c.from_preliminary_vote for c in candidates)
    assert Round.objects.get().candidate_names == ["甲", "丙", "丁"]


def test_preliminary_tie_at_the_cut_is_refused(clerk, election):
    group = group_with_candidates(election, clerk, names=("甲", "乙", "丙", "丁"), seats=2, extra=1)
    with pytest.raises(workflow.TransitionRefused, match="丙、丁 得票相等"):
        workflow.fix_candidates(group, actor=clerk, preliminary_votes={"甲": 7, "乙": 6, "丙": 5, "丁": 5})


def test_joint_nomination_needs_ten_deputies(clerk, election, body):
    group = workflow.add_office_group(
        election,
        actor=clerk,
        office="vice_head",
        post="常委会副主任",
        seats=2,
        extra=None,
        write_in_rule="deputy",
    )
    workflow.nominate(group, actor=clerk, kind=Nomination.Kind.DEPUTIES, names=["甲"], nominators=body[:9])
    errors = workflow.nomination_errors(group)
    assert any("须 10 名以上代表联名（组织法第二十六条）" in e for e in errors)


def test_each_deputy_joins_in_nominating_at_most_seats_names(clerk, election, body, congress, term):
    from conftest import make_deputy

    signers = body + [make_deputy(congress, term, name=f"联名{i}") for i in range(3)]
    group = workflow.add_office_group(
        election,
        actor=clerk,
        office="vice_head",
        post="常委会副主任",
        seats=2,
        extra=None,
        write_in_rule="deputy",
    )
    workflow.nominate(
        group, actor=clerk, kind=Nomination.Kind.DEPUTIES, names=["甲", "乙"], nominators=signers
    )
    assert workflow.nomination_errors(group) == []
    workflow.nominate(group, actor=clerk, kind=Nomination.Kind.DEPUTIES, names=["丙"], nominators=signers)
    errors = workflow.nomination_errors(group)
    assert any("联名提名了 3 名候选人，超过应选名额 2 名" in e for e in errors)


def test_presidium_list_may_not_exceed_the_seats(clerk, election):
    group = workflow.add_office_group(
        election,
        actor=clerk,
        office="vice_head",
        post="常委会副主任",
        seats=2,
        extra=None,
        write_in_rule="deputy",
    )
    workflow.nominate(group, actor=clerk, kind=Nomination.Kind.PRESIDIUM, names=["甲", "乙", "丙"])
    assert any("主席团提名 3 名，超过应选名额 2 名" in e for e in workflow.nomination_errors(group))


def test_unlawful_fixed_margin_is_refused_when_adding_the_office(clerk, election):
    with pytest.raises(workflow.TransitionRefused, match="差额 5 名不合法"):
        workflow.add_office_group(
            election,
            actor=clerk,
            office="vice_head",
            post="常委会副主任",
            seats=2,
            extra=5,
            write_in_rule="deputy",
        )


def test_fix_candidates_writes_one_audit_row(clerk, election):
    from core.models import AuditEntry

    group = group_with_candidates(election, clerk)
    workflow.fix_candidates(group, actor=clerk)
    rows = AuditEntry.objects.filter(action="fix_candidates")
    assert rows.count() == 1 and rows.get().actor_id == clerk.pk
    with pytest.raises(workflow.TransitionRefused):
        workflow.fix_candidates(group, actor=clerk)


def test_candidates_that_are_deputies_are_linked(clerk, election, body):
    group = group_with_candidates(election, clerk)
    workflow.fix_candidates(group, actor=clerk)
    assert Candidate.objects.get(name="甲").deputy.name == "甲"


def test_scrutineer_may_not_be_a_candidate(clerk, election, body):
    from elections.tests.conftest import by_name

    group = group_with_candidates(election, clerk)
    first = workflow.fix_candidates(group, actor=clerk)
    with pytest.raises(workflow.TransitionRefused, match="监票人不能是候选人：甲"):
        workflow.set_up_round(
            first, actor=clerk, method="electronic", scrutineers=[by_name(body, "甲")], tellers=[]
        )
