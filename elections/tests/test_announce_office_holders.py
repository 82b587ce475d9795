"""An announced election result enters the register of office holders on the announcement date:
a vice-chair or a member elected in a 补选 joins the standing committee, and M, that day (DOMAIN §10)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from elections import workflow as elections_workflow
from elections.tests.conftest import close_and_count, marks, ready_round, vote_all
from registry import queries
from registry.models import CommitteeMembership, OfficeHolding

pytestmark = pytest.mark.django_db


def test_by_election_winners_join_the_committee_on_the_announcement_date(
    clerk, congress, term, body, meeting, election
):
    """A 补选 of two vice-chairs: both become committee members, and M grows, on the day it is announced."""
    today = timezone.localdate()
    assert queries.member_count(congress, today) == 0
    first = ready_round(election, clerk, body, office="by_election", post="常委会副主任", names=("甲", "乙"))
    elections_workflow.open_round(first, actor=clerk)
    vote_all(first, body, [marks(["甲", "乙"])] * 9)
    close_and_count(first, clerk)
    elections_workflow.announce(election, actor=clerk)
    assert queries.member_count(congress, today) == 2
    assert queries.member_count(congress, today - dt.timedelta(days=1)) == 0
    memberships = CommitteeMembership.objects.filter(congress=congress).select_related("deputy", "holding")
    assert sorted(m.deputy.name for m in memberships) == ["乙", "甲"]
    assert {m.position for m in memberships} == {CommitteeMembership.Position.VICE_CHAIR}
    holding = memberships[0].holding
    assert (holding.basis, holding.starts_on, holding.post.name) == ("election", today, "常委会副主任")
    assert holding.source == f"elections.election:{election.pk}"


def test_home_page_shows_m_after_the_announcement(clerk, congress, term, body, meeting, election):
    first = ready_round(
        election, clerk, body, office="by_election", post="常委会委员", names=("甲",), seats=1
    )
    elections_workflow.open_round(first, actor=clerk)
    vote_all(first, body, [marks(["甲"])] * 9)
    close_and_count(first, clerk)
    elections_workflow.announce(election, actor=clerk)
    page = client_for(clerk).get(reverse("portal:home"))
    todo = next(t for t in page.context["todos"] if t.title == "常委会组成人员（实有数）")
    assert todo.count == 1


def test_deputies_to_the_next_congress_fill_no_post(clerk, congress, term, body, meeting, election):
    first = ready_round(
        election,
        clerk,
        body,
        office="higher_deputy",
        post="出席市人民代表大会代表",
        names=("甲", "乙", "丙"),
        seats=2,
    )
    elections_workflow.open_round(first, actor=clerk)
    vote_all(first, body, [marks(["甲", "乙"])] * 9)
    close_and_count(first, clerk)
    elections_workflow.announce(election, actor=clerk)
    assert not OfficeHolding.objects.exists()
