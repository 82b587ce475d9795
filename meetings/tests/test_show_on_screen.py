"""What the big screen shows is chosen on the console, stored on the meeting, audited, and
followed by the screen: agenda, attendance, one vote, one office's round, an election's results,
the summary of the sitting."""

import pytest

from conftest import client_for
from core.models import AuditEntry
from meetings import queries, workflow
from meetings.models import Meeting
from meetings.tests.console_helpers import agenda_of, material_with_versions
from meetings.tests.helpers import close_and_count, open_meeting_with, open_vote, sign_in_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def sitting(clerk, deputy, co_signer, congress):
    meeting = open_meeting_with(clerk, congress, 3)
    sign_in_all(meeting, clerk)
    items = agenda_of(meeting, clerk)
    material_with_versions(meeting, items[1], clerk)
    return meeting, items


def show(clerk, meeting, display, target=""):
    return client_for(clerk).post(
        f"/meetings/{meeting.pk}/console/screen/", {"display": display, "target": target}, follow=True
    )


def test_the_agenda_is_put_on_the_screen_and_audited(clerk, sitting):
    meeting, items = sitting
    response = show(clerk, meeting, "agenda")
    assert "大屏已切换为：议程" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.screen_display == Meeting.ScreenDisplay.AGENDA
    entry = AuditEntry.objects.get(action="show_on_screen")
    assert entry.actor_id == clerk.pk and entry.changes["screen_display"] == ["live", "agenda"]
    page = client_for(clerk).get(f"/meetings/{meeting.pk}/screen/").content.decode()
    assert "data-screen-agenda" in page and items[2].title in page and "第2版·表决稿" in page


def test_the_screen_follows_the_choice_through_its_live_state(
    clerk, sitting, django_capture_on_commit_callbacks
):
    meeting, _items = sitting
    before = client_for(clerk).get(f"/meetings/{meeting.pk}/screen/state.json").json()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.show_on_screen(meeting, actor=clerk, display="attendance")
    after = client_for(clerk).get(f"/meetings/{meeting.pk}/screen/state.json").json()
    assert after["display"] == {"mode": "attendance", "label": "出席情况", "target": ""}
    assert after["shown_key"] != before["shown_key"]  # the screen reloads on this


def test_one_vote_with_the_text_voted_and_then_its_result(clerk, sitting):
    meeting, items = sitting
    vote = workflow.create_vote(
        meeting, actor=clerk, title=items[1].title, secret=False, method="electronic", agenda_item=items[1]
    )
    workflow.open_vote(vote, actor=clerk)
    meeting = workflow.show_on_screen(meeting, actor=clerk, display="item", target=f"vote:{vote.pk}")
    shown = queries.screen_state(meeting)["shown"]
    assert [(s["key"], s["status"]) for s in shown] == [(f"vote:{vote.pk}", "open")]
    assert shown[0]["text_voted"]["version"] == "第2版·表决稿"
    close_and_count(vote, clerk)
    page = client_for(clerk).get(f"/meetings/{meeting.pk}/screen/").content.decode()
    assert "表决文本：《关于2027年预算的决议》" in page and "未通过" in page


def test_a_vote_of_another_meeting_is_refused(clerk, sitting, congress):
    meeting, _items = sitting
    response = show(clerk, meeting, "item", "vote:999999")
    assert "不属于本次会议" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.screen_display == Meeting.ScreenDisplay.LIVE


def test_an_unknown_display_is_refused(clerk, sitting):
    meeting, _items = sitting
    assert "请选择大屏显示的内容" in show(clerk, meeting, "everything").content.decode()


def test_the_summary_lists_every_result_of_the_sitting(clerk, sitting):
    meeting, _items = sitting
    first = close_and_count(open_vote(meeting, clerk, secret=False, title="第一项决议"), clerk)
    second = close_and_count(open_vote(meeting, clerk, secret=False, title="第二项决议"), clerk)
    meeting = workflow.show_on_screen(meeting, actor=clerk, display="summary")
    shown = queries.screen_state(meeting)["shown"]
    assert [s["key"] for s in shown] == [f"vote:{first.pk}", f"vote:{second.pk}"]
    page = client_for(clerk).get(f"/meetings/{meeting.pk}/screen/").content.decode()
    assert "本次会议表决和选举结果" in page and "第一项决议" in page and "第二项决议" in page


def test_devices_still_see_the_open_items_whatever_the_screen_shows(clerk, sitting):
    meeting, _items = sitting
    vote = open_vote(meeting, clerk, secret=False)
    meeting = workflow.show_on_screen(meeting, actor=clerk, display="agenda")
    state = queries.screen_state(meeting)
    assert [i["key"] for i in state["items"]] == [f"vote:{vote.pk}"] and state["shown"] == []


def test_a_leader_may_not_change_the_screen(leader, sitting):
    meeting, _items = sitting
    response = client_for(leader).post(f"/meetings/{meeting.pk}/console/screen/", {"display": "agenda"})
    assert response.status_code == 403
