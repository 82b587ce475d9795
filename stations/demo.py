"""The stations step of `renda demo`: a year of citizen messages, reception days and activities.

Everything is drawn from demo.random("stations"). The one use of the clock is the calendar anchor
(the load date): the same seed gives the same messages, receptions and activities, placed in the
year up to the day the demo is loaded, so that upcoming reception days are really upcoming.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.models import Role, RoleAssignment
from core import dates
from registry.models import Community, Deputy, Station, Unit
from stations import rules
from stations.models import Activity, Message, Reception, ReceptionIssue, Topic

MESSAGES_PER_SUBDISTRICT_STATION = 90
MESSAGES_PER_COMMUNITY_STATION = 45

PROBLEMS = {
    Topic.URBAN: ["小区门口道路破损多处，雨天积水严重", "路灯损坏两个多月未修", "背街小巷垃圾清运不及时"],
    Topic.TRAFFIC: ["早晚高峰路口拥堵，缺少红绿灯", "公交站台没有遮雨棚", "小区周边停车位严重不足"],
    Topic.ENVIRONMENT: ["附近餐馆油烟扰民", "河道有异味，夏天更明显", "工地夜间施工噪声大"],
    Topic.EDUCATION: ["学校放学时段接送车辆拥堵", "社区缺少课后托管服务", "幼儿园学位紧张"],
    Topic.HEALTH: ["社区卫生服务站开放时间短", "老年人看病挂号难", "药品种类不全需跑大医院"],
    Topic.ELDERLY: ["老年食堂离家太远", "高龄补贴申领手续繁琐", "老旧楼房没有电梯，老人上下楼难"],
    Topic.EMPLOYMENT: ["希望多组织就近招聘会", "灵活就业人员参保政策不清楚", "技能培训信息获取不便"],
    Topic.HOUSING: ["物业服务差，公共设施长期无人维修", "老旧小区改造进度慢", "楼道堆放杂物存在消防隐患"],
    Topic.SAFETY: ["电动车在楼道充电存在隐患", "小区监控损坏", "学校周边缺少交通安全设施"],
    Topic.COMMUNITY: ["社区活动场所不足", "希望增设便民服务点", "社区公告信息更新不及时"],
    Topic.ECONOMY: ["菜市场改造后摊位费上涨", "小微企业融资难", "商业街空置店铺多"],
    Topic.OTHER: ["希望增加公共厕所", "快递柜收费不合理", "社区宠物管理不规范"],
}
WISHES = ["希望有关部门尽快解决", "请代表帮助反映", "希望早日改善", "请予以协调处理"]
TOPIC_WEIGHTS = {
    Topic.URBAN: 16,
    Topic.TRAFFIC: 14,
    Topic.HOUSING: 13,
    Topic.ELDERLY: 11,
    Topic.ENVIRONMENT: 9,
    Topic.EDUCATION: 8,
    Topic.HEALTH: 8,
    Topic.SAFETY: 6,
    Topic.COMMUNITY: 6,
    Topic.EMPLOYMENT: 4,
    Topic.ECONOMY: 3,
    Topic.OTHER: 2,
}
REPLIES = {
    Message.Outcome.ANSWERED_ON_SPOT: "经了解，相关政策和办理渠道已向您当面（电话）说明，感谢您的关注。",
    Message.Outcome.SUBDISTRICT: "已交街道办事处办理，街道已组织人员现场查看并落实整改，请您监督。",
    Message.Outcome.REFERRED: "经常委会办公室转办，承办单位已将该问题列入工作计划，近期组织实施。",
    Message.Outcome.DECLINED: "您反映的事项已进入其他法定程序，按规定不予受理，建议您通过相应渠道反映。",
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
ACTIVITY_THEMES = [
    "宪法宣传进社区",
    "民法典宣讲",
    "代表接待选民集中活动",
    "民生实事项目意见征集",
    "预算审查监督意见征集",
    "垃圾分类专题调研",
    "老旧小区改造专题调研",
    "养老服务专题调研",
]


def load(demo) -> None:
    rng = demo.random("stations")
    congress = demo.congress
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    stations = list(Station.objects.filter(congress=congress).order_by("pk"))
    if not stations:
        return
    communities = {}
    for c in Community.objects.filter(congress=congress).order_by("pk"):
        communities.setdefault(c.subdistrict_id, []).append(c)
    deputies = {}
    for d in Deputy.objects.filter(
        congress=congress, status=Deputy.Status.SERVING, station__isnull=False
    ).order_by("pk"):
        deputies.setdefault(d.station_id, []).append(d)
    units = list(Unit.objects.filter(congress=congress, is_active=True).order_by("pk"))
    staff_of = {
        a.station_id: a.user_id
        for a in RoleAssignment.objects.filter(congress=congress, role=Role.STATION_STAFF).order_by("pk")
    }
    topics, weights = list(TOPIC_WEIGHTS), list(TOPIC_WEIGHTS.values())
    outcomes = [
        Message.Outcome.ANSWERED_ON_SPOT,
        Message.Outcome.SUBDISTRICT,
        Message.Outcome.REFERRED,
        Message.Outcome.DECLINED,
    ]
    outcome_weights = [40, 30, 25, 5]

    demo.say("生成联络站群众留言…")
    codes: set[str] = set()
    messages = []
    for station in stations:
        n = (
            MESSAGES_PER_SUBDISTRICT_STATION
            if station.level == Station.Level.SUBDISTRICT
            else MESSAGES_PER_COMMUNITY_STATION
        )
        n = rng.randint(n * 2 // 3, n * 4 // 3)
        local = communities.get(station.subdistrict_id, [])
        on_duty = deputies.get(station.pk, [])
        for _ in range(n):
            topic = rng.choices(topics, weights)[0]
            community = station.community or (rng.choice(local) if local else None)
            content = (
                f"{community.name if community else ''}{rng.choice(PROBLEMS[topic])}，{rng.choice(WISHES)}。"
            )
            code = "".join(rng.choice(rules.TRACKING_ALPHABET) for _ in range(rules.TRACKING_LENGTH))
            while code in codes:
                code = "".join(rng.choice(rules.TRACKING_ALPHABET) for _ in range(rules.TRACKING_LENGTH))
            codes.add(code)
            age = rng.randint(0, 364)
            created = dt.datetime.combine(
                today - dt.timedelta(days=age), dt.time(rng.randint(7, 22), rng.randint(0, 59)), tzinfo=tz
            )
            m = Message(
                congress=congress,
                station=station,
                tracking_code=code,
                topic=topic,
                content=content,
                content_digest=rules.content_digest(content),
                subdistrict_id=station.subdistrict_id,
                community=community,
                name=rng.choice(["", "", f"{rng.choice(SURNAMES)}先生", f"{rng.choice(SURNAMES)}女士"]),
                phone=f"1{rng.choice('3578')}{rng.randint(0, 999_999_999):09d}",
                publish_consent=rng.random() < 0.3,
                created_at=created,
                deputy=rng.choice(on_duty) if on_duty and rng.random() < 0.25 else None,
                handler_id=staff_of.get(station.pk),
            )
            _handle(m, rng, age, today, tz, outcomes, outcome_weights, units)
            messages.append(m)
    Message.objects.bulk_create(messages, batch_size=1000)

    demo.say("生成接待日与联络站活动…")
    receptions, duty = [], []
    for station in stations:
        on_duty = deputies.get(station.pk, [])
        for month_back in range(12, -1, -1):
            day = today - dt.timedelta(days=30 * month_back - rng.randint(0, 6))
            if month_back == 0:
                day = today + dt.timedelta(days=rng.randint(4, 20))  # the next one, announced in time
            held = day < today
            r = Reception(
                congress=congress,
                station=station,
                date=day,
                starts_at=dt.time(9, 0),
                ends_at=dt.time(11, 30),
                place=station.address,
                status=Reception.Status.HELD if held else Reception.Status.SCHEDULED,
                visitors=rng.randint(2, 25) if held else None,
                summary="代表接待来访群众，听取意见建议，现场解答政策咨询。" if held else "",
            )
            receptions.append(r)
            duty.append(rng.sample(on_duty, min(len(on_duty), rng.randint(1, 3))) if on_duty else [])
    Reception.objects.bulk_create(receptions, batch_size=1000)
    Through = Reception.deputies.through
    Through.objects.bulk_create(
        [Through(reception_id=r.pk, deputy_id=d.pk) for r, ds in zip(receptions, duty) for d in ds],
        batch_size=2000,
    )
    issues = []
    for r in receptions:
        if r.status != Reception.Status.HELD:
            continue
        for _ in range(rng.randint(0, 3)):
            topic = rng.choices(topics, weights)[0]
            result = rng.choice(ReceptionIssue.Result.values)
            issues.append(
                ReceptionIssue(
                    reception=r,
                    topic=topic,
                    content=f"{rng.choice(PROBLEMS[topic])}。",
                    visitor_name=f"{rng.choice(SURNAMES)}某",
                    result=result,
                    answer="代表当场解答了相关政策。"
                    if result == ReceptionIssue.Result.ANSWERED_ON_SPOT
                    else "",
                )
            )
    ReceptionIssue.objects.bulk_create(issues, batch_size=2000)

    activities, joined = [], []
    for station in stations:
        on_duty = deputies.get(station.pk, [])
        for kind, count in (
            (Activity.Kind.THEMED, rng.randint(1, 3)),
            (Activity.Kind.RESEARCH, rng.randint(0, 2)),
        ):
            for _ in range(count):
                theme = rng.choice(ACTIVITY_THEMES)
                activities.append(
                    Activity(
                        congress=congress,
                        station=station,
                        kind=kind,
                        title=theme,
                        date=today - dt.timedelta(days=rng.randint(1, 360)),
                        other_participants="社区工作者、居民代表",
                        # the opinions raised are counted on the activity (reports quote their sum)
                        opinions_raised=(raised := rng.randint(3, 20)),
                        results=f"开展“{theme}”，收集意见建议 {raised} 条，已分类交办。",
                    )
                )
                joined.append(rng.sample(on_duty, min(len(on_duty), rng.randint(1, 4))) if on_duty else [])
    Activity.objects.bulk_create(activities)
    ActivityThrough = Activity.deputies.through
    ActivityThrough.objects.bulk_create(
        [ActivityThrough(activity_id=a.pk, deputy_id=d.pk) for a, ds in zip(activities, joined) for d in ds],
        batch_size=2000,
    )

    held = sum(r.status == Reception.Status.HELD for r in receptions)
    closed = sum(m.status == Message.Status.CLOSED for m in messages)
    demo.summary.append(
        f"联络站群众留言 {len(messages)} 条（已办结 {closed} 条）、接待日 {len(receptions)} 次"
        f"（已接待 {held} 次）、主题活动和调研 {len(activities)} 次"
    )


def _handle(m: Message, rng, age: int, today: dt.date, tz, outcomes, weights, units) -> None:
    """Give a message a history that fits its age: older ones closed, recent ones still open."""
    S = Message.Status
    if age < 3 or (age < 30 and rng.random() < 0.35):
        m.status = rng.choice([S.RECEIVED, S.ASSIGNED]) if age < 3 else S.ASSIGNED
        return
    outcome = rng.choices(outcomes, weights)[0]
    days = rng.randint(1, 5) if outcome != Message.Outcome.REFERRED else rng.randint(8, 40)
    days = min(days, age - 1)
    created_day = m.created_at.date()
    if outcome == Message.Outcome.REFERRED:
        m.refer_due = dates.due_in_days(created_day, 10, dates.calendar_of(m.congress))
        if units:
            m.unit = rng.choice(units)
            m.referred_at = m.created_at + dt.timedelta(days=rng.randint(1, 7))
            m.reply_due = dates.due_in_days(
                m.referred_at.date(), rules.SETTINGS["reply_days"].default, dates.calendar_of(m.congress)
            )
        if age < 40 and rng.random() < 0.5:
            m.status, m.outcome = (S.REFERRED if m.unit_id else S.AWAITING_REFERRAL), outcome
            return
    m.status, m.outcome = S.CLOSED, outcome
    m.reply = REPLIES[outcome]
    if outcome == Message.Outcome.DECLINED:
        m.decline_reason = rng.choice(Message.DeclineReason.values)
    m.closed_at = m.created_at + dt.timedelta(days=days, hours=rng.randint(0, 8))
    if rng.random() < 0.6:
        m.rating = rng.choices([5, 4, 3, 2, 1], [55, 25, 10, 6, 4])[0]
        m.rating_comment = (
            ""
            if rng.random() < 0.7
            else rng.choice(["办理及时，很满意。", "问题基本解决。", "希望后续跟进。"])
        )
        m.rated_at = m.closed_at + dt.timedelta(days=1)
