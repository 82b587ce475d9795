"""按议程创建表决: several votes from the agenda in one step — one form, one transaction, audited."""

import pytest

from conftest import client_for
from core.models import AuditEntry
from meetings.models import Vote
from meetings.tests.console_helpers import agenda_of
from meetings.tests.helpers import open_meeting_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def sitting(clerk, deputy, congress):
    meeting = open_meeting_with(clerk, congress, 3)
    return meeting, agenda_of(meeting, clerk)


def test_two_votes_are_created_in_one_step(clerk, sitting):
    meeting, items = sitting
    response = client_for(clerk).post(
        f"/meetings/{meeting.pk}/votes/from-agenda/",
        {"agenda_items": [items[0].pk, items[1].pk], "secret": "on", "method": "electronic"},
        follow=True,
    )
    assert "已按议程创建 2 项表决" in response.content.decode()
    votes = list(meeting.votes.order_by("pk"))
    assert [(v.title, v.agenda_item_id, v.secret, v.status) for v in votes] == [
        (items[0].title, items[0].pk, True, Vote.Status.DRAFT),
        (items[1].title, items[1].pk, True, Vote.Status.DRAFT),
    ]
    assert AuditEntry.objects.filter(action="create_vote", actor_id=clerk.pk).count() == 2


def test_an_item_that_already_has_a_vote_refuses_the_whole_step(clerk, sitting):
    from meetings import workflow

    meeting, items = sitting
    workflow.create_vote(
        meeting, actor=clerk, title="已有", secret=True, method="electronic", agenda_item=items[1]
    )
    with pytest.raises(workflow.TransitionRefused, match="第 2 项议题已有表决事项"):
        workflow.create_votes(meeting, actor=clerk, agenda_items=items[:2], secret=True, method="electronic")
    assert meeting.votes.count() == 1  # nothing of the step is kept


def test_nothing_chosen_is_answered_in_chinese(clerk, sitting):
    meeting, _items = sitting
    response = client_for(clerk).post(
        f"/meetings/{meeting.pk}/votes/from-agenda/", {"method": "electronic"}, follow=True
    )
    assert "请至少选择一项议题" in response.content.decode()
    assert meeting.votes.count() == 0


def test_a_bad_method_is_refused(clerk, sitting):
    meeting, items = sitting
    response = client_for(clerk).post(
        f"/meetings/{meeting.pk}/votes/from-agenda/",
        {"agenda_items": [items[0].pk], "method": "x"},
        follow=True,
    )
    assert "表决方式无效" in response.content.decode() and meeting.votes.count() == 0


def test_a_leader_may_not_create_votes(leader, sitting):
    meeting, items = sitting
    response = client_for(leader).post(
        f"/meetings/{meeting.pk}/votes/from-agenda/", {"agenda_items": [items[0].pk], "method": "electronic"}
    )
    assert response.status_code == 403 and meeting.votes.count() == 0
