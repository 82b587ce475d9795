"""A township congress's 主席团 (DOMAIN §1, §11): elected at a session with its 主席 and 副主席;
between sessions it meets, hears the government's special reports with deputies, and convenes the
next session by a decision it passes, counted against all its members by the local rule."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.models import Role
from conftest import client_for, make_congress, make_user
from core import congress_settings
from core.models import AuditEntry
from core.workflow import TransitionRefused
from deliberation import workflow as deliberation
from meetings import rules, workflow
from meetings.models import AgendaItem, Attendance, CongressSession, Meeting, PresidiumRole, Vote
from meetings.tests.helpers import add_deputies, make_meeting
from registry.models import Congress

pytestmark = pytest.mark.django_db


@pytest.fixture
def township(db) -> Congress:
    body = make_congress("qinghe", "青禾镇人民代表大会")
    body.kind, body.level = Congress.Kind.TOWNSHIP_CONGRESS, Congress.Level.TOWNSHIP
    body.save()
    return body


@pytest.fixture
def township_clerk(township):
    """The township congress office's clerk (乡镇人大专职工作人员)."""
    return make_user("township_clerk", "青禾镇人大干事", township, Role.STAFF)


@pytest.fixture
def deputies(township):
    return add_deputies(township, 12)


@pytest.fixture
def session(township, deputies) -> CongressSession:
    return make_meeting(township, Meeting.Kind.PLENARY).session


def _elect(session, clerk, deputies, members=7):
    return workflow.elect_presidium(
        session, actor=clerk, members=deputies[:members], chair=deputies[0], vice_chairs=deputies[1:3]
    )


def _presidium_meeting(township, session, clerk) -> Meeting:
    meeting = make_meeting(
        township, Meeting.Kind.PRESIDIUM_MEETING, session=session, title="主席团第三次会议"
    )
    return workflow.open_meeting(meeting, actor=clerk)


def _decide(meeting, clerk, yes):
    item = workflow.add_agenda_item(
        meeting,
        actor=clerk,
        order=9,
        title="关于召开第六次会议的决定（草案）",
        kind=AgendaItem.Kind.RESOLUTION,
    )
    vote = workflow.create_vote(
        meeting, actor=clerk, title=item.title, secret=False, method=Vote.Method.PAPER, agenda_item=item
    )
    workflow.open_vote(vote, actor=clerk)
    present = meeting.attendances.filter(status=Attendance.Status.PRESENT).count()
    return workflow.enter_paper_counts(vote, actor=clerk, yes=yes, no=present - yes, abstain=0)


def _sign_in(meeting, clerk, count):
    for row in meeting.attendances.order_by("deputy__number")[:count]:
        workflow.sign_in(row, actor=clerk, method=Attendance.Method.DESK)


def test_the_session_elects_a_presidium_with_its_chair_and_two_vice_chairs(township_clerk, session, deputies):
    _elect(session, township_clerk, deputies)
    assert session.presidium.count() == 7
    roles = {r.deputy_id: r.role for r in PresidiumRole.objects.filter(session=session)}
    assert roles == {
        deputies[0].pk: PresidiumRole.Role.CHAIR,
        deputies[1].pk: PresidiumRole.Role.VICE_CHAIR,
        deputies[2].pk: PresidiumRole.Role.VICE_CHAIR,
    }
    entry = AuditEntry.objects.get(action="elect_presidium")
    assert entry.actor_id == township_clerk.pk and entry.changes["chair"] == [None, deputies[0].name]


def test_a_township_presidium_needs_a_chair_and_one_or_two_vice_chairs(township_clerk, session, deputies):
    with pytest.raises(TransitionRefused, match="须确定主席"):
        workflow.elect_presidium(
            session, actor=township_clerk, members=deputies[:7], vice_chairs=deputies[1:2]
        )
    with pytest.raises(TransitionRefused, match="副主席1至2人"):
        workflow.elect_presidium(
            session, actor=township_clerk, members=deputies[:7], chair=deputies[0], vice_chairs=deputies[1:4]
        )
    with pytest.raises(TransitionRefused, match="列入主席团"):
        workflow.elect_presidium(
            session, actor=township_clerk, members=deputies[1:7], chair=deputies[0], vice_chairs=deputies[1:3]
        )
    assert session.presidium.count() == 0 and not AuditEntry.objects.filter(action="elect_presidium").exists()


def test_only_deputies_of_the_township_sit_on_its_presidium(township_clerk, session, deputies, congress):
    outsider_deputy = add_deputies(congress, 1)[0]
    with pytest.raises(TransitionRefused, match="本级人大代表"):
        workflow.elect_presidium(
            session,
            actor=township_clerk,
            members=[*deputies[:6], outsider_deputy],
            chair=deputies[0],
            vice_chairs=deputies[1:3],
        )


def test_the_presidium_list_stands_once_a_presidium_meeting_has_opened(
    township_clerk, township, session, deputies
):
    _elect(session, township_clerk, deputies)
    _presidium_meeting(township, session, township_clerk)
    with pytest.raises(TransitionRefused, match="不能再修改"):
        _elect(session, township_clerk, deputies, members=8)


def test_a_presidium_meeting_between_sessions_counts_only_the_presidium(
    township_clerk, township, session, deputies
):
    _elect(session, township_clerk, deputies)
    meeting = _presidium_meeting(township, session, township_clerk)
    assert meeting.body_size == 7
    assert set(meeting.attendances.values_list("deputy_id", flat=True)) == {d.pk for d in deputies[:7]}


def test_a_presidium_vote_needs_two_thirds_present_by_default(township_clerk, township, session, deputies):
    """DOMAIN §1 (local): 3*present >= 2*members; 4 of 7 is short (needs 5)."""
    _elect(session, township_clerk, deputies)
    meeting = _presidium_meeting(township, session, township_clerk)
    _sign_in(meeting, township_clerk, 4)
    with pytest.raises(TransitionRefused, match="至少需 5 人出席"):
        _decide(meeting, township_clerk, yes=4)


def test_a_presidium_decision_passes_with_a_majority_of_all_its_members(
    township_clerk, township, session, deputies
):
    _elect(session, township_clerk, deputies)
    meeting = _presidium_meeting(township, session, township_clerk)
    _sign_in(meeting, township_clerk, 5)
    assert _decide(meeting, township_clerk, yes=4).passed is True  # 2*4 > 7
    second = _presidium_meeting(township, session, township_clerk)
    _sign_in(second, township_clerk, 6)
    assert _decide(second, township_clerk, yes=3).passed is False  # 3 of 6 present, not of all 7


def test_a_township_may_set_its_presidium_to_pass_by_two_thirds_of_all(
    township_clerk, township, session, deputies
):
    congress_settings.put(township, "meetings", {"presidium_passing": "two_thirds_of_all"})
    township.save()
    _elect(session, township_clerk, deputies)
    meeting = _presidium_meeting(township, session, township_clerk)
    _sign_in(meeting, township_clerk, 7)
    assert _decide(meeting, township_clerk, yes=4).passed is False  # 3*4 < 2*7
    second = _presidium_meeting(township, session, township_clerk)
    _sign_in(second, township_clerk, 7)
    assert _decide(second, township_clerk, yes=5).passed is True  # 3*5 >= 2*7


def test_the_presidium_rules_are_pure_and_count_against_all_members():
    assert rules.quorum_met("presidium", 7, 5) and not rules.quorum_met("presidium", 7, 4)
    assert rules.quorum_met("presidium", 7, 4, presidium_quorum=rules.PRESIDIUM_QUORUMS["majority"])
    assert not rules.quorum_met("presidium", 8, 4, presidium_quorum=rules.PRESIDIUM_QUORUMS["majority"])
    assert rules.passes("presidium", 7, 4) and not rules.passes("presidium", 8, 4)
    assert rules.passes("presidium", 9, 6, presidium_passing="two_thirds_of_all")
    assert not rules.passes("presidium", 9, 5, presidium_passing="two_thirds_of_all")
    assert rules.count_vote("presidium", 9, 9, 6, 3, 0, presidium_passing="two_thirds_of_all").threshold == 6


def test_the_presidium_convenes_the_next_session_with_its_date_and_agenda(
    township_clerk, township, session, deputies
):
    _elect(session, township_clerk, deputies)
    meeting = _presidium_meeting(township, session, township_clerk)
    _sign_in(meeting, township_clerk, 6)
    vote = _decide(meeting, township_clerk, yes=6)
    response = client_for(township_clerk).post(
        f"/meetings/{meeting.pk}/convene/",
        {
            "vote": vote.pk,
            "starts_on": "2026-12-28",
            "agenda": "听取和审议镇人民政府工作报告\n审查和批准2027年镇财政预算\n",
            "confirmed": "yes",
        },
    )
    assert response.status_code == 302
    nxt = CongressSession.objects.get(convened_by=meeting)
    assert nxt.number == session.number + 1 and nxt.starts_on == dt.date(2026, 12, 28)
    plenary = nxt.meetings.get()
    assert [i.title for i in plenary.agenda_items.order_by("order")] == [
        "听取和审议镇人民政府工作报告",
        "审查和批准2027年镇财政预算",
    ]
    entry = AuditEntry.objects.get(action="convene_session")
    assert entry.actor_id == township_clerk.pk and entry.changes["starts_on"] == [None, "2026-12-28"]


def test_the_next_session_is_not_convened_without_a_passed_decision(
    township_clerk, township, session, deputies
):
    _elect(session, township_clerk, deputies)
    meeting = _presidium_meeting(township, session, township_clerk)
    _sign_in(meeting, township_clerk, 6)
    failed = _decide(meeting, township_clerk, yes=3)
    with pytest.raises(TransitionRefused, match="表决通过"):
        workflow.convene_next_session(
            meeting, actor=township_clerk, vote=failed, starts_on=dt.date(2026, 12, 28), agenda=["工作报告"]
        )
    assert not CongressSession.objects.filter(convened_by=meeting).exists()


def test_convening_asks_for_confirmation_first(township_clerk, township, session, deputies):
    _elect(session, township_clerk, deputies)
    meeting = _presidium_meeting(township, session, township_clerk)
    _sign_in(meeting, township_clerk, 6)
    vote = _decide(meeting, township_clerk, yes=6)
    response = client_for(township_clerk).post(
        f"/meetings/{meeting.pk}/convene/", {"vote": vote.pk, "starts_on": "2026-12-28", "agenda": "工作报告"}
    )
    assert response.status_code == 200 and "召集下一次人民代表大会会议" in response.content.decode()
    assert not CongressSession.objects.filter(convened_by=meeting).exists()


def test_the_presidium_and_invited_deputies_discuss_a_special_report(
    township_clerk, township, session, deputies
):
    """主席团 organises deputies' work: a special report is heard, the deputies' remarks recorded."""
    _elect(session, township_clerk, deputies)
    meeting = _presidium_meeting(township, session, township_clerk)
    report = workflow.add_agenda_item(
        meeting,
        actor=township_clerk,
        order=1,
        title="镇人民政府关于农村人居环境整治工作情况的专项报告",
        kind="report",
    )
    group = deliberation.create_group(
        meeting, actor=township_clerk, name="听取专项报告代表组", convenor=deputies[0], members=deputies[:10]
    )
    speech = deliberation.record_speech(
        group,
        actor=township_clerk,
        deputy=deputies[8],
        agenda_item=report,
        summary="建议统筹村内道路和污水管网建设。",
    )
    assert speech.agenda_item == report and speech.deputy == deputies[8]


def test_a_presidium_page_lists_the_chair_and_vice_chairs_first(township_clerk, session, deputies):
    _elect(session, township_clerk, deputies)
    page = client_for(township_clerk).get(f"/meetings/sessions/{session.pk}/presidium/").content.decode()
    assert page.index(deputies[0].name) < page.index(deputies[5].name)
    assert "主席" in page and "副主席" in page


def test_staff_record_the_presidium_on_its_page(township_clerk, session, deputies):
    plenary = session.meetings.get()
    detail = client_for(township_clerk).get(f"/meetings/{plenary.pk}/").content.decode()
    assert f"/meetings/sessions/{session.pk}/presidium/" in detail
    response = client_for(township_clerk).post(
        f"/meetings/sessions/{session.pk}/presidium/",
        {
            "members": [d.pk for d in deputies[:5]],
            "chair": deputies[0].pk,
            "vice_chairs": [deputies[1].pk],
        },
    )
    assert response.status_code == 302
    assert session.presidium.count() == 5


def test_another_congress_staff_cannot_see_the_presidium(outsider, session):
    assert client_for(outsider).get(f"/meetings/sessions/{session.pk}/presidium/").status_code == 404


def test_the_presidium_form_starts_from_the_list_recorded(township_clerk, session, deputies):
    _elect(session, township_clerk, deputies)
    page = client_for(township_clerk).get(f"/meetings/sessions/{session.pk}/presidium/").content.decode()
    chair = page.split('name="chair"', 1)[1].split("</select>", 1)[0]
    assert f'value="{deputies[0].pk}" selected' in chair


def test_once_a_presidium_meeting_has_opened_the_list_is_no_longer_offered_for_change(
    township_clerk, township, session, deputies
):
    _elect(session, township_clerk, deputies)
    _presidium_meeting(township, session, township_clerk)
    page = client_for(township_clerk).get(f"/meetings/sessions/{session.pk}/presidium/").content.decode()
    assert "登记主席团名单" not in page and "名单已经确定，不能再修改" in page
