"""A working body's annual deputies' meeting (DOMAIN §11): the deputies of every level stationed in
its area, guests who are not deputies (listed apart, never counted), reports distributed in writing
(书面印发, not voted) and discussion in groups."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.models import Role
from conftest import client_for, make_user
from core.models import AuditEntry
from core.workflow import TransitionRefused
from deliberation import workflow as deliberation
from meetings import queries, workflow
from meetings.models import AgendaItem, Attendance, Meeting, Vote
from meetings.tests.helpers import add_deputies
from registry.models import Station, StationMembership, Subdistrict
from registry.tests.tree import make_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(congress, other_congress):
    return make_tree(congress, other_congress)


@pytest.fixture
def zone_clerk(tree):
    """The working body's clerk (人大工委文书)."""
    return make_user("zone_clerk", "东湖街道人大工委文书", tree.working_body, Role.STAFF)


@pytest.fixture
def stationed(tree):
    """Three city deputies and four district deputies entered at the working body's station."""
    area = Subdistrict.objects.create(congress=tree.working_body, name="东湖街道")
    station = Station.objects.create(
        congress=tree.working_body,
        name="东湖街道代表联络站",
        level="subdistrict",
        subdistrict=area,
        address="东湖路1号",
    )
    deputies = [*add_deputies(tree.city, 3), *add_deputies(tree.district, 4)]
    for deputy in deputies:
        StationMembership.objects.create(
            congress=tree.working_body, station=station, deputy=deputy, starts_on=dt.date(2022, 1, 1)
        )
    return deputies


@pytest.fixture
def meeting(tree, zone_clerk, stationed) -> Meeting:
    return Meeting.objects.create(
        congress=tree.working_body,
        kind=Meeting.Kind.DEPUTIES_MEETING,
        number=1,
        title="东湖街道2026年度人大代表会议",
        starts_at=dt.datetime(2026, 3, 20, 1, tzinfo=dt.UTC),
        location="街道礼堂",
    )


def test_a_working_body_holds_a_deputies_meeting_and_no_session(tree, zone_clerk):
    page = client_for(zone_clerk).get("/meetings/new/").content.decode()
    assert 'value="deputies_meeting"' in page
    assert 'value="plenary"' not in page and 'value="presidium_meeting"' not in page
    assert 'name="session"' not in page


def test_the_deputies_of_every_level_stationed_there_are_its_members(meeting, zone_clerk, stationed, tree):
    add_deputies(tree.district, 2)  # district deputies not stationed in the subdistrict
    workflow.open_meeting(meeting, actor=zone_clerk)
    meeting.refresh_from_db()
    assert meeting.body_size == 7
    assert set(meeting.attendances.values_list("deputy_id", flat=True)) == {d.pk for d in stationed}


def test_guests_are_listed_apart_and_never_counted(meeting, zone_clerk):
    workflow.open_meeting(meeting, actor=zone_clerk)
    response = client_for(zone_clerk).post(
        f"/meetings/{meeting.pk}/guests/", {"name": "刘振华", "unit": "街道办事处主任"}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.guests.get().unit == "街道办事处主任"
    assert meeting.body_size == 7 and meeting.attendances.count() == 7
    assert queries.screen_state(meeting)["body_size"] == 7
    entry = AuditEntry.objects.get(action="add_guest")
    assert entry.actor_id == zone_clerk.pk and entry.changes["name"] == "刘振华"
    minutes = client_for(zone_clerk).get(f"/meetings/{meeting.pk}/minutes/").content.decode()
    assert "特邀嘉宾（1人，不计入出席人数）" in minutes and "刘振华（街道办事处主任）" in minutes


def test_a_guest_needs_a_name_and_a_unit(meeting, zone_clerk):
    response = client_for(zone_clerk).post(
        f"/meetings/{meeting.pk}/guests/", {"name": "刘振华", "unit": ""}, follow=True
    )
    assert "请填写嘉宾的单位" in response.content.decode()
    assert not meeting.guests.exists()


def test_a_guest_is_corrected_before_the_meeting_opens_with_a_reason(meeting, zone_clerk):
    guest = workflow.add_guest(meeting, actor=zone_clerk, name="陈雅芹", unit="企业代表")
    response = client_for(zone_clerk).post(
        f"/meetings/{meeting.pk}/guests/{guest.pk}/edit/",
        {"name": "陈雅琴", "unit": "园区企业代表", "reason": "姓名录入有误"},
        follow=True,
    )
    assert "嘉宾信息已修改" in response.content.decode()
    guest.refresh_from_db()
    assert (guest.name, guest.unit) == ("陈雅琴", "园区企业代表")
    entry = AuditEntry.objects.get(action="edit_guest")
    assert entry.actor_id == zone_clerk.pk and entry.note == "姓名录入有误"
    assert entry.changes["name"] == ["陈雅芹", "陈雅琴"] and entry.changes["unit"] == [
        "企业代表",
        "园区企业代表",
    ]


def test_a_guest_is_not_corrected_without_a_reason(meeting, zone_clerk):
    guest = workflow.add_guest(meeting, actor=zone_clerk, name="陈雅芹", unit="企业代表")
    response = client_for(zone_clerk).post(
        f"/meetings/{meeting.pk}/guests/{guest.pk}/edit/", {"name": "陈雅琴", "unit": "企业代表"}, follow=True
    )
    assert "请填写修改嘉宾信息的原因" in response.content.decode()
    guest.refresh_from_db()
    assert guest.name == "陈雅芹" and not AuditEntry.objects.filter(action="edit_guest").exists()


def test_a_guest_removed_before_the_meeting_opens_is_asked_first_and_audited(meeting, zone_clerk):
    guest = workflow.add_guest(meeting, actor=zone_clerk, name="陈雅琴", unit="企业代表")
    url = f"/meetings/{meeting.pk}/guests/{guest.pk}/remove/"
    asked = client_for(zone_clerk).post(url, {"reason": "临时有事不能到会"})
    assert asked.status_code == 200 and "将陈雅琴（企业代表）从嘉宾名单中删除？" in asked.content.decode()
    assert meeting.guests.exists()
    client_for(zone_clerk).post(url, {"reason": "临时有事不能到会", "confirmed": "yes"})
    assert not meeting.guests.exists()
    entry = AuditEntry.objects.get(action="remove_guest")
    assert entry.changes["name"] == ["陈雅琴", None] and entry.note == "临时有事不能到会"


def test_a_guest_is_not_removed_without_a_reason(meeting, zone_clerk):
    guest = workflow.add_guest(meeting, actor=zone_clerk, name="陈雅琴", unit="企业代表")
    response = client_for(zone_clerk).post(
        f"/meetings/{meeting.pk}/guests/{guest.pk}/remove/", {"confirmed": "yes"}, follow=True
    )
    assert "请填写删除嘉宾的原因" in response.content.decode()
    assert meeting.guests.exists()


def test_once_the_meeting_has_opened_guests_are_neither_corrected_nor_removed(meeting, zone_clerk):
    guest = workflow.add_guest(meeting, actor=zone_clerk, name="陈雅琴", unit="企业代表")
    workflow.open_meeting(meeting, actor=zone_clerk)
    client = client_for(zone_clerk)
    edited = client.post(
        f"/meetings/{meeting.pk}/guests/{guest.pk}/edit/",
        {"name": "陈雅芹", "unit": "企业代表", "reason": "更正"},
        follow=True,
    ).content.decode()
    assert "会议已经宣布开会，嘉宾名单已记入会议记录，不能再修改或删除嘉宾" in edited
    removed = client.post(
        f"/meetings/{meeting.pk}/guests/{guest.pk}/remove/",
        {"reason": "更正", "confirmed": "yes"},
        follow=True,
    ).content.decode()
    assert "不能再修改或删除嘉宾" in removed
    guest.refresh_from_db()
    assert guest.name == "陈雅琴"
    assert not AuditEntry.objects.filter(action__in=["edit_guest", "remove_guest"]).exists()
    assert f"guests/{guest.pk}/edit/" not in edited and "登记嘉宾" in edited  # a late guest is still added


def test_a_closed_meeting_takes_no_new_guest(meeting, zone_clerk):
    workflow.open_meeting(meeting, actor=zone_clerk)
    workflow.close_meeting(meeting, actor=zone_clerk)
    with pytest.raises(TransitionRefused, match="会议已经结束，不能再登记嘉宾"):
        workflow.add_guest(meeting, actor=zone_clerk, name="刘振华", unit="街道办事处主任")


def test_a_guest_of_another_meeting_cannot_be_edited_from_this_one(meeting, zone_clerk, tree):
    other = Meeting.objects.create(
        congress=tree.working_body,
        kind=Meeting.Kind.DEPUTIES_MEETING,
        number=2,
        title="另一次代表会议",
        starts_at=dt.datetime(2026, 9, 20, 1, tzinfo=dt.UTC),
    )
    guest = workflow.add_guest(other, actor=zone_clerk, name="陈雅琴", unit="企业代表")
    response = client_for(zone_clerk).post(
        f"/meetings/{meeting.pk}/guests/{guest.pk}/edit/", {"name": "甲", "unit": "乙", "reason": "丙"}
    )
    assert response.status_code == 404


def test_another_body_staff_cannot_edit_a_guest(meeting, zone_clerk, outsider):
    guest = workflow.add_guest(meeting, actor=zone_clerk, name="陈雅琴", unit="企业代表")
    response = client_for(outsider).post(
        f"/meetings/{meeting.pk}/guests/{guest.pk}/edit/", {"name": "甲", "unit": "乙", "reason": "丙"}
    )
    assert response.status_code == 404
    guest.refresh_from_db()
    assert guest.name == "陈雅琴"


def test_a_leader_who_watches_the_meeting_cannot_edit_a_guest(meeting, zone_clerk, tree):
    watcher = make_user("zone_leader", "工委主任", tree.working_body, Role.LEADER)
    guest = workflow.add_guest(meeting, actor=zone_clerk, name="陈雅琴", unit="企业代表")
    response = client_for(watcher).post(
        f"/meetings/{meeting.pk}/guests/{guest.pk}/edit/", {"name": "甲", "unit": "乙", "reason": "丙"}
    )
    assert response.status_code == 403
    guest.refresh_from_db()
    assert guest.name == "陈雅琴"
    page = client_for(watcher).get(f"/meetings/{meeting.pk}/").content.decode()
    assert f"guests/{guest.pk}/edit/" not in page


def test_a_report_distributed_in_writing_is_shown_as_such_and_never_voted(meeting, zone_clerk):
    client_for(zone_clerk).post(
        f"/meetings/{meeting.pk}/agenda/",
        {"order": 1, "title": "街道财政预算执行情况的报告", "kind": "report", "in_writing": "on"},
    )
    item = meeting.agenda_items.get()
    assert item.in_writing
    assert AuditEntry.objects.get(action="add_agenda_item").changes["in_writing"] is True
    detail = client_for(zone_clerk).get(f"/meetings/{meeting.pk}/").content.decode()
    assert "书面印发，不付表决" in detail
    minutes = client_for(zone_clerk).get(f"/meetings/{meeting.pk}/minutes/").content.decode()
    assert "书面印发，不作口头报告，不付表决" in minutes
    workflow.open_meeting(meeting, actor=zone_clerk)
    workflow.show_on_screen(meeting, actor=zone_clerk, display=Meeting.ScreenDisplay.AGENDA)
    screen = client_for(zone_clerk).get(f"/meetings/{meeting.pk}/screen/").content.decode()
    assert "（书面印发）" in screen


def test_only_a_report_is_distributed_in_writing(meeting, zone_clerk):
    with pytest.raises(TransitionRefused, match="只有报告"):
        workflow.add_agenda_item(
            meeting, actor=zone_clerk, order=1, title="决定", kind="resolution", in_writing=True
        )


def test_a_deputies_meeting_decides_nothing(meeting, zone_clerk):
    item = workflow.add_agenda_item(meeting, actor=zone_clerk, order=1, title="工作报告", kind="report")
    with pytest.raises(TransitionRefused, match="不进行表决"):
        workflow.create_vote(
            meeting,
            actor=zone_clerk,
            title="工作报告",
            secret=False,
            method=Vote.Method.PAPER,
            agenda_item=item,
        )
    assert not Vote.objects.exists()


def test_a_written_report_is_not_voted_at_a_congress_either(clerk, congress, term):
    from meetings.tests.helpers import make_meeting

    plenary = make_meeting(congress)
    item = workflow.add_agenda_item(
        plenary, actor=clerk, order=1, title="计划执行情况的报告", kind="report", in_writing=True
    )
    with pytest.raises(TransitionRefused, match="书面印发"):
        workflow.create_vote(
            plenary, actor=clerk, title=item.title, secret=False, method="paper", agenda_item=item
        )


def test_the_screen_shows_no_quorum_for_a_meeting_that_does_not_vote(meeting, zone_clerk):
    workflow.open_meeting(meeting, actor=zone_clerk)
    state = queries.screen_state(meeting)
    assert state["quorum_needed"] is None and state["quorum_met"] is None


def test_deputies_of_several_levels_discuss_the_reports_in_groups(meeting, zone_clerk, stationed):
    workflow.open_meeting(meeting, actor=zone_clerk)
    report = workflow.add_agenda_item(
        meeting,
        actor=zone_clerk,
        order=1,
        title="人大工委工作报告",
        kind=AgendaItem.Kind.REPORT,
        in_writing=True,
    )
    group = deliberation.create_group(
        meeting,
        actor=zone_clerk,
        name="第一组",
        convenor=stationed[0],
        members=stationed[:4],
        room="第一会议室",
    )
    city_deputy, district_deputy = stationed[0], stationed[3]
    assert city_deputy.congress_id != district_deputy.congress_id
    deliberation.record_speech(
        group, actor=zone_clerk, deputy=district_deputy, agenda_item=report, summary="建议增加幼儿园学位。"
    )
    assert group.speeches.get().deputy == district_deputy
    page = client_for(zone_clerk).get(f"/deliberation/meetings/{meeting.pk}/").content.decode()
    assert stationed[5].name in page  # the picker offers every deputy listed at the meeting


def test_a_deputy_not_stationed_there_cannot_join_a_group(meeting, zone_clerk, tree):
    workflow.open_meeting(meeting, actor=zone_clerk)
    elsewhere = add_deputies(tree.sibling, 1)[0]
    with pytest.raises(TransitionRefused, match="不是本级人大代表"):
        deliberation.create_group(meeting, actor=zone_clerk, name="第二组", members=[elsewhere])


def test_attendance_of_the_deputies_meeting_is_kept_like_any_other(meeting, zone_clerk, stationed):
    workflow.open_meeting(meeting, actor=zone_clerk)
    row = meeting.attendances.get(deputy=stationed[0])
    workflow.sign_in(row, actor=zone_clerk, method=Attendance.Method.DESK)
    assert queries.screen_state(meeting)["present"] == 1


def test_another_body_staff_cannot_see_the_zone_meeting(meeting, outsider):
    assert client_for(outsider).get(f"/meetings/{meeting.pk}/minutes/").status_code == 404


def test_the_deputies_meeting_page_offers_no_vote(meeting, zone_clerk):
    page = client_for(zone_clerk).get(f"/meetings/{meeting.pk}/").content.decode()
    assert "代表会议听取和讨论报告，不进行表决" in page
    assert f"/meetings/{meeting.pk}/votes/new/" not in page and "计票人密钥" not in page


def test_the_deputies_meeting_shows_no_quorum_to_reach(meeting, zone_clerk):
    workflow.open_meeting(meeting, actor=zone_clerk)
    page = client_for(zone_clerk).get(f"/meetings/{meeting.pk}/").content.decode()
    assert "不适用（不进行表决）" in page and "开会后计算" not in page
