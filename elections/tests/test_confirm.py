"""Every irreversible step of an election asks first, with the counts (core/confirm.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import client_for
from elections import workflow
from elections.tests.conftest import marks, ready_round, vote_all

pytestmark = pytest.mark.django_db


def test_close_round_says_how_many_present_deputies_have_not_voted(clerk, body, meeting, election):
    first = ready_round(election, clerk, body)
    workflow.open_round(first, actor=clerk)
    vote_all(first, body[:6], [marks(["甲"])] * 6)
    staff = client_for(clerk)
    url = reverse("elections:close_round", args=[first.pk])
    page = staff.get(reverse("elections:round_detail", args=[first.pk])).content.decode()
    assert "还有 3 名出席代表未投票，确定结束投票并计票？" in page and 'name="confirmed"' in page
    asked = staff.post(url)
    assert asked.status_code == 200 and "还有 3 名出席代表未投票" in asked.content.decode()
    first.refresh_from_db()
    assert first.status == "open"
    staff.post(url, {"confirmed": "yes"})
    first.refresh_from_db()
    assert first.status == "counting"  # the box is closed; the tellers decrypt its totals


def test_announce_and_fix_candidates_ask_first(clerk, body, meeting, election):
    from elections.tests.conftest import group_with_candidates

    group = group_with_candidates(election, clerk)
    staff = client_for(clerk)
    asked = staff.post(reverse("elections:fix_candidates", args=[group.pk]))
    assert "被提名人 3 名：甲、乙、丙，应选 2 名" in asked.content.decode()
    group.refresh_from_db()
    assert group.status == "nominating"
    asked = staff.post(reverse("elections:announce", args=[election.pk]))
    assert "宣布后不能撤销" in asked.content.decode()


def test_deputy_ballot_asks_before_it_is_cast(clerk, body, meeting, election):
    first = ready_round(election, clerk, body)
    workflow.open_round(first, actor=clerk)
    voter = client_for(body[0].user)
    url = reverse("elections:ballot", args=[first.pk])
    asked = voter.post(url, {"mark_1": "for"})
    page = asked.content.decode()
    assert "投票后不能更改，确定投出这张选票？" in page and 'name="mark_1" value="for"' in page
    assert not workflow.has_voted(first, body[0])
    assert voter.post(url, {"mark_1": "for", "confirmed": "yes"}).status_code == 302
    assert workflow.has_voted(first, body[0])
