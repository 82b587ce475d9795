"""Demo step for suggestions: last year's 121 suggestions fully handled, this year's in progress.

Dates are fixed (the demo year is 2026, last year 2025), so the same seed gives the same data;
this year's unanswered session items fall overdue once their due date (2026-05-11) has passed.
Everything is drawn from demo.random("suggestions").
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.models import User
from core import dates
from registry.models import Deputy, Subdistrict, Term, Unit
from suggestions import rules, search
from suggestions.models import (
    Assignment,
    Contact,
    CoSignature,
    Feedback,
    FollowUpReview,
    Reply,
    Suggestion,
    SupervisionNote,
)

LAST_YEAR, THIS_YEAR = 2025, 2026
LAST_YEAR_COUNT = 121
ASSIGNMENT_MEETINGS = {2025: dt.date(2025, 2, 12), 2026: dt.date(2026, 2, 10)}
TZ = timezone.get_fixed_timezone(8 * 60)

# (category, title pattern, content pattern, units by short name: first is the usual lead)
TOPICS = [
    (
        "城乡建设",
        "关于加快{place}老旧小区改造的建议",
        "{place}部分老旧小区建于上世纪九十年代，外墙脱落、雨污管网老化，居民反映强烈。建议将其列入年度改造计划，同步加装电梯、完善停车和充电设施。",
        ["区住建局", "区财政局"],
    ),
    (
        "城乡建设",
        "关于解决{place}停车难问题的建议",
        "{place}周边停车位严重不足，车辆乱停乱放影响通行和消防安全。建议利用闲置地块建设立体停车场，推行错时共享停车。",
        ["区城管局", "区公安分局", "区住建局"],
    ),
    (
        "交通出行",
        "关于优化{place}公交线路的建议",
        "{place}新建住宅区入住人口增加，但公交线路少、班次间隔长。建议增开公交线路、延长末班车时间，增设候车亭。",
        ["区交通局", "区公交公司"],
    ),
    (
        "交通出行",
        "关于改善{place}道路照明的建议",
        "{place}多条支路路灯损坏未修，夜间出行存在安全隐患。建议排查更换损坏灯具，增设照明设施。",
        ["区城管局", "区供电公司"],
    ),
    (
        "教育",
        "关于缓解{place}学位紧张的建议",
        "{place}适龄儿童逐年增加，现有小学学位紧张，大班额问题突出。建议加快新建学校建设，优化学区划分。",
        ["区教育局", "区规划自然资源分局"],
    ),
    (
        "教育",
        "关于加强{place}校园周边交通安全的建议",
        "{place}学校门口上下学时段拥堵严重，存在安全隐患。建议设置护学岗、临时停车区和交通信号灯。",
        ["区教育局", "区公安分局"],
    ),
    (
        "医疗卫生",
        "关于提升{place}社区卫生服务能力的建议",
        "{place}社区卫生服务中心医生少、设备旧，居民看病仍需跑大医院。建议充实全科医生队伍，推进家庭医生签约服务。",
        ["区卫健局", "区医保局"],
    ),
    (
        "社会保障",
        "关于完善{place}居家养老服务的建议",
        "{place}老年人口占比超过两成，独居老人较多。建议建设日间照料中心和老年食堂，提供助餐、助浴服务。",
        ["区民政局", "区卫健局"],
    ),
    (
        "社会保障",
        "关于加大{place}灵活就业人员社保支持的建议",
        "{place}灵活就业人员参保率偏低。建议加强政策宣传，落实社保补贴，简化参保缴费流程。",
        ["区人社局", "区税务局"],
    ),
    (
        "生态环境",
        "关于治理{place}河道污染的建议",
        "{place}河道存在生活污水直排、垃圾漂浮现象。建议加快截污纳管，定期清淤保洁，落实河长制。",
        ["区生态环境分局", "区水利局"],
    ),
    (
        "生态环境",
        "关于加强{place}餐饮油烟治理的建议",
        "{place}沿街餐饮店油烟扰民问题突出。建议督促安装油烟净化设施，加强日常执法检查。",
        ["区生态环境分局", "区市场监管局", "区城管局"],
    ),
    (
        "经济发展",
        "关于支持{place}小微企业发展的建议",
        "{place}小微企业融资难、融资贵问题仍然存在。建议设立担保资金，落实减税降费政策，优化营商环境。",
        ["区发展改革局", "区工信局", "区商务局"],
    ),
    (
        "农业农村",
        "关于推进{place}农村人居环境整治的建议",
        "{place}部分村庄生活垃圾收运不及时，道路硬化不足。建议加大投入，建立长效管护机制。",
        ["区农业农村局", "区城管局"],
    ),
    (
        "社会治理",
        "关于加强{place}电动自行车充电安全管理的建议",
        "{place}居民楼道内电动自行车充电现象普遍，火灾隐患大。建议建设集中充电设施，加强消防安全检查。",
        ["区应急局", "区消防救援大队", "区住建局"],
    ),
    (
        "文化旅游",
        "关于建设{place}全民健身场地的建议",
        "{place}缺少适合居民锻炼的公共健身场地。建议利用边角地建设口袋公园和健身步道。",
        ["区体育局", "区园林绿化局"],
    ),
]
REPLY_TEXT = {
    "A": "经研究，{unit}已于今年完成相关工作：{done}。下一步将加强日常管护，巩固成效。",
    "B": "{unit}高度重视，已将该事项列入明年工作计划，目前正在开展前期工作，预计明年年底前完成。",
    "C": "该建议涉及规划调整和资金安排，受目前条件限制暂难实施。{unit}将积极争取上级支持，条件成熟时逐步解决。",
    "D": "该建议对改进我们的工作很有参考价值，{unit}将在制定相关政策时予以充分考虑。",
}
DONE = ("完成改造项目并通过验收", "增设相关设施并投入使用", "完成排查整治", "出台专项工作方案并落实")
FEEDBACK_COMMENTS = {
    "dissatisfied": ("答复未针对具体问题，措施不够实", "只有计划没有时间表", "现场问题依然存在")
}


def _pick_weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    x = rng.uniform(0, total)
    for value, weight in pairs:
        x -= weight
        if x <= 0:
            return value
    return pairs[-1][0]


def load(demo) -> None:
    """This app's part of the demo congress (see portal.demo)."""
    rng = demo.random("suggestions")
    congress = demo.congress
    term = Term.objects.get(congress=congress, number=17)
    deputies = list(Deputy.objects.filter(congress=congress, status=Deputy.Status.SERVING).order_by("id"))
    showcase = Deputy.objects.filter(congress=congress, user__username="deputy").first() or deputies[0]
    units = {u.short_name: u for u in Unit.objects.filter(congress=congress)}
    places = list(Subdistrict.objects.filter(congress=congress).values_list("name", flat=True)) or [
        "示范街道"
    ]
    leader = User.objects.filter(username="leader").first()
    staff = User.objects.filter(username="staff").first()
    showcase_unit = units.get("区教育局")
    from meetings.models import CongressSession

    # Empty when the meetings step is not among DEMO_STEPS.
    sessions = {s.starts_on.year: s for s in CongressSession.objects.filter(congress=congress)}
    calendar = dates.calendar_of(congress)

    demo.say(f"生成代表建议：{LAST_YEAR}年 {LAST_YEAR_COUNT} 件（已全部办结）、{THIS_YEAR}年办理中…")
    plans = []  # (suggestion kwargs, handling plan)
    numbers = {LAST_YEAR: 0, THIS_YEAR: 0}

    def new_item(year, *, in_session, lead=None, stage):
        category, title_t, content_t, unit_names = rng.choice(TOPICS)
        place = rng.choice(places)
        numbers[year] += 1 if stage not in ("draft", "submitted") else 0
        lead = lead or rng.choice(deputies)
        if in_session:
            submitted = (
                dt.date(year, 1, rng.randint(12, 15))
                if year == THIS_YEAR
                else dt.date(year, 1, rng.randint(6, 9))
            )
        else:
            submitted = dt.date(year, rng.randint(3, 10), rng.randint(1, 28))
        s = Suggestion(
            congress=congress,
            term=term,
            session=sessions.get(year) if in_session else None,
            year=year,
            number=numbers[year] if stage not in ("draft", "submitted") else None,
            title=title_t.format(place=place),
            content=content_t.format(place=place),
            category=category,
            lead_deputy=lead,
            created_by=lead.user,
        )
        s.search_tokens = search.tokens_for(s.title, s.content)
        s.submitted_at = (
            None
            if stage == "draft"
            else dt.datetime(submitted.year, submitted.month, submitted.day, 10, tzinfo=TZ)
        )
        plans.append((s, unit_names, stage, submitted))
        return s

    for i in range(LAST_YEAR_COUNT):
        new_item(LAST_YEAR, in_session=i < 98, stage="closed")
    for i in range(92):
        stage = _pick_weighted(rng, [("closed", 55), ("replied", 12), ("accepted", 8), ("overdue", 7)])
        lead = showcase if i in (3, 17, 40) else None
        if lead is not None:
            stage = "replied"
        new_item(THIS_YEAR, in_session=True, lead=lead, stage=stage)
    for stage, n in (("assigned_recent", 6), ("accepted_recent", 6), ("registered", 4), ("submitted", 5)):
        for _ in range(n):
            new_item(THIS_YEAR, in_session=False, stage=stage)
    new_item(THIS_YEAR, in_session=False, lead=showcase, stage="draft")

    Suggestion.objects.bulk_create([p[0] for p in plans])
    assignments, replies, feedbacks, contacts, cosigns, notes, reviews = [], [], [], [], [], [], []
    co_pool = [d for d in deputies if d.pk != showcase.pk]

    for s, unit_names, stage, submitted in plans:
        for d in rng.sample(co_pool, rng.choice((0, 0, 1, 2, 3))):
            if d.pk != s.lead_deputy_id:
                cosigns.append(
                    CoSignature(suggestion=s, deputy=d, status="confirmed", answered_at=s.submitted_at)
                )
        if stage == "draft":
            s.status = Suggestion.Status.DRAFT
            cosigns.append(CoSignature(suggestion=s, deputy=rng.choice(co_pool)))
            continue
        if stage == "submitted":
            s.status = Suggestion.Status.SUBMITTED
            continue
        s.registered_on = submitted + dt.timedelta(days=rng.randint(3, 10))
        if stage == "registered":
            s.status = Suggestion.Status.REGISTERED
            continue
        in_session = s.session_id is not None or s.submitted_at.month == 1
        if in_session:
            on = ASSIGNMENT_MEETINGS[s.year]
            s.assignment_meeting = f"{s.year}年代表建议交办会"
        elif stage in ("assigned_recent", "accepted_recent"):
            on = dt.date(2026, rng.choice((9, 10, 11)), rng.randint(1, 20))
        else:
            on = s.registered_on + dt.timedelta(days=rng.randint(5, 20))
        mode = _pick_weighted(rng, [("sole", 75), ("split", 10), ("lead", 15)])
        names = [n for n in unit_names if n in units] or [rng.choice(list(units))]
        if stage in ("accepted_recent", "replied") and showcase_unit and rng.random() < 0.5:
            names = ["区教育局"] + [n for n in names if n != "区教育局"]
        if len(names) < 2:
            mode = "sole"
        due = dates.due_in_months(on, 3, calendar)
        s.mode, s.assigned_on, s.due_on = mode, on, due
        role = {"sole": "sole", "split": "split", "lead": "lead"}[mode]
        replying_units = names[:1] if mode in ("sole", "lead") else names[:2]
        own = [
            Assignment(suggestion=s, unit=units[n], role=role, assigned_on=on, due_on=due)
            for n in replying_units
        ]
        helpers = (
            [
                Assignment(
                    suggestion=s,
                    unit=units[n],
                    role="assisting",
                    assigned_on=on,
                    due_on=due,
                    opinion_due_on=dates.due_in_months(on, 1, calendar),
                )
                for n in names[1:2]
            ]
            if mode == "lead"
            else []
        )
        accepted_at = dt.datetime(on.year, on.month, on.day, 15, tzinfo=TZ) + dt.timedelta(
            days=rng.randint(1, 4)
        )
        if stage == "assigned_recent":
            s.status = Suggestion.Status.ASSIGNED
            assignments += own + helpers
            continue
        for a in own + helpers:
            a.status, a.accepted_at = "accepted", accepted_at
        for a in helpers:
            a.status, a.opinion = "opinion_submitted", "同意主办单位意见，我单位将积极配合做好相关工作。"
            a.opinion_submitted_at = accepted_at + dt.timedelta(days=20)
        if stage in ("accepted", "accepted_recent", "overdue"):
            s.status = Suggestion.Status.ASSIGNED
            assignments += own + helpers
            if stage != "overdue" or rng.random() < 0.5:
                contacts.append(
                    (
                        own[0],
                        Contact(
                            contacted_on=accepted_at.date() + dt.timedelta(days=7),
                            form=rng.choice(Contact.Form.values[:3]),
                            content="与领衔代表当面沟通办理思路，听取意见。",
                        ),
                    )
                )
            continue
        # replied (this year awaiting feedback) or closed
        late = rng.random() < 0.04
        category = _pick_weighted(rng, [("A", 45), ("B", 35), ("C", 15), ("D", 5)])
        replied_on = (
            due + dt.timedelta(days=rng.randint(1, 12))
            if late
            else due - dt.timedelta(days=rng.randint(3, 40))
        )
        if s.year == THIS_YEAR and replied_on > dt.date(2026, 11, 20):
            replied_on = dt.date(2026, 11, 20)
        for a in own:
            a.status, a.replied_on = "replied", replied_on
            contacts.append(
                (
                    a,
                    Contact(
                        contacted_on=replied_on - dt.timedelta(days=rng.randint(5, 20)),
                        form=rng.choice(Contact.Form.values[:4]),
                        content="走访现场，向代表通报办理进展并征求意见。",
                    ),
                )
            )
            replies.append(
                (
                    a,
                    Reply(
                        suggestion=s,
                        round=1,
                        category=category,
                        signed_by="局长",
                        content=REPLY_TEXT[category].format(unit=a.unit.name, done=rng.choice(DONE)),
                        replied_on=replied_on,
                        is_public=True,
                    ),
                )
            )
        assignments += own + helpers
        s.replied_on, s.replied_on_time, s.reply_category = replied_on, not late, category
        if stage == "replied":
            s.status = Suggestion.Status.REPLIED
            continue
        first = _pick_weighted(rng, [("satisfied", 80), ("basically_satisfied", 14), ("dissatisfied", 6)])
        fb_day = replied_on + dt.timedelta(days=rng.randint(5, 20))
        feedbacks.append(
            Feedback(
                suggestion=s,
                round=1,
                deputy=s.lead_deputy,
                rating=first,
                comment=rng.choice(FEEDBACK_COMMENTS["dissatisfied"]) if first == "dissatisfied" else "",
            )
        )
        s.first_rating = s.final_rating = first
        closed_on = fb_day
        if first == "dissatisfied":
            start = fb_day + dt.timedelta(days=5)
            due2 = dates.due_in_months(start, 1, calendar)
            reply2 = due2 - dt.timedelta(days=rng.randint(1, 10))
            for a in own:
                a.is_current = False
                again = Assignment(
                    suggestion=s,
                    unit=a.unit,
                    role=a.role,
                    round=2,
                    assigned_on=start,
                    due_on=due2,
                    status="replied",
                    accepted_at=dt.datetime(start.year, start.month, start.day, 16, tzinfo=TZ),
                    replied_on=reply2,
                )
                assignments.append(again)
                category = "A" if rng.random() < 0.6 else "B"
                replies.append(
                    (
                        again,
                        Reply(
                            suggestion=s,
                            round=2,
                            category=category,
                            signed_by="局长",
                            content=REPLY_TEXT[category].format(unit=a.unit.name, done=rng.choice(DONE)),
                            replied_on=reply2,
                            is_public=True,
                        ),
                    )
                )
            final = rng.choice(("satisfied", "basically_satisfied"))
            feedbacks.append(Feedback(suggestion=s, round=2, deputy=s.lead_deputy, rating=final))
            s.round, s.final_rating, s.reply_category, s.due_on = 2, final, category, due2
            closed_on = reply2 + dt.timedelta(days=7)
        s.status, s.closed_on = Suggestion.Status.CLOSED, closed_on
        s.published_at = (
            dt.datetime(closed_on.year, closed_on.month, closed_on.day, 9, tzinfo=TZ) + dt.timedelta(days=30)
            if s.year == LAST_YEAR
            else None
        )
        if s.year == LAST_YEAR and s.reply_category in rules.FOLLOW_UP_CATEGORIES and rng.random() < 0.5:
            outcome = rng.choice(("kept", "kept", "partly"))
            reviews.append(
                FollowUpReview(
                    suggestion=s,
                    reviewed_on=dt.date(2026, 3, rng.randint(1, 28)),
                    outcome=outcome,
                    note="组织代表回头看，实地察看落实情况。",
                    author=staff,
                )
            )
            s.follow_up_done = outcome == "kept"

    # Key supervision: a few of each year, with the demo leader supervising some.
    referred = [p[0] for p in plans if p[0].assigned_on]
    for s in rng.sample(referred, min(12, len(referred))):
        s.is_priority, s.supervising_leader = True, leader
        if leader:
            notes.append(
                SupervisionNote(
                    suggestion=s,
                    kind="meeting",
                    held_on=s.assigned_on + dt.timedelta(days=45),
                    content="召开重点建议督办推进会，听取承办单位进展汇报。",
                    author=leader,
                )
            )

    Suggestion.objects.bulk_update(
        [p[0] for p in plans],
        [
            "status",
            "registered_on",
            "mode",
            "assigned_on",
            "due_on",
            "assignment_meeting",
            "replied_on",
            "replied_on_time",
            "reply_category",
            "first_rating",
            "final_rating",
            "round",
            "closed_on",
            "published_at",
            "follow_up_done",
            "is_priority",
            "supervising_leader",
        ],
    )
    CoSignature.objects.bulk_create(cosigns, ignore_conflicts=True)
    Assignment.objects.bulk_create(assignments)
    for a, r in replies:
        r.assignment = a
    Reply.objects.bulk_create([r for _, r in replies])
    for a, c in contacts:
        c.assignment = a
    Contact.objects.bulk_create([c for _, c in contacts])
    Feedback.objects.bulk_create(feedbacks)
    SupervisionNote.objects.bulk_create(notes)
    FollowUpReview.objects.bulk_create(reviews)
    this_year = sum(1 for p in plans if p[0].year == THIS_YEAR)
    demo.summary.append(f"代表建议 {LAST_YEAR}年{LAST_YEAR_COUNT}件、{THIS_YEAR}年{this_year}件")
