"""Demo step: a completed previous year (proposals → 15 candidates → 10 adopted → progress →
evaluation) and a current call in collection, for the fictional 示范区 (docs/demo.md).

Random choices come from demo.random("projects") only. Dates are placed around today, so the
current call is open whenever the demo is loaded. Counting is meetings.rules, as in production.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Max
from django.utils import timezone

from accounts.models import Role, RoleAssignment
from meetings import rules as counting
from meetings.models import Attendance, CongressSession, Meeting
from projects import rules, workflow_ballot, workflow_evaluation
from projects.models import (
    Call,
    Evaluation,
    Milestone,
    ProgressReport,
    Project,
    ProjectBallot,
    Proposal,
    SupervisionActivity,
    SupervisionGroup,
    TellerEntry,
)
from registry.models import Subdistrict, Term, Unit
from registry.queries import deputies_holding_seat

# (title, category, lead unit, budget in 万元)
CANDIDATES = [
    ("新建改建公办幼儿园5所", "education", "示范区教育局", "8600"),
    ("中小学校园安全护栏和监控全覆盖", "education", "示范区教育局", "1200"),
    ("新增社区老年食堂20家", "elderly", "示范区民政局", "1500"),
    ("老旧小区加装电梯100台", "housing", "示范区住房和城乡建设局", "3000"),
    ("改造老旧小区12个", "housing", "示范区住房和城乡建设局", "9800"),
    ("新辟优化公交线路10条", "transport", "示范区交通运输局", "900"),
    ("新增公共停车泊位3000个", "transport", "示范区城市管理局", "2600"),
    ("建设社区卫生服务站8个", "health", "示范区卫生健康局", "2400"),
    ("为65岁以上老人免费体检", "health", "示范区卫生健康局", "1100"),
    ("建设口袋公园15个", "environment", "示范区园林绿化局", "1800"),
    ("黑臭水体整治5条", "environment", "示范区生态环境分局", "4200"),
    ("新建全民健身步道30公里", "culture", "示范区体育局", "1300"),
    ("农贸市场提升改造10家", "other", "示范区商务局", "1600"),
    ("零工市场和就业驿站建设", "employment", "示范区人力资源和社会保障局", "500"),
    ("老旧燃气管网更新改造", "safety", "示范区燃气公司", "5200"),
]
PROPOSAL_STEMS = [
    "希望在{place}{what}",
    "建议{place}尽快{what}",
    "{place}居民反映需要{what}",
    "关于{place}{what}的建议",
]
CURRENT_TOPICS = [
    "增设公交站",
    "建设社区食堂",
    "改造背街小巷",
    "增加停车位",
    "建设口袋公园",
    "学校门口交通疏导",
    "老旧小区加装电梯",
    "菜市场改造",
    "增设公共厕所",
    "建设健身步道",
    "修缮排水管网",
    "增设充电桩",
]
MILESTONES = ["完成前期立项和方案设计", "完成招标并开工", "完成主体建设", "竣工验收并投入使用"]


def _session(congress, term, starts_on: dt.date) -> CongressSession:
    number = (CongressSession.objects.filter(term=term).aggregate(m=Max("number"))["m"] or 0) + 1
    return CongressSession.objects.create(
        congress=congress,
        term=term,
        number=number,
        starts_on=starts_on,
        ends_on=starts_on + dt.timedelta(days=3),
    )


def _plenary(congress, session, when, deputies, rng, present_count) -> tuple[Meeting, list[int]]:
    start = timezone.make_aware(dt.datetime.combine(when, dt.time(9)))
    meeting = Meeting.objects.create(
        congress=congress,
        kind=Meeting.Kind.PLENARY,
        session=session,
        number=2,
        title=f"{session}第二次全体会议",
        starts_at=start,
        location="示范区会议中心大礼堂",
        status=Meeting.Status.CLOSED,
        body_size=len(deputies),
        opened_at=start,
        closed_at=start + dt.timedelta(hours=3),
    )
    present = set(rng.sample([d.pk for d in deputies], present_count))
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            deputy=d,
            status=Attendance.Status.PRESENT if d.pk in present else Attendance.Status.ON_LEAVE,
            leave_reason="" if d.pk in present else "因公请假",
            signed_in_at=start - dt.timedelta(minutes=20) if d.pk in present else None,
            method=Attendance.Method.DESK if d.pk in present else "",
        )
        for d in deputies
    )
    return meeting, sorted(present)


def _proposal(congress, call, rng, subdistricts, title, category, created, status, n):
    text = f"{title}。{rng.choice(['群众反映强烈', '涉及居民较多', '多年未解决', '周边学校和小区集中'])}，建议列入民生实事项目。"
    return Proposal(
        congress=congress,
        call=call,
        tracking_code=rules.tracking_code(call.year, rng.randbytes(8)),
        title=title[:100],
        description=text,
        subdistrict=rng.choice(subdistricts),
        location="",
        category=category,
        name=rng.choice(["", "", "王先生", "李女士", "张阿姨"]),
        mobile=f"199{rng.randrange(10**8):08d}",
        channel=rng.choice(list(Proposal.Channel.values)),
        fingerprint=rules.fingerprint(title, f"{text}{n}"),
        status=status,
    )


def load(demo) -> None:
    """This app's part of the demo congress (see portal.demo)."""
    rng = demo.random("projects")
    congress = demo.congress
    today = timezone.localdate()
    term = Term.objects.filter(congress=congress).order_by("-number").first()
    units = {u.name: u for u in Unit.objects.filter(congress=congress)}
    subdistricts = list(Subdistrict.objects.filter(congress=congress))
    deputies = list(deputies_holding_seat(congress).order_by("number"))
    staff_members = [
        a.user
        for a in RoleAssignment.objects.filter(congress=congress, role=Role.STAFF)
        .select_related("user")
        .order_by("pk")[:2]
    ]
    staff = staff_members[0]

    # ---- the completed previous cycle: call ~17 months ago, ballot ~13 months ago, evaluation 2 weeks ago
    ballot_day = today - dt.timedelta(days=390)
    year = ballot_day.year
    demo.say(f"生成 {year} 年度民生实事项目（征集、票决、实施、测评）…")
    opens = ballot_day - dt.timedelta(days=150)
    call = Call.objects.create(
        congress=congress,
        year=year,
        title=f"{year}年度民生实事项目征集",
        opens_on=opens,
        closes_on=opens + dt.timedelta(days=44),
        description="面向全区公开征集民生实事项目建议。",
        status=Call.Status.ANNOUNCED,
    )
    proposals = []
    for n in range(120):
        title, category, *_ = CANDIDATES[n % len(CANDIDATES)]
        place = rng.choice(subdistricts).name
        text = rng.choice(PROPOSAL_STEMS).format(place=place, what=title)
        status = Proposal.Status.TAKEN if n < 90 else Proposal.Status.NOT_TAKEN
        proposals.append(_proposal(congress, call, rng, subdistricts, text, category, opens, status, n))
    for p in proposals[90:]:
        p.decline_reason = rng.choice(list(rules.DECLINE_REASONS))
        p.decline_note = "详见筛选说明" if p.decline_reason == "other" else ""
        p.in_reserve_pool = p.decline_reason == "reserve_pool"
    proposals = Proposal.objects.bulk_create(proposals)
    Proposal.objects.filter(pk__in=[p.pk for p in proposals]).update(
        created_at=timezone.make_aware(dt.datetime.combine(opens + dt.timedelta(days=10), dt.time(10)))
    )

    projects = []
    for number, (title, _category, unit_name, budget) in enumerate(CANDIDATES, start=1):
        projects.append(
            Project.objects.create(
                congress=congress,
                call=call,
                number=number,
                title=title,
                content=f"{title}，惠及全区群众。",
                budget=Decimal(budget),
                lead_unit=units[unit_name],
                target=f"年底前{title}",
                deadline=dt.date(year, 12, 31),
                status=Project.Status.CANDIDATE,
                created_by=staff,
            )
        )
        projects[-1].proposals.set(
            [p for i, p in enumerate(proposals[:90]) if i % len(CANDIDATES) == number - 1]
        )

    session = _session(congress, term, ballot_day)
    meeting, present = _plenary(congress, session, ballot_day, deputies, rng, 338)
    call.session, call.locked_at = (
        session,
        timezone.make_aware(dt.datetime.combine(opens + dt.timedelta(days=90), dt.time(9))),
    )
    call.submitted_at = call.locked_at + dt.timedelta(days=20)
    call.announced_at = meeting.closed_at
    call.save(update_fields=["session", "locked_at", "submitted_at", "announced_at"])
    settings = {k: rules.SETTINGS[k].default for k in workflow_ballot.FROZEN_BALLOT_SETTINGS}
    titles = [p.title for p in projects]
    ballot = ProjectBallot.objects.create(
        congress=congress,
        call=call,
        meeting=meeting,
        title=f"{year}年度民生实事项目票决",
        method=ProjectBallot.Method.PAPER,
        candidates=titles,
        settings=settings,
        body_size=len(deputies),
        present=len(present),
        issued_to=present,
        ballots_issued=len(present),
        ballots_returned=len(present) - 2,
        status=ProjectBallot.Status.CLOSED,
        opened_at=meeting.opened_at,
        closed_at=meeting.opened_at + dt.timedelta(minutes=30),
    )
    weights = [rng.randint(40, 100) for _ in titles]
    papers = []
    for index in range(len(present) - 2):
        ticked = set()
        while len(ticked) < 10:
            ticked.add(rng.choices(titles, weights)[0])
        if index % 97 == 5:  # a few ballots tick too many and are void
            ticked.add(rng.choice([t for t in titles if t not in ticked]))
        papers.append([t for t in titles if t in ticked])
    # Paper sheets, read alike by the ballot's two tellers (the demo's first two staff members).
    ballot.tellers.set(staff_members)
    TellerEntry.objects.bulk_create(
        TellerEntry(ballot=ballot, teller=teller, sheet=number, content=c)
        for teller in staff_members
        for number, c in enumerate(papers, start=1)
    )
    ballot.result = workflow_ballot.result_dict(workflow_ballot.count(ballot))
    ballot.save(update_fields=["result"])
    adopted = set(workflow_ballot.ballot_outcome(call)["adopted"])
    for project in projects:
        project.votes = ballot.result["counts"][project.title]
        project.status = Project.Status.ADOPTED if project.title in adopted else Project.Status.NOT_ADOPTED
        project.adopted_at = meeting.closed_at if project.title in adopted else None
    Project.objects.bulk_update(projects, ["votes", "status", "adopted_at"])
    adopted_projects = [p for p in projects if p.status == Project.Status.ADOPTED]

    # ---- implementation and supervision
    for project in adopted_projects:
        for i, title in enumerate(MILESTONES):
            due = ballot_day + dt.timedelta(days=60 + 90 * i)
            late = rng.random() < 0.15
            Milestone.objects.create(
                project=project,
                title=title,
                due_on=due,
                done_on=due + dt.timedelta(days=rng.randint(5, 30) if late else -rng.randint(0, 20)),
            )
        handler = RoleAssignment.objects.filter(unit=project.lead_unit, role=Role.UNIT_HANDLER).first()
        spent = Decimal(0)
        for quarter in range(1, 5):
            spent += (project.budget / 4).quantize(Decimal("0.01"))
            ProgressReport.objects.create(
                project=project,
                reported_on=ballot_day + dt.timedelta(days=90 * quarter),
                percent=min(100, 25 * quarter),
                text=f"第{quarter}季度：按计划推进，{MILESTONES[quarter - 1]}。",
                spent=spent,
                author=handler.user if handler else staff,
            )
        group = SupervisionGroup.objects.create(
            project=project,
            status=SupervisionGroup.Status.CONFIRMED,
            confirmed_at=meeting.closed_at + dt.timedelta(days=14),
        )
        members = rng.sample(deputies, 10)
        group.members.set(members)
        group.head = members[0]
        group.save(update_fields=["head"])
        activity = SupervisionActivity.objects.create(
            project=project,
            kind=SupervisionActivity.Kind.INSPECTION_VISIT,
            held_on=ballot_day + dt.timedelta(days=150),
            findings="部分点位施工进度偏慢，建议加强统筹调度。",
            status=SupervisionActivity.Status.REPLIED,
            sent_at=meeting.closed_at + dt.timedelta(days=152),
            reply="已召开推进会，增加施工力量，确保按期完成。",
            replied_at=meeting.closed_at + dt.timedelta(days=170),
            recorded_by=staff,
        )
        activity.participants.set(members[:6])

    # ---- evaluation at the next session, two weeks ago
    evaluation_day = today - dt.timedelta(days=14)
    session = _session(congress, term, evaluation_day)
    meeting, present = _plenary(congress, session, evaluation_day, deputies, rng, 341)
    items = [p.title for p in sorted(adopted_projects, key=lambda p: p.number)]
    evaluation = Evaluation.objects.create(
        congress=congress,
        call=call,
        meeting=meeting,
        title=f"{year}年度民生实事项目满意度测评",
        method=Evaluation.Method.PAPER,
        items=items,
        settings={"evaluation_base": "deputies"},
        body_size=len(deputies),
        present=len(present),
        issued_to=present,
        ballots_issued=len(present),
        ballots_returned=len(present),
        status=Evaluation.Status.CLOSED,
        opened_at=meeting.opened_at,
        closed_at=meeting.closed_at,
    )
    mood = {t: rng.choice([(80, 15, 5), (60, 30, 10), (45, 40, 15), (30, 35, 35)]) for t in items}
    contents = [{t: rng.choices(counting.GRADES, mood[t])[0] for t in items} for _ in present]
    # A paper evaluation: the sheets are counted by hand and only the counts are entered.
    counts = {t: {g: sum(c[t] == g for c in contents) for g in counting.GRADES} for t in items}
    document = workflow_evaluation.evaluation_document(evaluation, counts)
    results = counting.evaluate_items(
        document["base"], {t: counting.EvaluationVotes(**c) for t, c in document["items"].items()}
    )
    evaluation.counts = document["items"]
    evaluation.result = {
        "kind": "evaluation",
        "items": {
            t: {"grade": r.grade, "satisfaction_rate": r.satisfaction_rate} for t, r in results.items()
        },
    }
    evaluation.save(update_fields=["counts", "result"])
    for project in adopted_projects:
        r = results[project.title]
        project.grade, project.satisfaction_rate = r.grade, r.satisfaction_rate
        project.evaluation_counts, project.status = counts[project.title], Project.Status.EVALUATED
    Project.objects.bulk_update(
        adopted_projects, ["grade", "satisfaction_rate", "evaluation_counts", "status"]
    )

    # ---- the current call, in collection
    current = Call.objects.create(
        congress=congress,
        year=today.year + 1,
        title=f"{today.year + 1}年度民生实事项目征集",
        opens_on=today - dt.timedelta(days=10),
        closes_on=today + dt.timedelta(days=30),
        description="欢迎群众通过网上、代表联络站、人大代表等渠道提出民生实事项目建议。",
    )
    fresh = []
    for n in range(40):
        topic = rng.choice(CURRENT_TOPICS)
        place = rng.choice(subdistricts).name
        text = rng.choice(PROPOSAL_STEMS).format(place=place, what=topic)
        fresh.append(
            _proposal(
                congress,
                current,
                rng,
                subdistricts,
                text,
                rng.choice(list(rules.CATEGORIES)),
                current.opens_on,
                Proposal.Status.SUBMITTED,
                n,
            )
        )
    Proposal.objects.bulk_create(fresh)
    satisfied = sum(p.grade == "satisfied" for p in adopted_projects)
    demo.summary.append(
        f"民生实事项目：{year} 年度群众建议 {len(proposals)} 条、候选项目 {len(projects)} 个、票决通过 "
        f"{len(adopted_projects)} 个、测评满意 {satisfied} 个；{current.year} 年度征集进行中（建议 {len(fresh)} 条）"
    )
