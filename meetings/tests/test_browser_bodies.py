"""A township 主席团 and a working body's deputies' meeting in a real browser, on a 390 px phone and
on a desktop (DOMAIN §11).

青禾镇人大主席 林建华 — the full-time 主席 of the township congress, who runs its office and sits
on the 主席团 — records the 主席团's decision to convene the next session: the page asks first,
then the session and its first sitting's agenda are there. 东湖街道人大工委's clerk registers the
guests of the annual deputies' meeting, corrects one (with a reason) and removes another (asked
first), before the meeting opens.

Screenshots go to RENDA_SHOTS (default /tmp/shots-townships) to be looked at.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone

from accounts.models import Role
from conftest import Page, make_congress, make_deputy, make_user
from core.models import AuditEntry
from meetings import workflow
from meetings.models import AgendaItem, Attendance, CongressSession, Meeting, Vote
from meetings.tests.helpers import add_deputies, make_meeting
from registry.models import Congress, Station, StationMembership, Subdistrict
from registry.tests.tree import make_tree

SHOTS = Path(os.environ.get("RENDA_SHOTS", "/tmp/shots-townships"))

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1366, "height": 900}},
}
PRESIDIUM = ("林建华", "王秀英", "张国强", "李桂芳", "陈志明", "刘春梅", "赵德胜")


@pytest.fixture(params=list(SCREENS))
def screen(request, chromium, live_server):
    """The page on one screen size; every confirmation dialog is accepted and its question kept."""
    context = chromium.new_context(locale="zh-CN", **SCREENS[request.param])
    page = Page(context.new_page(), live_server.url)
    page.size = request.param
    page.questions = []

    def accept(dialog):
        page.questions.append(dialog.message)
        dialog.accept()

    page.page.on("dialog", accept)
    yield page
    context.close()


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.page.screenshot(path=str(SHOTS / f"{name}-{page.size}.png"), full_page=True)


@pytest.fixture
def township(db) -> Congress:
    body = make_congress("qinghe", "青禾镇人民代表大会")
    body.kind, body.level = Congress.Kind.TOWNSHIP_CONGRESS, Congress.Level.TOWNSHIP
    body.save()
    return body


@pytest.fixture
def presidium_chair(township):
    """林建华: staff of the township congress office and the 主席 on its 主席团."""
    user = make_user("qinghe_chair", "林建华", township, Role.STAFF)
    make_deputy(township, name=PRESIDIUM[0], user=user)
    return user


@pytest.fixture
def decided_presidium_meeting(township, presidium_chair) -> Meeting:
    """The 主席团's third meeting between sessions, which has passed the decision to convene."""
    members = [presidium_chair.deputy, *(make_deputy(township, name=n) for n in PRESIDIUM[1:])]
    for n in range(5):
        make_deputy(township, name=f"青禾代表{n + 1}")
    session = make_meeting(township, Meeting.Kind.PLENARY, title="第五次会议第一次全体会议").session
    workflow.elect_presidium(
        session, actor=presidium_chair, members=members, chair=members[0], vice_chairs=members[1:3]
    )
    meeting = make_meeting(
        township,
        Meeting.Kind.PRESIDIUM_MEETING,
        session=session,
        title="青禾镇第十七届人民代表大会第五次会议主席团第三次会议",
    )
    workflow.open_meeting(meeting, actor=presidium_chair)
    for row in meeting.attendances.order_by("deputy__number")[:6]:
        workflow.sign_in(row, actor=presidium_chair, method=Attendance.Method.DESK)
    item = workflow.add_agenda_item(
        meeting,
        actor=presidium_chair,
        order=1,
        title="关于召开青禾镇第十七届人民代表大会第六次会议的决定（草案）",
        kind=AgendaItem.Kind.RESOLUTION,
    )
    vote = workflow.create_vote(
        meeting,
        actor=presidium_chair,
        title=item.title,
        secret=False,
        method=Vote.Method.PAPER,
        agenda_item=item,
    )
    workflow.open_vote(vote, actor=presidium_chair)
    workflow.enter_paper_counts(vote, actor=presidium_chair, yes=6, no=0, abstain=0)
    return meeting


def test_a_presidium_member_convenes_the_next_session_after_confirming(
    screen, presidium_chair, decided_presidium_meeting
):
    meeting = decided_presidium_meeting
    screen.login("qinghe_chair")
    screen.goto(f"/meetings/{meeting.pk}/")
    page = screen.page
    assert "召集下一次人民代表大会会议" in page.content()
    assert not screen.overflows_horizontally()
    page.select_option("#convene_vote", index=1)
    page.fill("#convene_starts_on", "2026-12-28")
    page.fill(
        "#convene_agenda",
        "听取和审议镇人民政府工作报告\n审查和批准2027年镇财政预算\n听取和审议镇人大主席团工作报告",
    )
    shoot(screen, "presidium-meeting-before")
    page.click("button:has-text('决定召集')")
    page.wait_for_load_state()
    assert screen.questions == ["根据主席团表决结果召集下一次人民代表大会会议？"]
    assert "已决定召集" in page.content()
    nxt = CongressSession.objects.get(convened_by=meeting)
    assert nxt.starts_on == dt.date(2026, 12, 28)
    assert list(nxt.meetings.get().agenda_items.order_by("order").values_list("title", flat=True)) == [
        "听取和审议镇人民政府工作报告",
        "审查和批准2027年镇财政预算",
        "听取和审议镇人大主席团工作报告",
    ]
    assert AuditEntry.objects.get(action="convene_session").actor_id == presidium_chair.pk
    assert "本次主席团会议已决定召集" in page.content()
    assert not screen.overflows_horizontally()
    shoot(screen, "presidium-meeting-convened")
    screen.goto(f"/meetings/sessions/{meeting.session_id}/presidium/")
    assert "主席" in page.content() and PRESIDIUM[0] in page.content()
    assert not screen.overflows_horizontally()
    shoot(screen, "presidium-page")
    assert screen.errors == []


@pytest.fixture
def zone_clerk(congress, other_congress):
    """东湖街道人大工委's clerk; three city deputies and four district deputies are stationed there."""
    tree = make_tree(congress, other_congress)
    user = make_user("zone_clerk", "东湖街道人大工委文书", tree.working_body, Role.STAFF)
    user.body = tree.working_body
    area = Subdistrict.objects.create(congress=tree.working_body, name="东湖街道")
    station = Station.objects.create(
        congress=tree.working_body,
        name="东湖街道代表联络站",
        level="subdistrict",
        subdistrict=area,
        address="东湖路1号",
    )
    for body, count in ((tree.city, 3), (tree.district, 4)):
        for deputy in add_deputies(body, count):
            StationMembership.objects.create(
                congress=tree.working_body, station=station, deputy=deputy, starts_on=dt.date(2022, 1, 1)
            )
    return user


@pytest.fixture
def deputies_meeting(zone_clerk) -> Meeting:
    return Meeting.objects.create(
        congress=zone_clerk.body,
        kind=Meeting.Kind.DEPUTIES_MEETING,
        number=1,
        title="东湖街道2026年度人大代表会议",
        starts_at=timezone.now() + dt.timedelta(days=3),
        location="街道礼堂",
    )


def test_the_working_body_clerk_adds_corrects_and_removes_guests_before_the_meeting(
    screen, zone_clerk, deputies_meeting
):
    meeting = deputies_meeting
    page = screen.page
    screen.login("zone_clerk")
    screen.goto(f"/meetings/{meeting.pk}/")
    for name, unit in (("刘振华", "街道办事处主任"), ("陈雅芹", "企业代表")):
        page.fill("#guest_name", name)
        page.fill("#guest_unit", unit)
        page.click("button:has-text('登记嘉宾')")
        page.wait_for_load_state()
        assert "嘉宾已登记" in page.content()
    shoot(screen, "deputies-meeting-guests")
    assert not screen.overflows_horizontally()

    misspelt = meeting.guests.get(name="陈雅芹")
    row = page.locator(".guest-list li", has_text="陈雅芹")
    row.locator("summary:has-text('修改')").click()
    page.fill(f"#guest_{misspelt.pk}_name", "陈雅琴")
    page.fill(f"#guest_{misspelt.pk}_unit", "园区企业代表、某科技公司总经理")
    page.fill(f"#guest_{misspelt.pk}_reason", "姓名录入有误")
    shoot(screen, "deputies-meeting-guest-edit")
    row.locator("button:has-text('保存修改')").click()
    page.wait_for_load_state()
    assert "嘉宾信息已修改" in page.content()
    assert "陈雅琴（园区企业代表、某科技公司总经理）" in page.content()
    entry = AuditEntry.objects.get(action="edit_guest")
    assert entry.note == "姓名录入有误" and entry.actor_id == zone_clerk.pk

    row = page.locator(".guest-list li", has_text="刘振华")
    row.locator("summary:has-text('删除')").click()
    row.locator(".confirm-reason textarea").fill("临时有公务，不能到会")
    row.locator("button:has-text('删除嘉宾')").click()
    page.wait_for_load_state()
    assert screen.questions[-1] == "将刘振华（街道办事处主任）从嘉宾名单中删除？"
    assert "已将刘振华从嘉宾名单中删除" in page.content()
    assert list(meeting.guests.values_list("name", flat=True)) == ["陈雅琴"]
    assert not screen.overflows_horizontally()
    shoot(screen, "deputies-meeting-guest-removed")

    page.click("button:has-text('宣布开会')")
    page.wait_for_load_state()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.OPEN
    guests = page.locator("#guests")
    assert guests.locator("summary").count() == 0  # no 修改 / 删除 once the meeting has opened
    assert "登记嘉宾" in guests.inner_text()
    shoot(screen, "deputies-meeting-opened")
    assert screen.errors == []
