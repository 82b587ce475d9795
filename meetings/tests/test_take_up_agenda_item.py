"""转入议题: the console moves the sitting to an agenda item; its material goes on the screen."""

import pytest

from conftest import client_for
from core.models import AuditEntry
from meetings import queries, workflow
from meetings.tests.console_helpers import agenda_of, material_with_versions
from meetings.tests.helpers import make_meeting, open_meeting_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def sitting(clerk, deputy, congress):
    meeting = open_meeting_with(clerk, congress, 3)
    items = agenda_of(meeting, clerk)
    material_with_versions(meeting, items[1], clerk)
    return meeting, items


def test_next_item_is_taken_up_and_audited(clerk, sitting):
    meeting, items = sitting
    response = client_for(clerk).post(f"/meetings/{meeting.pk}/console/take-up/", {"item": items[1].pk})
    assert response.status_code == 302 and response.url == f"/meetings/{meeting.pk}/console/"
    meeting.refresh_from_db()
    assert meeting.current_agenda_item == items[1]
    entry = AuditEntry.objects.get(action="take_up_agenda_item")
    assert entry.actor_id == clerk.pk and entry.note.startswith("2. ")


def test_the_screen_shows_the_item_and_its_current_material(clerk, sitting):
    meeting, items = sitting
    meeting = workflow.take_up_agenda_item(meeting, actor=clerk, item=items[1])
    state = queries.screen_state(meeting)
    current = state["current_agenda_item"]
    assert current["order"] == 2 and current["title"] == items[1].title
    assert [m["version"] for m in current["materials"]] == ["第2版·表决稿"]
    page = client_for(clerk).get(f"/meetings/{meeting.pk}/screen/").content.decode()
    assert "正在审议" in page and "《关于2027年预算的决议》" in page and "第2版·表决稿" in page


def test_an_item_of_another_meeting_is_refused(clerk, sitting, congress):
    meeting, _items = sitting
    other = make_meeting(congress, kind="committee_meeting", title="另一次会议")
    stray = workflow.add_agenda_item(other, actor=clerk, order=1, title="别的议题", kind="report")
    response = client_for(clerk).post(
        f"/meetings/{meeting.pk}/console/take-up/", {"item": stray.pk}, follow=True
    )
    assert "请选择本次会议议程中的议题" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.current_agenda_item is None


def test_a_meeting_not_yet_open_has_no_current_item(clerk, congress):
    meeting = make_meeting(congress, kind="committee_meeting")
    item = workflow.add_agenda_item(meeting, actor=clerk, order=1, title="议题", kind="report")
    with pytest.raises(workflow.TransitionRefused, match="不能转入议题"):
        workflow.take_up_agenda_item(meeting, actor=clerk, item=item)


def test_a_leader_may_not_take_up_an_item(leader, sitting):
    meeting, items = sitting
    assert (
        client_for(leader).post(f"/meetings/{meeting.pk}/console/take-up/", {"item": items[0].pk}).status_code
        == 403
    )


def test_get_is_not_allowed(clerk, sitting):
    meeting, _items = sitting
    assert client_for(clerk).get(f"/meetings/{meeting.pk}/console/take-up/").status_code == 405
