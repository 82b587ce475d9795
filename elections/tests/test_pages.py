"""Every page renders in each state it can be in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Role
from conftest import client_for, make_user
from elections import workflow
from elections.tests.conftest import close_and_count, group_with_candidates, marks, ready_round, vote_all

pytestmark = pytest.mark.django_db


def test_election_list_and_detail_render(clerk, election):
    staff = client_for(clerk)
    assert election.title in staff.get(reverse("elections:election_list")).content.decode()
    page = staff.get(reverse("elections:election_detail", args=[election.pk])).content.decode()
    assert "增加职位" in page


def test_group_page_asks_for_a_preliminary_vote(clerk, election):
    group = group_with_candidates(election, clerk, names=("甲", "乙", "丙", "丁"), seats=2, extra=1)
    page = client_for(clerk).get(reverse("elections:group_detail", args=[group.pk])).content.decode()
    assert "须进行预选" in page and 'name="votes_丁"' in page
    response = client_for(clerk).post(
        reverse("elections:fix_candidates", args=[group.pk]),
        {"confirmed": "yes", "votes_甲": "5", "votes_乙": "4", "votes_丙": "3", "votes_丁": "1"},
    )
    assert response.status_code == 302
    assert workflow.nominees(group) and group.rounds.get().candidate_names == ["甲", "乙", "丙"]


def test_round_pages_render_through_a_paper_round(clerk, body, meeting, election, congress):
    teller = make_user("teller", "孙计票", congress, Role.STAFF)
    first = ready_round(election, clerk, body, method="paper", tellers=[clerk, teller])
    staff = client_for(clerk)
    url = reverse("elections:round_detail", args=[first.pk])
    assert "开始投票" in staff.get(url).content.decode()
    workflow.open_round(first, actor=clerk)
    assert "发出选票" in staff.get(url).content.decode()
    workflow.close_round(first, actor=clerk, ballots_issued=9, ballots_returned=1)
    page = staff.get(url).content.decode()
    assert "录入选票" in page and "1 张不一致或未录入" in page
    assert "选票编号" in staff.get(reverse("elections:sheet_entry", args=[first.pk])).content.decode()


def test_supplementary_round_page_offers_its_candidates(clerk, body, meeting, election):
    first = ready_round(election, clerk, body)
    workflow.open_round(first, actor=clerk)
    vote_all(first, body, [marks(["甲"])] * 5 + [marks()] * 4)
    close_and_count(first, clerk)
    supplementary = first.office_group.rounds.get(number=2)
    page = client_for(clerk).get(reverse("elections:round_detail", args=[supplementary.pk])).content.decode()
    assert "重新提名的候选人" in page
    response = client_for(clerk).post(
        reverse("elections:round_setup", args=[supplementary.pk]),
        {
            "method": "electronic",
            "scrutineers": [s.pk for s in supplementary.scrutineers.all()],
            "candidates": [c.pk for c in supplementary.candidates.all()],
            "new_names": "丁",
        },
    )
    assert response.status_code == 302
    supplementary.refresh_from_db()
    assert supplementary.candidate_names == ["乙", "丙", "丁"]


def test_deputy_sees_open_rounds_and_the_phone_ballot(clerk, body, meeting, election):
    first = ready_round(election, clerk, body)
    workflow.open_round(first, actor=clerk)
    voter = client_for(body[0].user)
    page = voter.get(reverse("elections:my_ballots")).content.decode()
    assert reverse("elections:ballot", args=[first.pk]) in page
    ballot = voter.get(reverse("elections:ballot", args=[first.pk])).content.decode()
    assert 'data-seats="2"' in ballot and "elections/ballot.js" in ballot and "另选他人" in ballot
    voter.post(reverse("elections:ballot", args=[first.pk]), {"confirmed": "yes", "mark_1": "for"})
    assert "您已投票" in voter.get(reverse("elections:ballot", args=[first.pk])).content.decode()
    assert "已投票" in voter.get(reverse("elections:my_ballots")).content.decode()
