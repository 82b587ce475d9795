"""One year of 群众提、代表定、政府办、人大评, driven through the web views, with the public
pages checked at every stage: propose → screen → ballot at a plenary → implement → evaluate."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from conftest import client_for, make_deputy, make_user
from core.models import Notification
from meetings import tally
from meetings import workflow as meeting_workflow
from meetings.models import Attendance, CongressSession, Meeting
from meetings.tests.helpers import register_teller_key
from projects.models import Call, Evaluation, Project, ProjectBallot, Proposal
from projects.tests.conftest import decrypt_by_tellers
from registry.models import Term

CONFIRMED = {"confirmed": "yes"}  # the confirmation box ticked (core/confirm.py)

pytestmark = pytest.mark.django_db


def public(code="demo", name="projects_public:index", *args):
    return reverse(name, args=[code, *args])


def propose(citizen, subdistrict, **changes):
    citizen.get(public(name="projects_public:propose"))
    answer = citizen.session["captcha_answer"]
    data = {
        "title": "东湖路增设公交站",
        "description": "东湖路沿线三个小区没有公交站，老人出行不便。",
        "subdistrict": subdistrict.pk,
        "location": "东湖路",
        "category": "transport",
        "name": "刘群众",
        "mobile": "13800138000",
        "captcha": str(answer),
    }
    data.update(changes)
    return citizen.post(public(name="projects_public:propose"), data)


def plenary(congress, clerk, number, when, voters):
    term = Term.objects.get(congress=congress)
    session = CongressSession.objects.create(
        congress=congress, term=term, number=number, starts_on=when.date()
    )
    meeting = Meeting.objects.create(
        congress=congress,
        kind=Meeting.Kind.PLENARY,
        session=session,
        number=1,
        title=f"第{number}次会议第一次全体会议",
        starts_at=when,
        location="大会堂",
    )
    meeting = meeting_workflow.open_meeting(meeting, actor=clerk)
    for row in meeting.attendances.select_related("deputy"):
        if row.deputy.user in voters:
            meeting_workflow.sign_in(row, actor=clerk, method=Attendance.Method.DESK)
    register_teller_key(meeting)  # the tellers' key ceremony: electronic ballots are encrypted under it
    return session, meeting


def test_one_year_end_to_end(
    congress,
    term,
    clerk,
    leader,
    deputy,
    co_signer,
    unit,
    unit_handler,
    other_unit_handler,
    screener,
    subdistrict,
    citizen,
    time_machine,
    small_settings,
    django_capture_on_commit_callbacks,
):
    time_machine.move_to(timezone.make_aware(dt.datetime(2026, 3, 2, 10)), tick=False)
    staff = client_for(clerk)
    voters = [deputy, co_signer]
    for n in range(5):
        user = make_user(f"d{n}", f"代表{n}", congress, Role.DEPUTY)
        make_deputy(congress, term, user=user, occupation="教师" if n < 2 else "企业管理")
        voters.append(user)

    # ---- 1. collection: staff open the call; the public proposes
    response = staff.post(
        reverse("projects:index"),
        {
            "year": 2026,
            "title": "2026年度民生实事项目征集",
            "opens_on": "2026-03-02",
            "closes_on": "2026-03-31",
        },
    )
    call = Call.objects.get(congress=congress, year=2026)
    assert response.status_code == 302 and call.status == Call.Status.OPEN
    page = citizen.get(public()).content.decode()
    assert "2026 年度" in page and "我要提建议" in page

    proposals = []
    for n, (title, category) in enumerate(
        [
            ("东湖路增设公交站", "transport"),
            ("社区食堂", "elderly"),
            ("学校门口安装护栏", "education"),
            ("新建区政府办公楼", "other"),
        ]
    ):
        response = propose(
            citizen,
            subdistrict,
            title=title,
            category=category,
            description=f"{title}的具体内容。",
            mobile=f"1390000000{n}",
        )
        assert response.status_code == 302, response.content.decode()
        proposal = Proposal.objects.get(title=title)
        assert response["Location"].endswith(f"/track/{proposal.tracking_code}/?new=1")
        proposals.append(proposal)
    track = citizen.get(response["Location"]).content.decode()
    assert "提交成功" in track and proposals[-1].tracking_code in track

    # the same proposal again (other spacing and punctuation) is linked, not stored twice
    response = propose(
        citizen,
        subdistrict,
        title="东湖路 增设公交站！",
        description="东湖路增设公交站 的具体内容",
        mobile="13900000009",
    )
    assert Proposal.objects.filter(call=call).count() == 4
    assert response["Location"].endswith("?duplicate=1")
    assert Proposal.objects.get(pk=proposals[0].pk).supporters == 1

    # a deputy submits on behalf of a citizen
    response = client_for(deputy).post(
        reverse("projects:submit"),
        {
            "title": "公园增设健身器材",
            "description": "居民反映公园缺少健身器材。",
            "subdistrict": subdistrict.pk,
            "category": "culture",
            "mobile": "13700000000",
        },
    )
    assert response.status_code == 302
    by_deputy = Proposal.objects.get(title="公园增设健身器材")
    assert by_deputy.channel == Proposal.Channel.DEPUTY and by_deputy.deputy == deputy.deputy

    listing = citizen.get(public("demo", "projects_public:proposals", 2026)).content.decode()
    assert "社区食堂" in listing and "1390000000" not in listing and "13700000000" not in listing

    # staff see everything, filter, merge a near-duplicate and tag the reserve pool
    response = staff.get(reverse("projects:proposal_list", args=[call.pk]), {"category": "elderly"})
    assert "社区食堂" in response.content.decode() and "学校门口" not in response.content.decode()
    assert "13900000001" in response.content.decode()
    response = staff.post(reverse("projects:tag_reserve_pool", args=[by_deputy.pk]), {"on": "1"})
    assert Proposal.objects.get(pk=by_deputy.pk).in_reserve_pool

    # ---- 2. screening
    time_machine.move_to(timezone.make_aware(dt.datetime(2026, 4, 1, 9)), tick=False)
    staff = client_for(clerk)  # a signed-in device stays signed in for one sitting day only
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(reverse("projects:close_call", args=[call.pk]), CONFIRMED)
    call.refresh_from_db()
    assert call.status == Call.Status.SCREENING
    assert Notification.objects.filter(user=screener, kind="close_call").exists()

    screen = client_for(screener)
    for n, proposal in enumerate(proposals[:3], start=1):
        response = screen.post(
            reverse("projects:draw_up", args=[call.pk]),
            {
                "title": f"民生项目{n}：{proposal.title}",
                "content": f"实施{proposal.title}",
                "budget": "120.5",
                "lead_unit": unit.pk,
                "target": "年底前完成",
                "deadline": "2026-12-31",
                "proposals": [proposal.pk],
            },
        )
        assert response.status_code == 302, response.content.decode()
    response = screen.post(
        reverse("projects:decline", args=[proposals[3].pk]), {"reason": "office_building", **CONFIRMED}
    )
    response = screen.post(
        reverse("projects:decline", args=[by_deputy.pk]), {"reason": "reserve_pool", **CONFIRMED}
    )
    assert Proposal.objects.filter(call=call, status=Proposal.Status.SUBMITTED).count() == 0
    assert "候选项目" not in citizen.get(public()).content.decode().split("往年")[0].replace(
        "民生实事候选", ""
    )

    staff.post(reverse("projects:lock_candidates", args=[call.pk]), CONFIRMED)
    call.refresh_from_db()
    assert call.status == Call.Status.LOCKED
    assert Project.objects.filter(call=call, status=Project.Status.CANDIDATE).count() == 3
    docx = staff.get(reverse("projects:call_export", args=[call.pk, "candidates.docx"]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"

    # ---- 3. ballot at a plenary
    when = timezone.make_aware(dt.datetime(2027, 1, 10, 9))
    time_machine.move_to(when, tick=False)
    staff = client_for(clerk)
    session, meeting = plenary(congress, clerk, 5, when, voters)
    staff.post(reverse("projects:submit_candidates", args=[call.pk]), {"session": session.pk})
    call.refresh_from_db()
    assert call.status == Call.Status.SUBMITTED
    page = citizen.get(public()).content.decode()
    assert "候选项目（提请大会票决）" in page and "民生项目1" in page

    staff.post(
        reverse("projects:create_ballot", args=[call.pk]), {"meeting": meeting.pk, "method": "electronic"}
    )
    ballot = ProjectBallot.objects.get(call=call)
    staff.post(reverse("projects:open_ballot", args=[ballot.pk]), CONFIRMED)
    ballot.refresh_from_db()
    assert ballot.status == ProjectBallot.Status.OPEN and ballot.present == len(voters)
    titles = ballot.candidates
    picks = [["1", "2"]] * 4 + [["1", "3"]] * 2 + [["2"]]
    for user, pick in zip(voters, picks):
        response = client_for(user).post(
            reverse("projects:ballot_vote", args=[ballot.pk]), {"pick": pick, **CONFIRMED}
        )
        assert response.status_code == 302
    state = staff.get(reverse("meetings:screen_state", args=[meeting.pk])).json()
    assert state["item"]["kind"] == "project_ballot" and state["item"]["voted"] == 7
    assert state["item"]["result_rows"] == []
    with django_capture_on_commit_callbacks(execute=True):  # the screen state is recomputed on commit
        staff.post(reverse("projects:close_ballot", args=[ballot.pk]), CONFIRMED)
    ballot = decrypt_by_tellers(ballot, clerk)
    assert ballot.status == ProjectBallot.Status.CLOSED
    assert ballot.result["counts"] == {titles[0]: 6, titles[1]: 5, titles[2]: 2}
    assert ballot.result["adopted"] == [titles[0], titles[1]]
    export = staff.get(reverse("projects:ballot_export", args=[ballot.pk])).json()
    assert tally.tally(export) == ballot.result
    state = staff.get(reverse("meetings:screen_state", args=[meeting.pk])).json()
    assert "入选项目" in state["item"]["outcome"]

    staff.post(reverse("projects:announce_result", args=[call.pk]), CONFIRMED)
    call.refresh_from_db()
    assert call.status == Call.Status.ANNOUNCED
    adopted = list(Project.objects.filter(call=call, status=Project.Status.ADOPTED).order_by("number"))
    assert [p.title for p in adopted] == titles[:2]
    page = citizen.get(public()).content.decode()
    assert "票决结果" in page and "入选" in page and ">6<" in page
    assert staff.get(reverse("projects:call_export", args=[call.pk, "announcement.docx"])).status_code == 200
    meeting_workflow.close_meeting(meeting, actor=clerk)

    # ---- 4. implementation
    project = adopted[0]
    lead = client_for(unit_handler)
    lead.post(
        reverse("projects:add_milestone", args=[project.pk]), {"title": "完成设计", "due_on": "2027-03-31"}
    )
    lead.post(
        reverse("projects:add_milestone", args=[project.pk]), {"title": "完成施工", "due_on": "2027-09-30"}
    )
    response = lead.post(
        reverse("projects:report_progress", args=[project.pk]),
        {"reported_on": "2027-02-20", "percent": "30", "text": "设计方案已完成初稿。", "spent": "20"},
    )
    assert response.status_code == 302
    time_machine.move_to(timezone.make_aware(dt.datetime(2027, 5, 1, 9)), tick=False)
    staff, lead = client_for(clerk), client_for(unit_handler)
    dash = client_for(deputy).get(reverse("projects:dashboard")).content.decode()
    assert "节点逾期 1" in dash and "2027-02-20" in dash
    assert (
        client_for(other_unit_handler).get(reverse("projects:project_detail", args=[project.pk])).status_code
        == 404
    )
    page = citizen.get(public("demo", "projects_public:project", project.pk)).content.decode()
    assert 'value="30"' in page and "设计方案已完成初稿" not in page

    # ---- 5. supervision
    detail = staff.get(reverse("projects:project_detail", args=[project.pk]))
    suggested = detail.context["group_form"].initial["members"]
    staff.post(
        reverse("projects:confirm_group", args=[project.pk]),
        {"members": [d.pk for d in suggested][:3], "head": suggested[0].pk},
    )
    project.refresh_from_db()
    assert project.supervision_group.status == "confirmed" and project.supervision_group.members.count() == 3
    staff.post(
        reverse("projects:record_activity", args=[project.pk]),
        {
            "kind": "inspection_visit",
            "held_on": "2027-04-28",
            "participants": [suggested[0].pk],
            "findings": "施工进度滞后于节点计划。",
        },
    )
    activity = project.activities.get()
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(reverse("projects:send_findings", args=[activity.pk]))
    assert Notification.objects.filter(user=unit_handler, kind="send_findings").exists()
    lead.post(reverse("projects:reply", args=[activity.pk]), {"text": "已增加施工力量，确保按期完成。"})
    activity.refresh_from_db()
    assert activity.status == "replied"
    lead.post(
        reverse("projects:report_progress", args=[project.pk]),
        {"reported_on": "2027-04-30", "percent": "60", "text": "施工中。", "spent": "80"},
    )

    # ---- 6. evaluation at the next session
    when = timezone.make_aware(dt.datetime(2028, 1, 12, 9))
    time_machine.move_to(when, tick=False)
    staff = client_for(clerk)
    _session, meeting = plenary(congress, clerk, 6, when, voters)
    staff.post(
        reverse("projects:create_evaluation", args=[call.pk]), {"meeting": meeting.pk, "method": "electronic"}
    )
    evaluation = Evaluation.objects.get(call=call)
    staff.post(reverse("projects:open_evaluation", args=[evaluation.pk]), CONFIRMED)
    marks = ["satisfied"] * 4 + ["basically_satisfied"] * 2 + ["dissatisfied"]
    for user, mark in zip(voters, marks):
        response = client_for(user).post(
            reverse("projects:evaluation_vote", args=[evaluation.pk]),
            {"grade-1": mark, "grade-2": "dissatisfied", **CONFIRMED},
        )
        assert response.status_code == 302
    staff.post(reverse("projects:close_evaluation", args=[evaluation.pk]), CONFIRMED)
    evaluation = decrypt_by_tellers(evaluation, clerk)
    assert evaluation.status == Evaluation.Status.CLOSED
    export = staff.get(reverse("projects:evaluation_export", args=[evaluation.pk])).json()
    assert tally.tally(export) == evaluation.result
    project.refresh_from_db()
    # N = 7: 2*4 >= 7 → 满意; rate (4+2)/7
    assert project.grade == "satisfied" and project.satisfaction_rate == pytest.approx(0.8571)
    assert Project.objects.get(pk=adopted[1].pk).grade == "dissatisfied"
    page = citizen.get(public()).content.decode()
    assert "代表满意度测评结果" in page and "满意" in page and "86%" in page
    page = citizen.get(public("demo", "projects_public:project", project.pk)).content.decode()
    assert "测评结果：<strong>满意</strong>" in page
    # the public never sees a phone number, anywhere
    for url in (
        public(),
        public("demo", "projects_public:proposals", 2026),
        public("demo", "projects_public:project", project.pk),
        public("demo", "projects_public:track_code", proposals[0].tracking_code),
    ):
        body = citizen.get(url).content.decode()
        assert "1390000000" not in body and "13700000000" not in body
    json.dumps(evaluation.result)
