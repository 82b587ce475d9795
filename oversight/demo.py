"""Demo step for oversight: the 2026 supervision plan, activities of every kind, deliberation opinions
with handling reports and satisfaction votes, and the year's appointments voted at committee meetings.

Builds on meetings.demo (the held committee meetings). Dates are fixed; randomness only from
demo.random("oversight"); votes are counted with meetings.rules, grades with evaluation_grade.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from core import dates
from meetings import rules as meeting_rules
from meetings.demo import VoteWriter
from meetings.models import Attendance, Meeting
from oversight import rules
from oversight.models import (
    Activity,
    ActivityDocument,
    Appointment,
    DeliberationOpinions,
    Evaluation,
    EvaluationParticipation,
    HandlingReport,
    Participant,
    SupervisionPlan,
)
from registry import queries as registry_queries
from registry.demo import People
from registry.models import Deputy, Unit

D = dt.date
K, S, OP = Activity.Kind, Activity.Status, DeliberationOpinions.Status
PLAN_TEXT = """一、听取和审议专项工作报告：义务教育优质均衡发展、行政审判、环境状况和环境保护目标完成情况、养老服务体系建设。
二、执法检查：《中华人民共和国食品安全法》实施情况；12月开展《中华人民共和国安全生产法》执法检查。
三、专题询问：养老服务体系建设。
四、工作评议：区卫生健康局。
五、预算决算审查监督：审查批准区级预算调整方案和2025年区级决算，听取审计工作报告和审计查出问题整改情况报告。
六、视察调研：老旧小区改造、优化营商环境、农村生活污水治理。"""

# (key, kind, title, unit short name, start, meeting number or None, status, report lead days or None)
ACTIVITIES = (
    (
        "education",
        K.WORK_REPORT,
        "听取和审议区人民政府关于义务教育优质均衡发展工作情况的报告",
        "区教育局",
        D(2026, 2, 10),
        31,
        S.CONCLUDED,
        (22, 12, 8),
    ),
    (
        "court",
        K.WORK_REPORT,
        "听取和审议区人民法院关于行政审判工作情况的报告",
        "区法院",
        D(2026, 3, 16),
        32,
        S.CONCLUDED,
        (15, 9, 6),
    ),
    (
        "environment",
        K.WORK_REPORT,
        "听取和审议区人民政府关于2025年度环境状况和环境保护目标完成情况的报告",
        "区生态环境分局",
        D(2026, 3, 20),
        32,
        S.DELIBERATED,
        (21, 11, 7),
    ),
    (
        "food",
        K.ENFORCEMENT_INSPECTION,
        "《中华人民共和国食品安全法》实施情况执法检查",
        "区市场监管局",
        D(2026, 6, 1),
        35,
        S.DELIBERATED,
        (20, 10, 7),
    ),
    (
        "elderly",
        K.INQUIRY,
        "养老服务体系建设专题询问",
        "区民政局",
        D(2026, 7, 15),
        36,
        S.DELIBERATED,
        (24, 12, 9),
    ),
    (
        "health",
        K.APPRAISAL,
        "对区卫生健康局开展工作评议",
        "区卫健局",
        D(2026, 5, 10),
        37,
        S.DELIBERATED,
        (20, 10, 7),
    ),
    (
        "budget",
        K.BUDGET_REVIEW,
        "审查区级预算调整方案和2025年区级决算",
        "区财政局",
        D(2026, 4, 1),
        33,
        S.CONCLUDED,
        (30, 12, 8),
    ),
    (
        "audit",
        K.AUDIT_REVIEW,
        "听取和审议2025年度区级预算执行和其他财政收支的审计工作报告",
        "区审计局",
        D(2026, 5, 20),
        33,
        S.DELIBERATED,
        (21, 10, 7),
    ),
    (
        "housing",
        K.INSPECTION_VISIT,
        "老旧小区改造工作视察",
        "区住建局",
        D(2026, 5, 14),
        None,
        S.CONCLUDED,
        None,
    ),
    ("business", K.RESEARCH, "优化营商环境工作调研", "区商务局", D(2026, 9, 1), None, S.IN_PROGRESS, None),
    ("sewage", K.RESEARCH, "农村生活污水治理情况调研", "区农业农村局", D(2026, 12, 8), None, S.PLANNED, None),
    ("flood", K.SUPERVISORY_VISIT, "汛期防汛工作督导", "区应急局", D(2026, 6, 20), None, S.CONCLUDED, None),
    (
        "followup",
        K.FOLLOW_UP,
        "义务教育优质均衡发展审议意见落实情况跟踪监督",
        "区教育局",
        D(2026, 10, 12),
        None,
        S.IN_PROGRESS,
        None,
    ),
    (
        "records",
        K.RECORD_REVIEW,
        "区政府规范性文件备案审查",
        "区司法局",
        D(2026, 3, 2),
        None,
        S.CONCLUDED,
        None,
    ),
    (
        "rating",
        K.SATISFACTION_VOTE,
        "对区政府落实审议意见情况开展满意度测评",
        "区政府办",
        D(2026, 11, 20),
        None,
        S.PLANNED,
        None,
    ),
    (
        "safety",
        K.ENFORCEMENT_INSPECTION,
        "《中华人民共和国安全生产法》实施情况执法检查",
        "区应急局",
        D(2026, 12, 1),
        None,
        S.PLANNED,
        None,
    ),
)
# (activity key, sent on, status, reported on, resolution (title, due) or None)
OPINIONS = (
    ("education", D(2026, 4, 10), OP.CLOSED, D(2026, 6, 30), None),
    ("court", D(2026, 5, 12), OP.REVIEWED, D(2026, 8, 5), None),
    ("environment", D(2026, 5, 8), OP.SENT, None, None),  # past due: flagged overdue
    ("food", D(2026, 9, 8), OP.SENT, None, None),
    ("elderly", D(2026, 10, 9), OP.REPORTED, D(2026, 11, 16), None),
    ("health", None, OP.APPROVED, None, None),
    (
        "audit",
        D(2026, 7, 6),
        OP.REPORTED,
        D(2026, 11, 10),
        ("关于2025年度区级预算执行和其他财政收支审计工作报告的决议", D(2027, 1, 6)),
    ),
)
# (meeting number, [(kind, post, requesting unit, requested by, result)]) — result: pass / reject / pending
APPOINTMENTS = (
    (
        30,
        [
            ("remove", "示范区教育局局长", "区政府办", "区长", "pass"),
            ("appoint", "示范区教育局局长", "区政府办", "区长", "pass"),
            ("appoint", "示范区人民法院审判员", "区法院", "院长", "pass"),
        ],
    ),
    (
        31,
        [
            ("accept_resignation", "示范区人民政府副区长", "区政府办", "区长", "pass"),
            ("acting", "示范区人民政府副区长", "区政府办", "区长", "pass"),
            ("appoint", "示范区人民检察院检察员", "区检察院", "检察长", "pass"),
        ],
    ),
    (
        33,
        [
            ("remove", "示范区民政局局长", "区政府办", "区长", "pass"),
            ("appoint", "示范区民政局局长", "区政府办", "区长", "pass"),
            ("appoint", "示范区人民法院副院长", "区法院", "院长", "pass"),
        ],
    ),
    (
        35,
        [
            ("appoint", "示范区人民法院审判委员会委员", "区法院", "院长", "pass"),
            ("appoint", "示范区人民检察院检察委员会委员", "区检察院", "检察长", "reject"),
        ],
    ),
    (
        36,
        [
            ("remove", "示范区交通运输局局长", "区政府办", "区长", "pass"),
            ("appoint", "示范区交通运输局局长", "区政府办", "区长", "pass"),
        ],
    ),
    (
        38,
        [
            ("appoint", "示范区人民检察院副检察长", "区检察院", "检察长", "pass"),
            ("remove", "示范区人民法院审判员", "区法院", "院长", "pass"),
        ],
    ),
    (
        39,
        [
            ("appoint", "示范区商务局局长", "区政府办", "区长", "scheduled"),
            ("remove", "示范区商务局局长", "区政府办", "区长", "scheduled"),
            ("appoint", "示范区人民检察院检察员", "区检察院", "检察长", "received"),
        ],
    ),
)


def load(demo) -> None:
    """This app's part of the demo congress (see portal.demo)."""
    congress, rng = demo.congress, demo.random("oversight")
    units = {u.short_name: u for u in Unit.objects.filter(congress=congress)}
    meetings = {
        m.number: m for m in Meeting.objects.filter(congress=congress, kind=Meeting.Kind.COMMITTEE_MEETING)
    }
    members = list(
        registry_queries.committee_members_holding_seat(congress, D(2026, 6, 1)).values_list(
            "deputy_id", flat=True
        )
    )
    others = list(
        registry_queries.deputies_holding_seat(congress, D(2026, 6, 1))
        .exclude(pk__in=members)
        .values_list("id", flat=True)
    )

    demo.say("生成年度监督工作计划、监督活动…")
    plan = SupervisionPlan.objects.create(
        congress=congress,
        year=2026,
        title="示范区人大常委会2026年监督工作计划",
        content=PLAN_TEXT,
        status=SupervisionPlan.Status.PUBLISHED,
        adopted_on=D(2026, 1, 20),
        published_on=D(2026, 1, 22),
    )
    activities, participants, documents = {}, [], []
    for key, kind, title, unit_name, starts_on, meeting_number, status, leads in ACTIVITIES:
        meeting = meetings.get(meeting_number) if meeting_number else None
        meeting_on = timezone.localdate(meeting.starts_at) if meeting else None
        lead_dates = (
            [meeting_on - dt.timedelta(days=d) for d in leads] if leads and meeting_on else [None] * 3
        )
        concluded = (
            meeting_on + dt.timedelta(days=10)
            if status == S.CONCLUDED and meeting_on
            else (starts_on + dt.timedelta(days=20) if status == S.CONCLUDED else None)
        )
        activity = Activity.objects.create(
            congress=congress,
            plan=plan,
            kind=kind,
            title=title,
            unit=units[unit_name],
            lead=rng.choice(
                ["教科文卫工委", "法制工委", "财经工委", "城建环保工委", "农业农村工委", "社会建设工委"]
            ),
            description="听取汇报、实地察看、召开座谈会，形成报告提请常委会会议审议。"
            if meeting
            else "组织组成人员和代表实地视察、座谈。",
            starts_on=starts_on,
            ends_on=concluded or meeting_on,
            meeting=meeting,
            report_received_on=lead_dates[0],
            revised_received_on=lead_dates[1],
            sent_to_members_on=lead_dates[2],
            status=status,
            concluded_on=concluded,
        )
        activities[key] = activity
        if status != S.PLANNED:
            chosen = rng.sample(members, rng.randint(5, 8))
            participants += [
                Participant(activity=activity, deputy_id=d, role=Participant.Role.MEMBER) for d in chosen
            ]
            participants += [
                Participant(activity=activity, deputy_id=d, role=Participant.Role.INVITED_DEPUTY)
                for d in rng.sample(others, rng.randint(2, 4))
            ]
            if lead_dates[0]:
                documents += [
                    ActivityDocument(
                        activity=activity,
                        kind=ActivityDocument.Kind.ORGAN_REPORT,
                        title=f"{units[unit_name].name}工作报告（征求意见稿）",
                        received_on=lead_dates[0],
                    ),
                    ActivityDocument(
                        activity=activity,
                        kind=ActivityDocument.Kind.REVISED_REPORT,
                        title=f"{units[unit_name].name}工作报告（修改稿）",
                        received_on=lead_dates[1],
                    ),
                ]
            if kind in (K.ENFORCEMENT_INSPECTION, K.INSPECTION_VISIT, K.RESEARCH):
                report_kind = (
                    ActivityDocument.Kind.INSPECTION_REPORT
                    if kind == K.ENFORCEMENT_INSPECTION
                    else ActivityDocument.Kind.RESEARCH_REPORT
                )
                documents.append(
                    ActivityDocument(
                        activity=activity,
                        kind=report_kind,
                        title=f"关于{title}的报告",
                        received_on=starts_on + dt.timedelta(days=30),
                    )
                )
    Participant.objects.bulk_create(participants)
    ActivityDocument.objects.bulk_create(documents)

    demo.say("生成审议意见、研究处理情况和满意度测评…")
    reports, evaluations = [], []
    for key, sent_on, status, reported_on, resolution in OPINIONS:
        activity = activities[key]
        approved_on = timezone.localdate(activity.meeting.starts_at) + dt.timedelta(days=7)
        due_on = (
            rules.due_date(
                sent_on,
                rules.OPINIONS_DUE_MONTHS,
                resolution[1] if resolution else None,
                dates.calendar_of(congress),
            )
            if sent_on
            else None
        )
        opinions = DeliberationOpinions.objects.create(
            congress=congress,
            activity=activity,
            unit=activity.unit,
            title=f"关于{activity.title.removeprefix('听取和审议')}的审议意见",
            content="一、进一步提高思想认识，压实工作责任。\n二、加大投入力度，补齐短板弱项。\n三、健全长效机制，加强督促检查。",
            status=status,
            approved_on=approved_on,
            sent_on=sent_on,
            due_on=due_on,
            due_by_resolution=bool(resolution),
            resolution_ref=resolution[0] if resolution else "",
            reported_on=reported_on,
            closed_on=D(2026, 11, 5) if status == OP.CLOSED else None,
        )
        if reported_on:
            outcome = (
                HandlingReport.Outcome.PENDING if status == OP.REPORTED else HandlingReport.Outcome.ACCEPTED
            )
            reports.append(
                HandlingReport(
                    opinions=opinions,
                    number=1,
                    submitted_on=reported_on,
                    outcome=outcome,
                    content=f"{activity.unit.name}高度重视常委会审议意见，逐条研究，制定整改措施……",
                )
            )
        if status in (OP.CLOSED, OP.REVIEWED):
            evaluations.append((opinions, 37, 0.7 if status == OP.CLOSED else 0.45))
    HandlingReport.objects.bulk_create(reports)
    participations: list[EvaluationParticipation] = []
    for opinions, meeting_number, satisfied_share in evaluations:
        meeting = meetings[meeting_number]
        present = list(
            meeting.attendances.filter(status=Attendance.Status.PRESENT).values_list("deputy_id", flat=True)
        )
        choices = []
        for _ in present:
            draw = rng.random()
            choices.append(
                "satisfied"
                if draw < satisfied_share
                else "basically_satisfied"
                if draw < 0.95
                else "dissatisfied"
            )
        counts = {c: choices.count(c) for c in Evaluation.Grade.values}
        grade = meeting_rules.evaluation_grade(
            meeting.body_size, counts["satisfied"], counts["basically_satisfied"], counts["dissatisfied"]
        ).grade
        opened = meeting.starts_at + dt.timedelta(hours=2)
        evaluation = Evaluation.objects.create(
            congress=congress,
            opinions=opinions,
            meeting=meeting,
            status=Evaluation.Status.CLOSED,
            body_size=meeting.body_size,
            present=len(present),
            opened_at=opened,
            closed_at=opened + dt.timedelta(minutes=3),
            satisfied=counts["satisfied"],
            basically_satisfied=counts["basically_satisfied"],
            dissatisfied=counts["dissatisfied"],
            not_voted=0,
            grade=grade,
        )
        participations += [EvaluationParticipation(evaluation=evaluation, deputy_id=d) for d in present]
    EvaluationParticipation.objects.bulk_create(participations)

    demo.say("生成任免事项及表决…")
    people = People(rng)
    people.names |= set(Deputy.objects.filter(congress=congress).values_list("name", flat=True))
    writer = VoteWriter(rng)
    total = 0
    for meeting_number, items in APPOINTMENTS:
        meeting = meetings[meeting_number]
        meeting_on = timezone.localdate(meeting.starts_at)
        agenda_item = meeting.agenda_items.filter(kind="appointment").first()
        present = list(
            meeting.attendances.filter(status=Attendance.Status.PRESENT).values_list("deputy_id", flat=True)
        )
        holders = {}
        # Removals (and resignations) are voted before appointments to the same post (DOMAIN §7).
        order = rules.vote_order(
            [rules.PendingItem(i, kind, post, True) for i, (kind, post, *_r) in enumerate(items)]
        )
        for position, index in enumerate(order):
            kind, post, unit_name, head, result = items[index]
            female = rng.random() < 0.3
            name = holders.get(post) if kind in ("remove", "accept_resignation") else None
            name = name or people.name(female)
            received_on = meeting_on - dt.timedelta(days=rng.randint(10, 20))
            appointment = Appointment(
                congress=congress,
                kind=kind,
                requesting_unit=units[unit_name],
                requested_by=f"{units[unit_name].name.replace('办公室', '')}{head} {people.name(False)}",
                person_name=name,
                gender="female" if female else "male",
                birth_date=D(rng.randint(1970, 1988), rng.randint(1, 12), 1),
                post=post,
                cv=f"{rng.randint(1990, 2008)}年参加工作，历任科员、副科长、科长等职。"
                if kind != "remove"
                else "",
                reasons="工作需要" if kind != "accept_resignation" else "本人申请辞去职务",
                received_on=received_on,
                review_note="材料齐全，符合提请要求。",
                meeting=meeting,
            )
            if result in ("pass", "reject"):
                vote = writer.closed_vote(
                    meeting,
                    "committee",
                    present,
                    title=str(appointment),
                    agenda_item=agenda_item,
                    dissent=0.9 if result == "reject" else 0.04,
                    opened_at=meeting.starts_at + dt.timedelta(hours=2, minutes=10 + position),
                )
                appointment.vote = vote
                appointment.decided_on = meeting_on
                if vote.passed:
                    sworn = appointment.takes_oath
                    appointment.status = Appointment.Status.SWORN if sworn else Appointment.Status.PASSED
                    appointment.oath_on = meeting_on if sworn else None
                else:
                    appointment.status = Appointment.Status.REJECTED
            elif result == "scheduled":
                appointment.status = Appointment.Status.SCHEDULED
            else:
                appointment.status, appointment.meeting, appointment.review_note = (
                    Appointment.Status.RECEIVED,
                    None,
                    "",
                )
                appointment.received_on = D(2026, 11, 18)
            appointment.save()
            holders[post] = name
            total += 1
    writer.flush()
    demo.summary.append(
        f"监督活动 {len(ACTIVITIES)} 项（{len(set(a[1] for a in ACTIVITIES))} 类）、审议意见 "
        f"{len(OPINIONS)} 件、满意度测评 {len(evaluations)} 次、任免事项 {total} 人次"
    )
