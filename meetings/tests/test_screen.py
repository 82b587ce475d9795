"""The big screen: attendance, quorum, how many have voted — never a partial result of a secret vote."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import client_for
from core.tests.test_failure_modes import redis_down  # noqa: F401 (a fixture)
from meetings import queries, workflow
from meetings.models import Attendance
from meetings.tests.helpers import close_and_count, open_meeting_with, open_vote, sign_in_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(clerk, deputy, co_signer, congress):
    meeting = open_meeting_with(clerk, congress, 4)
    sign_in_all(meeting, clerk, 3)
    workflow.mark_on_leave(
        meeting.attendances.get(status=Attendance.Status.ABSENT), actor=clerk, reason="出差"
    )
    return meeting


def test_the_state_counts_attendance_and_quorum(clerk, meeting):
    state = client_for(clerk).get(f"/meetings/{meeting.pk}/screen/state.json").json()
    assert (state["body_size"], state["present"], state["on_leave"], state["absent"]) == (4, 3, 1, 0)
    assert state["quorum_met"] is True and state["quorum_needed"] == 3
    assert state["item"] is None


def test_an_open_secret_vote_shows_only_how_many_have_voted(
    clerk, deputy, meeting, django_capture_on_commit_callbacks
):
    vote = open_vote(meeting, clerk)
    client_for(deputy).post(f"/meetings/votes/{vote.pk}/cast/", {"choice": "no"})
    queries.forget_screen_state(meeting.pk)
    item = client_for(clerk).get(f"/meetings/{meeting.pk}/screen/state.json").json()["item"]
    assert (item["status"], item["voted"], item["eligible"]) == ("open", 1, 3)
    assert item["result_rows"] == [] and item["outcome"] == ""
    with django_capture_on_commit_callbacks(execute=True):  # a staff action refreshes the screen at once
        close_and_count(vote, clerk)
    item = client_for(clerk).get(f"/meetings/{meeting.pk}/screen/state.json").json()["item"]
    assert item["status"] == "closed" and item["outcome"] == "未通过"
    assert ["反对", "1"] in item["result_rows"]


def test_many_screens_cost_one_computation(clerk, meeting):
    queries.cached_screen_state(meeting.pk)
    with CaptureQueriesContext(connection) as captured:
        for _ in range(50):
            queries.cached_screen_state(meeting.pk)
    assert len(captured) == 0


def test_the_screen_page_renders_dark_and_full_screen(clerk, meeting):
    page = client_for(clerk).get(f"/meetings/{meeting.pk}/screen/").content.decode()
    assert 'class="screen"' in page and "meetings/live.js" in page and "navbar" not in page


@pytest.mark.usefixtures("redis_down")
def test_with_redis_down_the_screen_and_the_state_it_polls_still_answer(clerk, meeting):
    client = client_for(clerk)
    assert client.get(f"/meetings/{meeting.pk}/screen/").status_code == 200
    state = client.get(f"/meetings/{meeting.pk}/screen/state.json").json()  # live.js's fallback
    assert (state["present"], state["on_leave"]) == (3, 1)
