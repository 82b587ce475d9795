"""The chair's console for elections: each office's latest round under the election's agenda item
with its next step, one office's round or all offices' results with the 当选名单 put on the screen,
and the console's close asking with the count of those who have not voted."""

from __future__ import annotations

import pytest

from conftest import client_for
from elections import workflow
from elections.tests.conftest import close_and_count, marks, ready_round, vote_all
from meetings import queries
from meetings import workflow as meetings_workflow

pytestmark = pytest.mark.django_db


def test_console_lists_each_office_with_its_next_step(clerk, body, meeting, election):
    draft = ready_round(election, clerk, body, names=("甲", "乙"), seats=1)
    page = client_for(clerk).get(f"/meetings/{meeting.pk}/console/").content.decode()
    line = page[page.index(f'data-key="election_round:{draft.pk}"') :][:2000]
    assert "常委会副主任 · 第1轮（选举）" in line and "开始投票" in line
    assert f'data-key="election:{election.pk}"' in page


def test_closing_from_the_console_asks_with_the_count_and_comes_back(clerk, body, meeting, election):
    round_ = workflow.open_round(ready_round(election, clerk, body, names=("甲", "乙"), seats=1), actor=clerk)
    vote_all(round_, body[:7], [marks(["甲"])] * 7)
    console = f"/meetings/{meeting.pk}/console/"
    asked = client_for(clerk).post(f"/elections/rounds/{round_.pk}/close/", {"next": console})
    assert "还有 2 名出席代表未投票，确定结束投票并计票？" in asked.content.decode()
    done = client_for(clerk).post(
        f"/elections/rounds/{round_.pk}/close/", {"next": console, "confirmed": "yes"}
    )
    assert done.status_code == 302 and done.url == console
    round_.refresh_from_db()
    assert round_.status == "counting"  # the box is closed; the tellers decrypt its totals


def test_next_to_another_site_is_ignored(clerk, body, meeting, election):
    round_ = workflow.open_round(ready_round(election, clerk, body, names=("甲", "乙"), seats=1), actor=clerk)
    done = client_for(clerk).post(
        f"/elections/rounds/{round_.pk}/close/", {"next": "https://evil.example/", "confirmed": "yes"}
    )
    assert done.url == f"/elections/rounds/{round_.pk}/"


def test_one_office_and_then_all_offices_results_on_the_screen(clerk, body, meeting, election):
    vice = workflow.open_round(ready_round(election, clerk, body, names=("甲", "乙"), seats=1), actor=clerk)
    member = workflow.open_round(
        ready_round(
            election,
            clerk,
            body,
            names=("丙", "丁", "戊"),
            seats=2,
            office="committee_member",
            post="常委会委员",
        ),
        actor=clerk,
    )
    meeting = meetings_workflow.show_on_screen(
        meeting, actor=clerk, display="item", target=f"election_round:{member.pk}"
    )
    shown = queries.screen_state(meeting)["shown"]
    assert [(s["key"], s["status"]) for s in shown] == [(f"election_round:{member.pk}", "open")]
    vote_all(vice, body, [marks(["甲"])] * 9)
    vote_all(member, body, [marks(["丙", "丁"])] * 9)
    close_and_count(vice, clerk)
    close_and_count(member, clerk)
    shown = queries.screen_state(meeting)["shown"]
    assert shown[0]["outcome"] == "当选：丙、丁"
    meeting = meetings_workflow.show_on_screen(
        meeting, actor=clerk, display="item", target=f"election:{election.pk}"
    )
    shown = queries.screen_state(meeting)["shown"]
    assert shown[0]["outcome"] == "当选名单：常委会副主任：甲；常委会委员：丙、丁"
    summary = meetings_workflow.show_on_screen(meeting, actor=clerk, display="summary")
    assert (
        "当选名单：常委会副主任：甲；常委会委员：丙、丁"
        in client_for(clerk).get(f"/meetings/{summary.pk}/screen/").content.decode()
    )


def test_a_round_of_another_meeting_cannot_be_shown(clerk, meeting):
    with pytest.raises(meetings_workflow.TransitionRefused, match="不属于本次会议"):
        meetings_workflow.show_on_screen(meeting, actor=clerk, display="item", target="election_round:999")
