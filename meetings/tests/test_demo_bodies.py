"""The demo shows a township 主席团 at work between sessions and a zone's annual deputies' meeting."""

from __future__ import annotations

import pytest

from accounts.models import User
from conftest import PASSWORD
from deliberation.models import DeliberationOpinion, Speech
from meetings.models import CongressSession, Meeting, PresidiumRole
from registry.models import Congress

pytestmark = pytest.mark.django_db


def _client_as(client, username):
    user = User.objects.get(username=username)
    user.set_password(PASSWORD)
    user.save()
    client.force_login(user)
    return client


def test_the_demo_township_presidium_heard_a_special_report_and_convened_the_next_session(demo):
    township = Congress.objects.get(code="demo-qinghe")
    session = CongressSession.objects.get(congress=township, number=5)
    roles = sorted(PresidiumRole.objects.filter(session=session).values_list("role", flat=True))
    assert roles == ["chair", "vice_chair", "vice_chair"]
    meeting = Meeting.objects.get(congress=township, kind=Meeting.Kind.PRESIDIUM_MEETING)
    assert meeting.body_size == session.presidium.count() == 7
    report = meeting.agenda_items.get(order=1)
    assert "专项报告" in report.title
    assert Speech.objects.filter(agenda_item=report).count() == 3
    assert DeliberationOpinion.objects.filter(agenda_item=report).exists()
    vote = meeting.votes.get()
    assert vote.passed and 3 * vote.present >= 2 * vote.body_size
    convened = CongressSession.objects.get(convened_by=meeting)
    assert convened.number == 6 and convened.meetings.get().agenda_items.count() == 3


def test_the_demo_zone_held_its_deputies_meeting_with_guests_and_written_reports(demo, client):
    zone = Congress.objects.get(code="demo-zone")
    meeting = Meeting.objects.get(congress=zone, kind=Meeting.Kind.DEPUTIES_MEETING)
    levels = set(meeting.attendances.values_list("deputy__congress__level", flat=True))
    assert levels == {"city", "county"}
    assert meeting.body_size == meeting.attendances.count() == 14
    assert meeting.guests.count() == 5
    assert meeting.agenda_items.filter(in_writing=True).count() == 3
    assert not meeting.votes.exists()
    assert meeting.discussion_groups.count() == 2
    page = _client_as(client, "zone").get(f"/meetings/{meeting.pk}/minutes/").content.decode()
    assert "特邀嘉宾（5人，不计入出席人数）" in page
    assert "书面印发，不作口头报告，不付表决" in page
    assert "代表会议听取和讨论报告，不进行表决" in page
