"""Two offices voting at once: the big screen shows both rounds, the deputy's device page offers
both ballots, and after counting the screen shows every office with its 当选名单."""

from __future__ import annotations

import pytest

from conftest import client_for
from elections import workflow
from elections.tests.conftest import by_name, close_and_count, group_with_candidates, marks, vote_all
from meetings import queries

pytestmark = pytest.mark.django_db


def open_two_offices(election, clerk, body):
    rounds = []
    for post, names, seats in (("常委会副主任", ("甲", "乙", "丙"), 2), ("常委会委员", ("丁", "戊"), 1)):
        group = group_with_candidates(election, clerk, names=names, seats=seats, post=post)
        first = workflow.fix_candidates(group, actor=clerk)
        workflow.set_up_round(
            first, actor=clerk, method="electronic", scrutineers=[by_name(body, "庚")], tellers=[]
        )
        rounds.append(workflow.open_round(first, actor=clerk))
    return rounds


def state(meeting):
    queries.forget_screen_state(meeting.pk)
    return queries.cached_screen_state(meeting.pk)


def test_screen_and_device_show_both_open_rounds(clerk, body, meeting, election):
    vice, member = open_two_offices(election, clerk, body)
    items = state(meeting)["items"]
    assert [i["key"] for i in items] == [f"election_round:{vice.pk}", f"election_round:{member.pk}"]
    assert all(i["voted_label"] == "已投票" for i in items)
    screen = client_for(clerk).get(f"/meetings/{meeting.pk}/screen/").content.decode()
    assert "常委会副主任" in screen and "常委会委员" in screen and "已表决" not in screen
    workflow.cast(vice, deputy=body[0], marks={"甲": "for"}, write_ins=[])
    device = client_for(body[0].user).get(f"/meetings/{meeting.pk}/device/").content.decode()
    assert "目前没有进行中的表决" not in device
    assert device.count("device-ballot") == 2 and "您已投票" in device
    assert f"/elections/rounds/{member.pk}/vote/" in device


def test_screen_shows_every_office_with_its_elected_after_counting(clerk, body, meeting, election):
    vice, member = open_two_offices(election, clerk, body)
    vote_all(vice, body, [marks(["甲", "乙"])] * 9)
    vote_all(member, body, [marks(["丁"])] * 9)
    close_and_count(vice, clerk)
    close_and_count(member, clerk)
    item = state(meeting)["item"]
    assert item["status"] == "closed"
    assert item["outcome"] == "当选名单：常委会副主任：甲、乙；常委会委员：丁"
    rows = [tuple(row) for row in item["result_rows"]]
    assert ("常委会委员（应选 1 名）", "当选：丁") in rows and ("\u3000甲", "赞成 9 票 当选") in rows
