"""A satisfaction evaluation at a committee meeting shows on the hall's big screen like a vote."""

import pytest

from conftest import client_for
from core.ballot_box import testing
from meetings import queries
from meetings.tests.helpers import register_teller_key
from oversight import workflow
from oversight.models import DeliberationOpinions
from oversight.tests.helpers import committee, make_opinions, open_committee_meeting

pytestmark = pytest.mark.django_db


def screen_item(clerk, meeting):
    return client_for(clerk).get(f"/meetings/{meeting.pk}/screen/state.json").json()["item"]


@pytest.fixture
def evaluation(clerk, congress, unit, django_capture_on_commit_callbacks):
    committee(congress, 9)
    opinions = make_opinions(congress, unit, status=DeliberationOpinions.Status.REVIEWED)
    meeting = open_committee_meeting(congress, clerk, present=7)
    register_teller_key(meeting)
    evaluation = workflow.create_evaluation(opinions, actor=clerk, meeting=meeting, method="electronic")
    with django_capture_on_commit_callbacks(execute=True):
        return workflow.open_evaluation(evaluation, actor=clerk)


def members_present(evaluation):
    return [
        row.deputy
        for row in evaluation.meeting.attendances.filter(status="present")
        .select_related("deputy__user")
        .order_by("deputy__number")
    ]


def test_an_open_evaluation_shows_only_how_many_have_voted(clerk, evaluation):
    assert screen_item(clerk, evaluation.meeting)["status"] == "open"
    for member in members_present(evaluation)[:3]:
        workflow.cast_evaluation(evaluation, actor=member.user, choice="dissatisfied")
    queries.forget_screen_state(evaluation.meeting_id)
    item = screen_item(clerk, evaluation.meeting)
    assert item["kind"] == "satisfaction_evaluation" and "满意度测评" in item["title"]
    assert (item["status"], item["voted"], item["eligible"]) == ("open", 3, 7)
    assert item["result_rows"] == [] and item["outcome"] == ""
    assert item["device_url"] == f"/oversight/evaluations/{evaluation.pk}/cast/"


def test_closing_shows_the_counts_and_the_grade_at_once(
    clerk, evaluation, django_capture_on_commit_callbacks
):
    for member, choice in zip(members_present(evaluation), ["satisfied"] * 5 + ["dissatisfied"]):
        workflow.cast_evaluation(evaluation, actor=member.user, choice=choice)
    screen_item(clerk, evaluation.meeting)  # cached while open
    with django_capture_on_commit_callbacks(execute=True):
        evaluation = workflow.close_evaluation(evaluation, actor=clerk)
        for share in testing.decryption_shares(evaluation.ballot_box):
            evaluation = workflow.submit_decryption_share(evaluation, actor=clerk, document=share)
    item = screen_item(clerk, evaluation.meeting)
    assert item["status"] == "closed" and item["outcome"] == "测评结果：满意"  # 2*5 = 10 >= 9 members
    assert item["result_rows"] == [["满意", "5"], ["基本满意", "0"], ["不满意", "1"], ["未投", "1"]]
