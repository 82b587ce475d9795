"""Demo step (after referrals.demo, which builds 示范市): a township 主席团 and a zone's deputies' meeting.

青禾镇人大 (township congress): its 第五次会议 in January elected a 主席团 of seven (a 主席 and
two 副主席 among them). Between sessions, in June, the 主席团 met: it heard and discussed the
township government's special report on rural living conditions with invited deputies (their
remarks recorded in a discussion group, a 审议意见 drafted from them) and passed the decision to
convene the 第六次会议, which it convened for December with its agenda.

高新区人大工委 (working body): the deputies of the city and of the district stationed in the zone
held their annual deputies' meeting in March, with guests who are not deputies (listed apart,
never counted), the 管委会's work report made orally and three reports distributed in writing
(书面印发, not voted), discussed in two groups.

Rows are written directly (generated state, like every demo step), with no audit entries of their
own: the demo's one load_demo entry covers them.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from accounts.models import User
from deliberation import rules as deliberation_rules
from deliberation.models import DeliberationOpinion, DiscussionGroup, GroupMembership, Speech
from meetings import rules
from meetings.models import AgendaItem, Attendance, CongressSession, Guest, Meeting, PresidiumRole, Vote
from registry.models import Congress, Deputy, Station, StationMembership, Subdistrict, Term

TZ = ZoneInfo("Asia/Shanghai")
TOWNSHIP_CODE = "demo-qinghe"
ZONE_CODE = "demo-zone"
SPECIAL_REPORT = "听取和讨论镇人民政府关于农村人居环境整治工作情况的专项报告"
CONVENE_DECISION = "关于召开青禾镇第一届人民代表大会第六次会议的决定（草案）"
NEXT_SESSION_ON = dt.date(2026, 12, 28)
NEXT_AGENDA = (
    "听取和审议镇人民政府工作报告",
    "审查和批准2027年镇财政预算",
    "听取和审议镇人大主席团工作报告",
)
PRESIDIUM_REMARKS = (
    "建议把村内道路硬化和生活污水管网建设统筹安排，先解决群众反映集中的积水问题。",
    "垃圾分类收运要落实到村民小组，保洁经费应纳入镇财政预算予以保障。",
    "厕所改造后的管护要跟上，建议建立村级管护台账，主席团下次会议听取整改情况。",
)
ZONE_REPORTS = (
    # (title, distributed in writing?)
    ("高新区管委会2025年工作情况和2026年工作安排的报告", False),
    ("高新区2025年财政预算执行情况和2026年财政预算安排的报告（书面）", True),
    ("高新区人大工委2025年工作报告（书面）", True),
    ("高新区2026年民生实事项目安排情况的报告（书面）", True),
)
ZONE_GUESTS = (
    ("刘振华", "高新区管委会主任"),
    ("陈雅琴", "高新区管委会副主任"),
    ("周启明", "高新区财政局局长"),
    ("吴海燕", "园区企业代表、某科技公司总经理"),
    ("郑立新", "群众代表、园区社区居委会主任"),
)
ZONE_REMARKS = (
    "园区企业用工需求大，建议管委会搭建人才公寓和通勤公交，解决职工住的难题。",
    "建议在民生实事中增加园区幼儿园学位，缓解双职工家庭入托难。",
    "财政预算中科技创新扶持资金的绩效目标应当细化到项目，便于代表监督。",
    "人大工委要多组织驻区各级代表进站接待群众，把园区企业的诉求及时转交办理。",
)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


def _staff_user(body: Congress, fallback: User) -> User:
    return User.objects.filter(role_assignments__congress=body).order_by("pk").first() or fallback


def load(demo) -> None:
    district = demo.congress
    township = Congress.objects.filter(code=TOWNSHIP_CODE).first()
    zone = Congress.objects.filter(code=ZONE_CODE).first()
    if township is None or zone is None:
        return
    fallback = User.objects.order_by("pk").first()
    _township_presidium(demo, township, fallback)
    _zone_deputies_meeting(demo, district, zone, fallback)


def _attend(meeting: Meeting, deputies: list[Deputy], on_leave: set[int]) -> list[Deputy]:
    rows, present = [], []
    for deputy in deputies:
        if deputy.pk in on_leave:
            rows.append(
                Attendance(
                    meeting=meeting, deputy=deputy, status=Attendance.Status.ON_LEAVE, leave_reason="因公出差"
                )
            )
        else:
            rows.append(
                Attendance(
                    meeting=meeting,
                    deputy=deputy,
                    status=Attendance.Status.PRESENT,
                    signed_in_at=meeting.starts_at - dt.timedelta(minutes=15),
                    method=Attendance.Method.DESK,
                )
            )
            present.append(deputy)
    Attendance.objects.bulk_create(rows)
    return present


def _group(meeting, name, room, convenor, members, item_speeches, recorder) -> None:
    group = DiscussionGroup.objects.create(
        congress=meeting.congress,
        meeting=meeting,
        name=name,
        convenor=convenor,
        room=room,
        status=DiscussionGroup.Status.SUMMARISED,
    )
    GroupMembership.objects.bulk_create(
        GroupMembership(meeting=meeting, group=group, deputy=d) for d in members
    )
    Speech.objects.bulk_create(
        Speech(
            congress=meeting.congress,
            group=group,
            deputy=d,
            agenda_item=item,
            summary=text,
            recorded_by=recorder,
        )
        for d, item, text in item_speeches
    )


def _township_presidium(demo, township: Congress, fallback: User) -> None:
    rng = demo.random("township-presidium")
    term = Term.objects.filter(congress=township).order_by("-number").first()
    deputies = list(Deputy.objects.filter(congress=township).order_by("number"))
    recorder = _staff_user(township, fallback)
    session = CongressSession.objects.create(
        congress=township, term=term, number=5, starts_on=dt.date(2026, 1, 8), ends_on=dt.date(2026, 1, 9)
    )
    presidium = deputies[:7]
    session.presidium.set(presidium)
    PresidiumRole.objects.bulk_create(
        [
            PresidiumRole(session=session, deputy=presidium[0], role=PresidiumRole.Role.CHAIR),
            PresidiumRole(session=session, deputy=presidium[1], role=PresidiumRole.Role.VICE_CHAIR),
            PresidiumRole(session=session, deputy=presidium[2], role=PresidiumRole.Role.VICE_CHAIR),
        ]
    )
    day = dt.date(2026, 6, 18)
    meeting = Meeting.objects.create(
        congress=township,
        kind=Meeting.Kind.PRESIDIUM_MEETING,
        session=session,
        number=3,
        title="青禾镇第一届人民代表大会第五次会议主席团第三次会议",
        starts_at=_at(day, 9),
        location="镇政府三楼会议室",
        status=Meeting.Status.CLOSED,
        body_size=len(presidium),
        opened_at=_at(day, 9),
        closed_at=_at(day, 11),
    )
    report = AgendaItem.objects.create(
        meeting=meeting, order=1, title=SPECIAL_REPORT, kind=AgendaItem.Kind.REPORT
    )
    decision = AgendaItem.objects.create(
        meeting=meeting, order=2, title=CONVENE_DECISION, kind=AgendaItem.Kind.RESOLUTION
    )
    present = _attend(meeting, presidium, {rng.choice(presidium[3:]).pk})
    quorum = rules.PRESIDIUM_QUORUMS["two_thirds"]
    result = rules.count_vote(
        "presidium", len(presidium), len(present), len(present), 0, 0, presidium_quorum=quorum
    )
    Vote.objects.create(
        congress=township,
        meeting=meeting,
        agenda_item=decision,
        title=CONVENE_DECISION,
        secret=False,
        method=Vote.Method.PAPER,
        status=Vote.Status.CLOSED,
        body_size=len(presidium),
        present=len(present),
        opened_at=_at(day, 10),
        closed_at=_at(day, 10),
        yes=len(present),
        no=0,
        abstain=0,
        not_voted=result.not_voted,
        passed=result.passed,
    )
    # Invited deputies heard the report with the 主席团; their remarks are one group's speeches.
    invited = deputies[7:11]
    speakers = [presidium[0], invited[0], invited[2]]
    _group(
        meeting,
        "听取专项报告代表组",
        "镇政府三楼会议室",
        presidium[0],
        [*present, *invited],
        [(d, report, text) for d, text in zip(speakers, PRESIDIUM_REMARKS, strict=True)],
        recorder,
    )
    DeliberationOpinion.objects.create(
        congress=township,
        agenda_item=report,
        text=deliberation_rules.draft_text(
            ("听取专项报告代表组", d.name, text) for d, text in zip(speakers, PRESIDIUM_REMARKS, strict=True)
        ),
        updated_by=recorder,
    )
    nxt = CongressSession.objects.create(
        congress=township, term=term, number=6, starts_on=NEXT_SESSION_ON, convened_by=meeting
    )
    plenary = Meeting.objects.create(
        congress=township,
        kind=Meeting.Kind.PLENARY,
        session=nxt,
        number=1,
        title=f"{nxt}第一次全体会议",
        starts_at=_at(NEXT_SESSION_ON, 9),
        location="镇政府大会议室",
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=plenary, order=n, title=title, kind=AgendaItem.Kind.REPORT)
        for n, title in enumerate(NEXT_AGENDA, 1)
    )
    demo.summary.append(
        f"青禾镇人大主席团{len(presidium)}人（主席1人、副主席2人），闭会期间主席团会议听取专项报告并决定召集第六次会议"
    )


def _zone_deputies_meeting(demo, district: Congress, zone: Congress, fallback: User) -> None:
    rng = demo.random("zone-meeting")
    recorder = _staff_user(zone, fallback)
    area = Subdistrict.objects.create(congress=zone, name="高新区")
    station = Station.objects.create(
        congress=zone,
        name="高新区人大代表联络站",
        level=Station.Level.SUBDISTRICT,
        subdistrict=area,
        address="高新区创新大道1号",
        opened_on=dt.date(2022, 3, 1),
    )
    city = zone.parent
    city_deputies = list(Deputy.objects.filter(congress=city).order_by("number"))[-6:]
    district_deputies = list(
        Deputy.objects.filter(congress=district, status=Deputy.Status.SERVING).order_by("number")
    )[-8:]
    stationed = [*city_deputies, *district_deputies]
    StationMembership.objects.bulk_create(
        StationMembership(congress=zone, station=station, deputy=d, starts_on=dt.date(2022, 3, 1))
        for d in stationed
    )
    day = dt.date(2026, 3, 20)
    meeting = Meeting.objects.create(
        congress=zone,
        kind=Meeting.Kind.DEPUTIES_MEETING,
        number=1,
        title="高新区2026年度人大代表会议",
        starts_at=_at(day, 9),
        location="高新区管委会报告厅",
        status=Meeting.Status.CLOSED,
        body_size=len(stationed),
        opened_at=_at(day, 9),
        closed_at=_at(day, 16),
    )
    items = AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, order=n, title=title, kind=AgendaItem.Kind.REPORT, in_writing=written)
        for n, (title, written) in enumerate(ZONE_REPORTS, 1)
    )
    present = _attend(meeting, stationed, {d.pk for d in rng.sample(stationed, 2)})
    Guest.objects.bulk_create(Guest(meeting=meeting, name=name, unit=unit) for name, unit in ZONE_GUESTS)
    half = len(present) // 2
    for n, (members, room) in enumerate(((present[:half], "第一会议室"), (present[half:], "第二会议室"))):
        speeches = [
            (members[i], items[(n * 2 + i) % len(items)], ZONE_REMARKS[(n * 2 + i) % len(ZONE_REMARKS)])
            for i in range(2)
        ]
        _group(meeting, f"第{'一二'[n]}组", room, members[0], members, speeches, recorder)
    demo.summary.append(
        f"高新区人大工委年度代表会议：驻区市、区人大代表{len(stationed)}人，特邀嘉宾{len(ZONE_GUESTS)}人（不计入出席），"
        f"书面印发报告{sum(1 for _t, w in ZONE_REPORTS if w)}份，分2组讨论"
    )
